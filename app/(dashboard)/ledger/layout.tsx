import type { ReactNode } from "react";
import { requirePage } from "@/lib/auth/guard";

/**
 * The capability is checked here as well as in each page: a layout renders before the segment's loading boundary
 * starts streaming, so a refusal still answers 403 (a page under loading.tsx would answer 200 with the message).
 */
export default async function LedgerLayout({ children }: { children: ReactNode }) {
  await requirePage("ledger:read", "/ledger");
  return children;
}
