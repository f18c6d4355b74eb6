import type { Metadata } from "next";
import Link from "next/link";
import { listAttestableChanges } from "@/db/queries/attestations";
import { AttestPanel } from "@/components/receipts/attest-panel";
import { ChangeReceipts } from "@/components/receipts/change-receipts";
import { BandBadge } from "@/components/ui/band-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { getEligibility } from "@/lib/services/attest";
import { loadChangeReceiptHistory } from "@/lib/services/receipt-view";
import { TableHead } from "@/components/ui/table-head";

export const metadata: Metadata = { title: "Attest" };

/** High-risk changes the signed-in engineer owns or reviewed, and the attest action for the one selected. */
export default async function AttestPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePage("change:attest", "/receipts/attest");
  const raw = (await searchParams).change;
  const selected = typeof raw === "string" && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  const login = ctx.user.githubLogin;
  const candidates = login ? await listAttestableChanges(ctx.db, ctx.org.id, login, 100) : [];
  const user = { id: ctx.user.id, name: ctx.user.name, githubLogin: login };
  const eligibility = selected === null ? null : await getEligibility(ctx.db, ctx.org.id, selected, user);
  const history = eligibility?.subject ? await loadChangeReceiptHistory(ctx.db, ctx.org.id, selected!) : [];
  const s = eligibility?.subject ?? null;

  return (
    <>
      <PageHeader
        title="Attest high-risk changes"
        description="Accept the risk of a high or critical change you own (CODEOWNERS) or reviewed. The attestation is named, timed and signed into the change's receipt."
      />
      {selected !== null ? (
        <section className="panel" aria-labelledby="sel-h" data-testid="attest-change">
          {s ? (
            <>
              <h2 id="sel-h">
                {s.repo}{s.number !== null ? `#${s.number}` : ""} — {s.title}
              </h2>
              <p>
                <BandBadge band={s.band} risk={s.risk} /> {s.topReason ?? ""} ·{" "}
                {can(ctx.roles, "ledger:read") ? <Link href={`/ledger/${s.id}`}>Open the change</Link> : null}
              </p>
              <AttestPanel eligibility={eligibility!} />
              <h3>Receipts</h3>
              <ChangeReceipts history={history} canRead={can(ctx.roles, "receipts:read")} />
            </>
          ) : (
            <p className="notice notice-error" role="status">This change does not exist in your organisation.</p>
          )}
        </section>
      ) : null}
      {!login ? (
        <EmptyState title="Your account has no GitHub login">
          <p>Attesting needs your GitHub login, to match you to CODEOWNERS and reviews. Sign in with GitHub once to link it.</p>
        </EmptyState>
      ) : candidates.length === 0 ? (
        <EmptyState title="Nothing to attest">
          <p>No high or critical change names @{login} as a code owner of its paths or as a reviewer.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="attestable-changes">
            <caption className="visually-hidden">High-risk changes you may attest</caption>
            <TableHead columns={["Change", "State", "Merged (UTC)", "Score", "Top reason", "Attested"]} />
            <tbody>
              {candidates.map((c) => (
                <tr key={c.id} aria-current={c.id === selected ? "true" : undefined}>
                  <td>
                    <Link href={`/receipts/attest?change=${c.id}`}>
                      <span className="mono">{c.repo}{c.number !== null ? `#${c.number}` : ""}</span> {c.title}
                    </Link>
                  </td>
                  <td>{c.state}</td>
                  <td className="nowrap">{formatDateTime(c.mergedAt)}</td>
                  <td><BandBadge band={c.band} risk={c.risk} /></td>
                  <td>{c.topReason ?? "—"}</td>
                  <td>{c.attested ? "✓ yes" : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
