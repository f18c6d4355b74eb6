"use client";

import { useQuery } from "@tanstack/react-query";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo } from "react";
import type { LedgerPage, LedgerRow } from "@/db/queries/ledger";
import { AiBadge } from "@/components/ui/ai-badge";
import { BandBadge } from "@/components/ui/band-badge";
import { formatDateTime } from "@/components/ui/format";
import { controlLabel } from "./controls";
import { ledgerQueryString, type LedgerParams, type LedgerSort } from "./params";
import { receiptHref } from "./receipt-link";

const column = createColumnHelper<LedgerRow>();

/** Which URL sort a header stands for, and the one a click asks for. */
const SORTABLE: Record<string, { desc: LedgerSort; asc: LedgerSort }> = {
  time: { desc: "merged_desc", asc: "merged_asc" },
  risk: { desc: "risk_desc", asc: "risk_asc" },
};

/**
 * The ledger table: rows come from the server (first paint) and are refreshed in the background through the
 * JSON route with the same query, so a finished sync shows up without a reload. Sorting and paging are links:
 * the URL holds the whole view.
 */
export function LedgerTable({ initial, params, showReceipts }: { initial: LedgerPage; params: LedgerParams; showReceipts: boolean }) {
  const qs = ledgerQueryString(params);
  const { data, isFetching, isError } = useQuery({
    queryKey: ["ledger", qs],
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/ledger?${qs}`, { signal, headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`ledger refresh failed: ${res.status}`);
      return (await res.json()) as LedgerPage;
    },
    initialData: initial,
    refetchInterval: 60_000,
  });
  const open = params.tab === "open";

  const columns = useMemo(
    () => [
      column.accessor((r) => (open ? r.createdAt : r.mergedAt), {
        id: "time",
        header: open ? "Opened" : "Merged",
        cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span>,
      }),
      column.accessor("repo", { header: "Repository", cell: (c) => <span className="mono">{c.getValue()}</span> }),
      column.accessor("title", {
        header: "Pull request",
        cell: (c) => (
          <Link href={`/ledger/${c.row.original.id}`} className="pr-link">
            {c.row.original.number !== null ? <span className="num">#{c.row.original.number} </span> : null}
            {c.getValue()}
          </Link>
        ),
      }),
      column.accessor("authorLogin", {
        header: "Author",
        cell: (c) => (
          <span className="nowrap">
            {c.getValue()} {c.row.original.aiOrigin ? <AiBadge /> : null}
          </span>
        ),
      }),
      column.accessor("services", {
        header: "Services",
        cell: (c) => (c.getValue().length ? c.getValue().join(", ") : <span className="muted">—</span>),
      }),
      column.accessor("risk", {
        header: "Risk",
        cell: (c) => <BandBadge band={c.row.original.band} risk={c.getValue()} />,
      }),
      column.accessor("topReason", { header: "Top reason", cell: (c) => c.getValue() ?? <span className="muted">—</span> }),
      column.accessor("failedControls", {
        header: "Policy",
        cell: (c) => {
          const failed = c.getValue();
          if (!failed.length) return <span className="status-ok">✓ met</span>;
          return (
            <span className="status-fail" title={failed.map(controlLabel).join(", ")}>
              ✗ {failed.length} failed
              <span className="visually-hidden">: {failed.map(controlLabel).join(", ")}</span>
            </span>
          );
        },
      }),
      ...(showReceipts
        ? [
            column.accessor("receiptId", {
              header: "Receipt",
              cell: (c) => {
                const id = c.getValue();
                return id ? <Link href={receiptHref(id)}>Receipt</Link> : null;
              },
            }),
          ]
        : []),
    ],
    [open, showReceipts],
  );

  // TanStack Table returns fresh functions each render, which the React Compiler cannot memoize; it skips this hook.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data: data.rows, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true, manualPagination: true });
  const sortHref = (id: string) => {
    const s = SORTABLE[id]!;
    return `?${ledgerQueryString({ ...params, sort: params.sort === s.desc ? s.asc : s.desc, after: undefined, before: undefined })}`;
  };
  const ariaSort = (id: string): "ascending" | "descending" | "none" => {
    const s = SORTABLE[id];
    if (!s) return "none";
    return params.sort === s.desc ? "descending" : params.sort === s.asc ? "ascending" : "none";
  };

  return (
    <div>
      <div className="table-wrap" role="region" aria-label={open ? "Open pull requests" : "Merged changes"} tabIndex={0}>
        <table className="table ledger-table" data-testid="ledger-table">
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => (
                  <th key={h.id} scope="col" aria-sort={SORTABLE[h.id] ? ariaSort(h.id) : undefined} className={`col-${h.id}`}>
                    {SORTABLE[h.id] ? (
                      <Link href={sortHref(h.id)} className="sort-link">
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        <span aria-hidden="true">{ariaSort(h.id) === "descending" ? " ↓" : ariaSort(h.id) === "ascending" ? " ↑" : " ↕"}</span>
                        <span className="visually-hidden">, sort</span>
                      </Link>
                    ) : (
                      flexRender(h.column.columnDef.header, h.getContext())
                    )}
                  </th>
                ))}
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
        {data.previous ? (
          <>
            <Link className="btn" href={`?${ledgerQueryString({ ...params, after: undefined, before: undefined })}`}>
              First page
            </Link>
            <Link className="btn" href={`?${ledgerQueryString({ ...params, after: undefined, before: data.previous })}`} rel="prev">
              ← Previous
            </Link>
          </>
        ) : null}
        {data.next ? (
          <Link className="btn" href={`?${ledgerQueryString({ ...params, before: undefined, after: data.next })}`} rel="next">
            Next →
          </Link>
        ) : null}
        <span className="muted" aria-live="polite">
          {isError ? "Could not refresh; showing the last rows loaded." : isFetching ? "Refreshing…" : null}
        </span>
      </nav>
    </div>
  );
}
