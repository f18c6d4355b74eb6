import type { Metadata } from "next";
import Link from "next/link";
import { getGithubConnection, listRepositories } from "@/db/queries/github";
import { getOrganisation } from "@/db/queries/organisations";
import { listSyncRuns } from "@/db/queries/sync-runs";
import { summarizeGateStatuses } from "@/db/queries/gate";
import { GateToggles } from "@/components/settings/gate-toggles";
import { GitHubConnectForm } from "@/components/settings/github-connect-form";
import { RepositoryPicker } from "@/components/settings/repository-picker";
import { SyncProgress } from "@/components/settings/sync-progress";
import { QueryProvider } from "@/components/ui/query-provider";
import { WebhookSecret } from "@/components/settings/webhook-secret";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { getActivePolicy } from "@/lib/services/policies";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ctx = await requirePage("settings:read", "/settings");
  const env = getEnv();
  const [connection, repositories, runs, policy, org] = await Promise.all([
    getGithubConnection(ctx.db, ctx.org.id),
    listRepositories(ctx.db, ctx.org.id),
    listSyncRuns(ctx.db, ctx.org.id, 10),
    getActivePolicy(ctx.db, ctx.org.id),
    getOrganisation(ctx.db, ctx.org.id),
  ]);
  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
  return (
    <>
      <PageHeader title="Settings" description={`Connection, repositories, policy and members of ${ctx.org.name}.`} />
      <section className="panel" aria-labelledby="github-h">
        <h2 id="github-h">GitHub</h2>
        {connection ? (
          <p data-testid="github-connection">
            Connected as <strong>{connection.login}</strong> at <code>{connection.apiUrl}</code>
            {connection.scopes.length ? <> with scopes {connection.scopes.join(", ")}</> : null}; checked{" "}
            {connection.checkedAt.toISOString().slice(0, 16).replace("T", " ")} UTC. The token is stored encrypted and is
            never shown again.
          </p>
        ) : (
          <p className="muted">Not connected. Risk Ledger reads pull requests with a token; nothing is written to GitHub.</p>
        )}
        {can(ctx.roles, "tokens:write") ? <GitHubConnectForm defaultApiUrl={connection?.apiUrl ?? env.GITHUB_API_URL} connected={Boolean(connection)} /> : null}
      </section>
      {connection ? (
        <section className="panel" aria-label="Repositories and sync">
          {repositories.length === 0 ? (
            <p className="muted">The token reaches no repository. Grant it access to the repositories to score, then check it again.</p>
          ) : (
            <RepositoryPicker
              canSync={can(ctx.roles, "sync:run")}
              repositories={repositories.map((r) => ({
                fullName: r.fullName,
                selected: r.selected,
                lastSyncedAt: r.lastSyncedAt?.toISOString() ?? null,
              }))}
            />
          )}
          <div style={{ marginTop: 16 }}>
            <QueryProvider>
              <SyncProgress initial={JSON.parse(JSON.stringify(runs.map(({ orgId: _o, requestedBy: _r, ...run }) => run)))} />
            </QueryProvider>
          </div>
        </section>
      ) : null}
      {connection && can(ctx.roles, "tokens:write") ? (
        <section className="panel" aria-label="Webhook">
          <WebhookSecret hasSecret={Boolean(org?.webhookSecretSealed)} endpoint={`${appUrl}/api/webhooks/github`} />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="policy-h">
        <h2 id="policy-h">Policy</h2>
        <p className="muted">
          {policy.number === null
            ? "The built-in default policy is in force until an admin saves the organisation's own."
            : `Version ${policy.number} is in force (sha256 ${policy.version.slice(0, 12)}…).`}
        </p>
        {can(ctx.roles, "policy:write") ? (
          <Link className="btn" href="/settings/policy">
            Edit the policy
          </Link>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="closing-h">
        <h2 id="closing-h">Calibration and merge gate</h2>
        <p className="muted">How well the score predicted the changes that later failed, with calibrated weights to adopt.</p>
        <Link className="btn" href="/settings/calibration">
          Open the calibration report
        </Link>
        {connection && repositories.length ? (
          <div style={{ marginTop: 16 }}>
            <GateToggles
              canWrite={can(ctx.roles, "tokens:write")}
              gateBand={policy.compiled.controls.gateBand}
              repositories={await gateRepositories(ctx.db, ctx.org.id, repositories)}
            />
          </div>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="members-h">
        <h2 id="members-h">Members and roles</h2>
        <Link className="btn" href="/settings/members">
          Manage members
        </Link>
      </section>
    </>
  );
}

async function gateRepositories(db: Parameters<typeof summarizeGateStatuses>[0], orgId: string, repositories: Awaited<ReturnType<typeof listRepositories>>) {
  const summary = new Map((await summarizeGateStatuses(db, orgId)).map((r) => [r.repositoryId, r]));
  return repositories
    .filter((r) => r.selected || r.gateEnabled)
    .map((r) => ({
      id: r.id,
      fullName: r.fullName,
      enabled: r.gateEnabled,
      posted: summary.get(r.id)?.posted ?? 0,
      failing: summary.get(r.id)?.failing ?? 0,
      lastError: summary.get(r.id)?.lastError ?? null,
    }));
}
