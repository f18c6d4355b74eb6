import type { Metadata } from "next";
import Link from "next/link";
import { stringify } from "yaml";
import { getActivePolicyVersion, getPolicyVersion, listPolicyVersions } from "@/db/queries/policies";
import { ActivateButton } from "@/components/policy/activate-button";
import { DiffView } from "@/components/policy/diff-view";
import { PolicyEditor } from "@/components/policy/policy-editor";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { DEFAULT_POLICY_INPUT } from "@/lib/policy";
import { activatePolicyAction, savePolicyAction } from "./actions";
import { TableHead } from "@/components/ui/table-head";

export const metadata: Metadata = { title: "Policy" };

const uuid = /^[0-9a-f-]{36}$/i;

export default async function PolicyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePage("policy:write", "/settings/policy");
  const sp = await searchParams;
  const compare = typeof sp.compare === "string" && uuid.test(sp.compare) ? sp.compare : null;
  const [active, versions] = await Promise.all([getActivePolicyVersion(ctx.db, ctx.org.id), listPolicyVersions(ctx.db, ctx.org.id)]);
  const initial = active?.yaml ?? `# The built-in default policy is in force. Declare your services, regimes and controls here.\n${stringify(DEFAULT_POLICY_INPUT)}`;

  let diff: { before: string; after: string; title: string } | null = null;
  if (compare) {
    const idx = versions.findIndex((v) => v.id === compare);
    const target = idx >= 0 ? await getPolicyVersion(ctx.db, ctx.org.id, compare) : undefined;
    const prevMeta = idx >= 0 ? versions[idx + 1] : undefined;
    const prev = prevMeta ? await getPolicyVersion(ctx.db, ctx.org.id, prevMeta.id) : undefined;
    if (target) {
      diff = prev
        ? { before: prev.yaml, after: target.yaml, title: `Changes from v${prev.number} to v${target.number}` }
        : { before: "", after: target.yaml, title: `v${target.number}: the first version` };
    }
  }

  return (
    <>
      <nav className="breadcrumbs no-print" aria-label="Breadcrumb">
        <Link href="/settings">Settings</Link> / <span aria-current="page">Policy</span>
      </nav>
      <PageHeader
        title="Policy"
        description="The system a change enters: services and tiers, compliance regimes, controls, AI rules, weights and bands. Every edit is a new version."
      />
      <section className="panel" aria-labelledby="active-h">
        <h2 id="active-h">In force</h2>
        <p data-testid="policy-active">
          {active ? (
            <>
              Version {active.number}, sha256 <span className="mono">{active.sha256.slice(0, 16)}</span>, saved {formatDateTime(active.createdAt)}.
            </>
          ) : (
            "The built-in default policy (no services or regimes declared, so criticality is unknown)."
          )}
        </p>
        <p className="muted">When a version is activated, changes are rescored under it by a background job; receipts already issued keep the version they named.</p>
      </section>
      <section className="panel">
        <PolicyEditor initial={initial} save={savePolicyAction} />
      </section>
      <section className="panel" aria-labelledby="history-h">
        <h2 id="history-h">Version history</h2>
        {versions.length === 0 ? (
          <p className="muted">No version saved yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="policy-versions">
              <TableHead columns={[{ label: "Version", className: "num" }, "Saved", "Author", "sha256", "Note", "Status", "Actions"]} />
              <tbody>
                {versions.map((v) => (
                  <tr key={v.id}>
                    <td className="num">v{v.number}</td>
                    <td>{formatDateTime(v.createdAt)}</td>
                    <td>{v.authorName ?? "system"}</td>
                    <td className="mono">{v.sha256.slice(0, 12)}</td>
                    <td>{v.note ?? ""}</td>
                    <td>{active?.id === v.id ? <strong>in force</strong> : <span className="muted">kept</span>}</td>
                    <td className="actions">
                      <Link href={`/settings/policy?compare=${v.id}#diff-h`}>Diff with previous</Link>
                      {active?.id !== v.id ? <ActivateButton versionId={v.id} number={v.number} activate={activatePolicyAction} /> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {diff ? <DiffView before={diff.before} after={diff.after} title={diff.title} /> : null}
    </>
  );
}
