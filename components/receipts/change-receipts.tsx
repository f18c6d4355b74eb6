import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { receiptHref } from "@/components/ledger/receipt-link";
import type { ReceiptView } from "@/lib/services/receipt-view";
import { TableHead } from "@/components/ui/table-head";

/** The receipts of one change — the merge receipt and its amendments — newest last, each with why it was issued. */
export function ChangeReceipts({ history, currentId, canRead }: { history: ReceiptView["history"]; currentId?: number; canRead: boolean }) {
  if (!history.length) return <p className="muted">No receipt has been issued for this change yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="change-receipts">
        <TableHead columns={[{ label: "Receipt", className: "num" }, "Kind", "Issued", "Why"]} />
        <tbody>
          {history.map((r) => (
            <tr key={r.id} aria-current={r.id === currentId ? "true" : undefined}>
              <td className="num">{canRead && r.id !== currentId ? <Link href={receiptHref(r.id)}>#{r.sequence}</Link> : `#${r.sequence}`}</td>
              <td>{r.kind === "merge" ? "Merge" : "Amendment"}</td>
              <td className="nowrap">{formatDateTime(r.issuedAt)}</td>
              <td>{r.reason ?? "Merge observed"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
