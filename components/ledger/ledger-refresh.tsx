"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { LedgerPage } from "@/db/queries/ledger";
import { QueryProvider } from "@/components/ui/query-provider";
import { ledgerQueryString, type LedgerParams } from "./params";
import { LEDGER_REFRESH_MS } from "./refresh-timing";

export { LedgerTable } from "./ledger-table";

interface RefreshProps {
  params: LedgerParams;
  onRows: (page: LedgerPage) => void;
  /** When the first poll is due: the rest of an interval that began when the server rendered these rows. */
  firstPollInMs: number;
}

/**
 * Polls the JSON route with the page's own query, so a finished sync shows up without a reload. Loaded lazily by
 * ledger-live.tsx.
 */
export function LedgerRefresh(props: RefreshProps) {
  return (
    <QueryProvider>
      <Poller {...props} />
    </QueryProvider>
  );
}

function Poller({ params, onRows, firstPollInMs }: RefreshProps) {
  const qs = ledgerQueryString(params);
  const [due, setDue] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setDue(true), firstPollInMs);
    return () => clearTimeout(timer);
  }, [firstPollInMs]);
  const { data, isFetching, isError } = useQuery({
    queryKey: ["ledger", qs],
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/ledger?${qs}`, { signal, headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`ledger refresh failed: ${res.status}`);
      return (await res.json()) as LedgerPage;
    },
    enabled: due,
    refetchInterval: LEDGER_REFRESH_MS,
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
