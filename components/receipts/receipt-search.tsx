import Link from "next/link";
import { BandBadge } from "@/components/ui/band-badge";
import { formatDateTime } from "@/components/ui/format";
import { receiptHref } from "@/components/ledger/receipt-link";
import type { searchReceipts } from "@/db/queries/receipts";
import type { ReceiptQuery } from "./params";
import { TableHead } from "@/components/ui/table-head";

type Row = Awaited<ReturnType<typeof searchReceipts>>[number];

/** Find a receipt: one box for a PR number, PR URL or merge sha, and filters by repository, reviewer and merge date. */
export function ReceiptSearchForm({ query, repos }: { query: ReceiptQuery; repos: string[] }) {
  return (
    <form className="panel no-print" method="get" action="/receipts" role="search" aria-label="Find receipts">
      <div className="filter-grid">
        <div className="field" style={{ gridColumn: "span 2" }}>
          <label htmlFor="rq">Pull request or merge commit</label>
          <input id="rq" name="q" defaultValue={query.q} placeholder="#123, owner/repo#123, a PR URL or a merge sha" aria-describedby="rq-hint" />
          <span id="rq-hint" className="hint">A number, a pull request URL, or 7–40 characters of the merge commit sha.</span>
        </div>
        <div className="field">
          <label htmlFor="rrepo">Repository</label>
          <select id="rrepo" name="repo" defaultValue={query.repo}>
            <option value="">All repositories</option>
            {repos.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rreviewer">Approved by</label>
          <input id="rreviewer" name="reviewer" defaultValue={query.reviewer} placeholder="GitHub login" />
        </div>
        <div className="field">
          <label htmlFor="rfrom">Merged from</label>
          <input id="rfrom" name="from" type="date" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="rto">Merged to</label>
          <input id="rto" name="to" type="date" defaultValue={query.to} />
        </div>
      </div>
      <div className="form-row">
        <button type="submit" className="btn btn-primary">Find receipts</button>
        <Link href="/receipts" className="btn">Clear</Link>
      </div>
    </form>
  );
}

export function ReceiptResults({ rows }: { rows: Row[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="receipt-results">
        <caption className="visually-hidden">Receipts, newest first</caption>
        <TableHead columns={[{ label: "Receipt", className: "num" }, "Change", "Merge commit", "Merged (UTC)", "Approved by", "Score", "Kind"]} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="num">
                <Link href={receiptHref(r.id)} aria-label={`Receipt #${r.sequence} for ${r.repo}${r.number ? `#${r.number}` : ""}`}>
                  #{r.sequence}
                </Link>
              </td>
              <td>
                <span className="mono">{r.repo}{r.number !== null ? `#${r.number}` : ""}</span> {r.title}
              </td>
              <td className="mono">{r.mergeSha?.slice(0, 12) ?? "—"}</td>
              <td className="nowrap">{formatDateTime(r.mergedAt)}</td>
              <td>{r.approvers.length ? r.approvers.join(", ") : <span className="tone-bad">none</span>}</td>
              <td><BandBadge band={r.band} risk={r.risk} /></td>
              <td>{r.kind === "merge" ? "Merge" : "Amendment"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
