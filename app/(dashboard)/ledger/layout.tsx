import type { ReactNode } from "react";
import { requirePage } from "@/lib/auth/guard";

/**
 * The capability is checked here as well as in each page: a layout renders before any loading boundary starts
 * streaming, so a refusal still answers 403 (the ledger list renders inside a Suspense boundary, where a refusal
 * would answer 200 with the message).
 */
export default async function LedgerLayout({ children }: { children: ReactNode }) {
  await requirePage("ledger:read", "/ledger");
  return children;
}
