"use client";

import { useEffect, useState, type ReactNode } from "react";
import type { LedgerPage } from "@/db/queries/ledger";
import type { LedgerParams } from "./params";
import { LEDGER_REFRESH_MS, LOAD_REFRESHER_AFTER_MS } from "./refresh-timing";

type RefreshModule = typeof import("./ledger-refresh");

/**
 * Keeps the server-rendered ledger table (children) current. The refresher (TanStack Query, polling the JSON
 * route) and the table's client code are fetched half a minute after the page is interactive, so they stay out of
 * the first load; until a refresh brings rows, the server's table stays in place untouched.
 */
export function LedgerLive({ params, children }: { params: LedgerParams; children: ReactNode }) {
  const [mod, setMod] = useState<RefreshModule | null>(null);
  const [fresh, setFresh] = useState<LedgerPage | null>(null);
  useEffect(() => {
    let mounted = true;
    const timer = setTimeout(() => {
      import("./ledger-refresh").then(
        (m) => mounted && setMod(m),
        // Without the refresher the page is still complete; it just does not update itself.
        () => {},
      );
    }, LOAD_REFRESHER_AFTER_MS);
    return () => {
      mounted = false;
      clearTimeout(timer);
    };
  }, []);
  return (
    <>
      {mod && fresh ? <mod.LedgerTable page={fresh} params={params} /> : children}
      {mod ? <mod.LedgerRefresh params={params} onRows={setFresh} firstPollInMs={LEDGER_REFRESH_MS - LOAD_REFRESHER_AFTER_MS} /> : null}
    </>
  );
}
