"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { LedgerPage } from "@/db/queries/ledger";
import { QueryProvider } from "@/components/ui/query-provider";
import { ledgerQueryString, type LedgerParams } from "./params";

export { LedgerTable } from "./ledger-table";

const REFRESH_MS = 60_000;

/**
 * Polls the JSON route with the page's own query, so a finished sync shows up without a reload. Loaded lazily by
 * ledger-live.tsx. The first fetch waits one interval: the server has just rendered these rows.
 */
export function LedgerRefresh(props: { params: LedgerParams; onRows: (page: LedgerPage) => void }) {
  return (
    <QueryProvider>
      <Poller {...props} />
    </QueryProvider>
  );
}

function Poller({ params, onRows }: { params: LedgerParams; onRows: (page: LedgerPage) => void }) {
  const qs = ledgerQueryString(params);
  const [due, setDue] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setDue(true), REFRESH_MS);
    return () => clearTimeout(timer);
  }, []);
  const { data, isFetching, isError } = useQuery({
    queryKey: ["ledger", qs],
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/ledger?${qs}`, { signal, headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`ledger refresh failed: ${res.status}`);
      return (await res.json()) as LedgerPage;
    },
    enabled: due,
    refetchInterval: REFRESH_MS,
  });
  useEffect(() => {
    if (data) onRows(data);
  }, [data, onRows]);
  return (
    <p className="muted" aria-live="polite">
      {isError ? "Could not refresh; showing the last rows loaded." : isFetching ? "Refreshing…" : null}
    </p>
  );
}
