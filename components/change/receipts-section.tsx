import Link from "next/link";
import type { ReactNode } from "react";
import { receiptHref } from "@/components/ledger/receipt-link";
import { BandBadge } from "@/components/ui/band-badge";
import { formatDateTime } from "@/components/ui/format";
import type { ChangeDetail } from "@/db/queries/change-detail";
import { TableHead } from "@/components/ui/table-head";

/**
 * Receipts issued for this change and attestations recorded on it. Issuing and attesting belong to the receipts
 * area; this section shows what exists and keeps the place where the attest action goes.
 */
export function ReceiptsSection({
  detail,
  canReadReceipts,
  attest,
}: {
  detail: ChangeDetail;
  canReadReceipts: boolean;
  /** The attest action, for a viewer who may attest. */
  attest?: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby="receipts-h" id="receipts">
      <h2 id="receipts-h">Receipts and attestations</h2>
      {detail.receipts.length === 0 ? (
        <p className="muted">
          {detail.change.state === "merged" ? "No receipt has been issued for this merge yet." : "A receipt is issued when the pull request is merged."}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="receipts-table">
            <TableHead columns={[{ label: "Sequence", className: "num" }, "Kind", "Issued", "Attested score", "Approvers", "Hash"]} />
            <tbody>
              {detail.receipts.map((r) => (
                <tr key={r.id}>
                  <td className="num">{canReadReceipts ? <Link href={receiptHref(r.id)}>#{r.sequence}</Link> : `#${r.sequence}`}</td>
                  <td>{r.kind}</td>
                  <td>{formatDateTime(r.issuedAt)}</td>
                  <td>
                    <BandBadge band={r.band} risk={r.risk} />
                  </td>
                  <td>{r.approvers.join(", ") || "—"}</td>
                  <td className="mono">{r.hash.slice(0, 16)}…</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail.attestations.length ? (
        <ul className="attestations">
          {detail.attestations.map((a) => (
            <li key={a.id}>
              <strong>{a.name}</strong>
              {a.login ? ` (${a.login})` : ""} accepted risk {a.risk} ({a.band}) on {formatDateTime(a.createdAt)}: “{a.rationale}”
            </li>
          ))}
        </ul>
      ) : null}
      <div id="attest">{attest}</div>
    </section>
  );
}
