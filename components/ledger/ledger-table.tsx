import Link from "next/link";
import type { ReactNode } from "react";
import type { LedgerPage, LedgerRow } from "@/db/queries/ledger";
import { AiBadge } from "@/components/ui/ai-badge";
import { BandBadge } from "@/components/ui/band-badge";
import { formatDateTime } from "@/components/ui/format";
import { policyCheckTitle } from "@/lib/scoring/check-ids";
import { ledgerQueryString, type LedgerParams, type LedgerSort } from "./params";
import { receiptHref } from "./receipt-link";

interface LedgerColumn {
  id: string;
  header: string;
  cell: (row: LedgerRow) => ReactNode;
}

/** Which URL sort a header stands for, and the one a click asks for. */
const SORTABLE: Record<string, { desc: LedgerSort; asc: LedgerSort }> = {
  time: { desc: "merged_desc", asc: "merged_asc" },
  risk: { desc: "risk_desc", asc: "risk_asc" },
};

const dash = <span className="muted">—</span>;

function columnsOf(open: boolean, showReceipts: boolean): LedgerColumn[] {
  const columns: LedgerColumn[] = [
    {
      id: "time",
      header: open ? "Opened" : "Merged",
      cell: (r) => <span className="nowrap">{formatDateTime(open ? r.createdAt : r.mergedAt)}</span>,
    },
    { id: "repo", header: "Repository", cell: (r) => <span className="mono">{r.repo}</span> },
    {
      id: "title",
      header: "Pull request",
      cell: (r) => (
        <Link href={`/ledger/${r.id}`} className="pr-link">
          {r.number !== null ? <span className="num">#{r.number} </span> : null}
          {r.title}
        </Link>
      ),
    },
    {
      id: "authorLogin",
      header: "Author",
      cell: (r) => (
        <span className="nowrap">
          {r.authorLogin} {r.aiOrigin ? <AiBadge /> : null}
        </span>
      ),
    },
    { id: "services", header: "Services", cell: (r) => (r.services.length ? r.services.join(", ") : dash) },
    { id: "risk", header: "Risk", cell: (r) => <BandBadge band={r.band} risk={r.risk} /> },
    { id: "topReason", header: "Top reason", cell: (r) => r.topReason ?? dash },
    {
      id: "failedControls",
      header: "Policy",
      cell: (r) => {
        if (!r.failedControls.length) return <span className="status-ok">✓ met</span>;
        const names = r.failedControls.map(policyCheckTitle).join(", ");
        return (
          <span className="status-fail" title={names}>
            ✗ {r.failedControls.length} failed
            <span className="visually-hidden">: {names}</span>
          </span>
        );
      },
    },
  ];
  if (showReceipts) {
    columns.push({ id: "receiptId", header: "Receipt", cell: (r) => (r.receiptId ? <Link href={receiptHref(r.receiptId)}>Receipt</Link> : null) });
  }
  return columns;
}

/**
 * One page of the ledger. Plain markup with no hooks, so the server renders it for the first paint and the
 * background refresh (ledger-refresh.tsx) renders the same component with newer rows. Sorting and paging are
 * links: the URL holds the whole view.
 */
export function LedgerTable({ page, params }: { page: LedgerPage; params: LedgerParams }) {
  const open = params.tab === "open";
  const columns = columnsOf(open, page.rows.some((r) => r.receiptId !== null));
  const view = (p: Partial<LedgerParams>) => `?${ledgerQueryString({ ...params, after: undefined, before: undefined, ...p })}`;
  const ariaSort = (id: string): "ascending" | "descending" | "none" => {
    const s = SORTABLE[id]!;
    return params.sort === s.desc ? "descending" : params.sort === s.asc ? "ascending" : "none";
  };

  return (
    <>
      <div className="table-wrap" role="region" aria-label={open ? "Open pull requests" : "Merged changes"} tabIndex={0}>
        <table className="table ledger-table" data-testid="ledger-table">
          <thead>
            <tr>
              {columns.map((c) => {
                const sort = SORTABLE[c.id];
                if (!sort) {
                  return (
                    <th key={c.id} scope="col" className={`col-${c.id}`}>
                      {c.header}
                    </th>
                  );
                }
                const current = ariaSort(c.id);
                return (
                  <th key={c.id} scope="col" aria-sort={current} className={`col-${c.id}`}>
                    <Link href={view({ sort: params.sort === sort.desc ? sort.asc : sort.desc })} className="sort-link">
                      {c.header}
                      <span aria-hidden="true">{current === "descending" ? " ↓" : current === "ascending" ? " ↑" : " ↕"}</span>
                      <span className="visually-hidden">, sort</span>
                    </Link>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr key={row.id} data-band={row.band ?? undefined}>
                {columns.map((c) => (
                  <td key={c.id} className={`col-${c.id}`}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        {page.previous ? (
          <>
            <Link className="btn" href={view({})}>
              First page
            </Link>
            <Link className="btn" href={view({ before: page.previous })} rel="prev">
              ← Previous
            </Link>
          </>
        ) : null}
        {page.next ? (
          <Link className="btn" href={view({ after: page.next })} rel="next">
            Next →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
