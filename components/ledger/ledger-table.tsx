import Link from "next/link";
import { createColumnHelper, createTable, flexRender, getCoreRowModel, type ColumnDef } from "@tanstack/react-table";
import type { LedgerPage, LedgerRow } from "@/db/queries/ledger";
import { AiBadge } from "@/components/ui/ai-badge";
import { BandBadge } from "@/components/ui/band-badge";
import { formatDateTime } from "@/components/ui/format";
import { policyCheckTitle } from "@/lib/scoring/check-ids";
import { ledgerQueryString, type LedgerParams, type LedgerSort } from "./params";
import { receiptHref } from "./receipt-link";

/** Which URL sort a header stands for, and the one a click asks for. */
const SORTABLE: Record<string, { desc: LedgerSort; asc: LedgerSort }> = {
  time: { desc: "merged_desc", asc: "merged_asc" },
  risk: { desc: "risk_desc", asc: "risk_asc" },
};

const dash = <span className="muted">—</span>;
const column = createColumnHelper<LedgerRow>();

/**
 * The first service and how many more: the list leads with the most critical service the change touches directly,
 * and a change across many services would otherwise stretch its row. The whole list is in the tooltip and is what
 * screen readers hear.
 */
function servicesCell(services: string[]) {
  if (!services.length) return dash;
  if (services.length === 1) return <span className="nowrap">{services[0]}</span>;
  const all = services.join(", ");
  return (
    <span title={all}>
      <span aria-hidden="true">
        <span className="nowrap">{services[0]}</span> <span className="muted nowrap">+{services.length - 1}</span>
      </span>
      <span className="visually-hidden">{all}</span>
    </span>
  );
}

function columnsOf(open: boolean): ColumnDef<LedgerRow, unknown>[] {
  const columns = [
    column.display({
      id: "time",
      header: open ? "Opened" : "Merged",
      cell: ({ row: { original: r } }) => {
        // Day and time on two lines when the table is short of room; never broken inside either.
        const [day, ...time] = formatDateTime(open ? r.createdAt : r.mergedAt).split(" ");
        return (
          <>
            <span className="nowrap">{day}</span> <span className="nowrap">{time.join(" ")}</span>
          </>
        );
      },
    }),
    column.accessor("repo", { header: "Repository", cell: (c) => <RepoName fullName={c.getValue()} /> }),
    column.display({
      id: "title",
      header: "Pull request",
      cell: ({ row: { original: r } }) => (
        <Link href={`/ledger/${r.id}`} className="pr-link">
          {r.number !== null ? <span className="num">#{r.number} </span> : null}
          {r.title}
        </Link>
      ),
    }),
    column.display({
      id: "authorLogin",
      header: "Author",
      cell: ({ row: { original: r } }) => (
        <>
          {r.authorLogin} {r.aiOrigin ? <AiBadge /> : null}
        </>
      ),
    }),
    column.accessor("services", { header: "Services", cell: (c) => servicesCell(c.getValue()) }),
    column.display({ id: "risk", header: "Risk", cell: ({ row: { original: r } }) => <BandBadge band={r.band} risk={r.risk} /> }),
    column.accessor("topReason", { header: "Top reason", cell: (c) => c.getValue() ?? dash }),
    column.accessor("failedControls", {
      header: "Policy",
      cell: (c) => {
        const failed = c.getValue();
        if (!failed.length) return <span className="status-ok">✓ met</span>;
        const names = failed.map(policyCheckTitle).join(", ");
        return (
          <span className="status-fail" title={names}>
            ✗ {failed.length} failed
            <span className="visually-hidden">: {names}</span>
          </span>
        );
      },
    }),
    column.accessor("receiptId", { header: "Receipt", cell: (c) => (c.getValue() ? <Link href={receiptHref(c.getValue()!)}>Receipt</Link> : null) }),
  ];
  return columns as ColumnDef<LedgerRow, unknown>[];
}

/**
 * TanStack Table's headless model without its React hook: the table is rendered once per request (and once per
 * background refresh), with sorting and paging done by the database, so there is no client state to hold.
 */
function ledgerTableModel(rows: LedgerRow[], open: boolean, sort: LedgerSort) {
  const [id, direction] = sort.startsWith("risk") ? ["risk", sort.endsWith("desc")] : ["time", sort.endsWith("desc")];
  return createTable<LedgerRow>({
    data: rows,
    columns: columnsOf(open),
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => String(r.id),
    manualSorting: true,
    manualPagination: true,
    state: {
      sorting: [{ id: id as string, desc: direction as boolean }],
      columnVisibility: { receiptId: rows.some((r) => r.receiptId !== null) },
      columnPinning: {},
    },
    onStateChange: () => {},
    renderFallbackValue: null,
  });
}

/**
 * One page of the ledger. Plain markup with no hooks, so the server renders it for the first paint and the
 * background refresh (ledger-refresh.tsx) renders the same component with newer rows. Sorting and paging are
 * links: the URL holds the whole view.
 */
export function LedgerTable({ page, params }: { page: LedgerPage; params: LedgerParams }) {
  const open = params.tab === "open";
  const table = ledgerTableModel(page.rows, open, params.sort);
  const view = (p: Partial<LedgerParams>) => `?${ledgerQueryString({ ...params, after: undefined, before: undefined, ...p })}`;

  return (
    <>
      <div className="table-wrap" role="region" aria-label={open ? "Open pull requests" : "Merged changes"} tabIndex={0}>
        <table className="table ledger-table" data-testid="ledger-table">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const id = header.column.id;
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  const sort = SORTABLE[id];
                  if (!sort) {
                    return (
                      <th key={header.id} scope="col" className={`col-${id}`}>
                        {label}
                      </th>
                    );
                  }
                  const sorted = header.column.getIsSorted();
                  return (
                    <th key={header.id} scope="col" aria-sort={sorted === "desc" ? "descending" : sorted === "asc" ? "ascending" : "none"} className={`col-${id}`}>
                      <Link href={view({ sort: params.sort === sort.desc ? sort.asc : sort.desc })} className="sort-link">
                        {label}
                        <span aria-hidden="true">{sorted === "desc" ? " ↓" : sorted === "asc" ? " ↑" : " ↕"}</span>
                        <span className="visually-hidden">, sort</span>
                      </Link>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-band={row.original.band ?? undefined}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
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

/** owner/name, allowed to wrap after the slash rather than inside a word. */
function RepoName({ fullName }: { fullName: string }) {
  const slash = fullName.indexOf("/");
  if (slash < 0) return <span className="mono">{fullName}</span>;
  return (
    <span className="mono">
      {fullName.slice(0, slash + 1)}
      <wbr />
      {fullName.slice(slash + 1)}
    </span>
  );
}
