import type { ReactNode } from "react";
import { requirePage } from "@/lib/auth/guard";

/** Checked before the loading boundary streams, so a refusal answers 403 (see ledger/layout.tsx). */
export default async function ReviewLayout({ children }: { children: ReactNode }) {
  await requirePage("review:read", "/review");
  return children;
}
