import { asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { assessments, changeCommits, changeFiles, changeReviews, changes, receipts } from "../../../db/schema";

/** Everything stored of one change: its row, current assessment, details and receipts (for before/after checks). */
export async function storedChangeOf(db: DbOrTx, changeId: number) {
  const [row] = await db.select().from(changes).where(eq(changes.id, changeId));
  const [assessment] = await db.select().from(assessments).where(eq(assessments.id, row!.currentAssessmentId!));
  return {
    row: row!,
    assessment: assessment!,
    files: await db.select().from(changeFiles).where(eq(changeFiles.changeId, changeId)).orderBy(asc(changeFiles.path)),
    commits: await db.select().from(changeCommits).where(eq(changeCommits.changeId, changeId)).orderBy(asc(changeCommits.sha)),
    reviews: await db.select().from(changeReviews).where(eq(changeReviews.changeId, changeId)).orderBy(asc(changeReviews.id)),
    receipts: await db.select().from(receipts).where(eq(receipts.changeId, changeId)).orderBy(asc(receipts.id)),
  };
}

export async function assessmentCount(db: DbOrTx, orgId: string): Promise<number> {
  return (await db.select({ n: count() }).from(assessments).where(eq(assessments.orgId, orgId)))[0]!.n;
}
