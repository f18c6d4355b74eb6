import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { assessments, changeCommits, changeFiles, changeReviews, changes, type ChangeRow } from "../schema";

export type NewChangeRow = typeof changes.$inferInsert;
export type NewAssessmentRow = typeof assessments.$inferInsert;

export async function findChangeKey(
  db: DbOrTx,
  orgId: string,
  repositoryId: string,
  key: { number: number | null; mergeSha: string | null },
): Promise<{ id: number; contentHash: string | null; assessmentDigest: string | null } | undefined> {
  const where =
    key.number !== null
      ? and(eq(changes.orgId, orgId), eq(changes.repositoryId, repositoryId), eq(changes.number, key.number))
      : and(
          eq(changes.orgId, orgId),
          eq(changes.repositoryId, repositoryId),
          sql`${changes.number} is null`,
          eq(changes.mergeSha, key.mergeSha ?? ""),
        );
  const [row] = await db
    .select({ id: changes.id, contentHash: changes.contentHash, assessmentDigest: changes.assessmentDigest })
    .from(changes)
    .where(where)
    .limit(1);
  return row;
}

export async function insertChange(db: DbOrTx, values: NewChangeRow): Promise<number> {
  const [row] = await db.insert(changes).values(values).returning({ id: changes.id });
  return row!.id;
}

export async function updateChange(db: DbOrTx, orgId: string, changeId: number, values: Partial<NewChangeRow>): Promise<void> {
  await db
    .update(changes)
    .set(values)
    .where(and(eq(changes.orgId, orgId), eq(changes.id, changeId)));
}

/** Files, commits and reviews are replaced as a whole: the source's latest view of the pull request wins. */
export async function replaceChangeDetails(
  db: DbOrTx,
  orgId: string,
  changeId: number,
  details: {
    files: Array<Omit<typeof changeFiles.$inferInsert, "changeId" | "orgId">>;
    commits: Array<Omit<typeof changeCommits.$inferInsert, "changeId" | "orgId">>;
    reviews: Array<Omit<typeof changeReviews.$inferInsert, "changeId" | "orgId">>;
  },
): Promise<void> {
  await db.delete(changeFiles).where(eq(changeFiles.changeId, changeId));
  await db.delete(changeCommits).where(eq(changeCommits.changeId, changeId));
  await db.delete(changeReviews).where(eq(changeReviews.changeId, changeId));
  // Chunked so a 3,000-file change stays under the bind-parameter limit.
  for (let i = 0; i < details.files.length; i += 500) {
    await db.insert(changeFiles).values(details.files.slice(i, i + 500).map((f) => ({ ...f, changeId, orgId })));
  }
  for (let i = 0; i < details.commits.length; i += 500) {
    await db.insert(changeCommits).values(details.commits.slice(i, i + 500).map((c) => ({ ...c, changeId, orgId })));
  }
  if (details.reviews.length) await db.insert(changeReviews).values(details.reviews.map((r) => ({ ...r, changeId, orgId })));
}

export async function insertAssessment(db: DbOrTx, values: NewAssessmentRow): Promise<number> {
  const [row] = await db.insert(assessments).values(values).returning({ id: assessments.id });
  return row!.id;
}

export async function getChange(db: DbOrTx, orgId: string, changeId: number): Promise<ChangeRow | undefined> {
  const [row] = await db
    .select()
    .from(changes)
    .where(and(eq(changes.orgId, orgId), eq(changes.id, changeId)))
    .limit(1);
  return row;
}
