import { and, count, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { changes, receipts, repositories } from "../schema";

/** Counts that tell a page whether it has anything to show yet. */
export async function getOrgDataCounts(db: DbOrTx, orgId: string) {
  const [[merged], [open], [repos], [issued]] = await Promise.all([
    db.select({ n: count() }).from(changes).where(and(eq(changes.orgId, orgId), eq(changes.state, "merged"))),
    db.select({ n: count() }).from(changes).where(and(eq(changes.orgId, orgId), eq(changes.state, "open"))),
    db.select({ n: count() }).from(repositories).where(eq(repositories.orgId, orgId)),
    db.select({ n: count() }).from(receipts).where(eq(receipts.orgId, orgId)),
  ]);
  return { mergedChanges: merged?.n ?? 0, openChanges: open?.n ?? 0, repositories: repos?.n ?? 0, receipts: issued?.n ?? 0 };
}
