import { and, eq, inArray, sql } from "drizzle-orm";
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

/** Existing changes of a repository by pull request number, in one query. */
export async function findChangeKeysByNumber(
  db: DbOrTx,
  orgId: string,
  repositoryId: string,
  numbers: number[],
): Promise<Map<number, { id: number; contentHash: string | null; assessmentDigest: string | null }>> {
  if (!numbers.length) return new Map();
  const rows = await db
    .select({ id: changes.id, number: changes.number, contentHash: changes.contentHash, assessmentDigest: changes.assessmentDigest })
    .from(changes)
    .where(and(eq(changes.orgId, orgId), eq(changes.repositoryId, repositoryId), inArray(changes.number, numbers)));
  return new Map(rows.map((r) => [r.number!, { id: r.id, contentHash: r.contentHash, assessmentDigest: r.assessmentDigest }]));
}

/** Inserts or updates changes that carry a pull request number; answers their ids by number. */
export async function upsertNumberedChanges(db: DbOrTx, rows: NewChangeRow[]): Promise<Map<number, number>> {
  if (!rows.length) return new Map();
  const columns = Object.keys(rows[0]!) as Array<keyof NewChangeRow>;
  const set = Object.fromEntries(
    columns.filter((c) => c !== "orgId" && c !== "repositoryId" && c !== "number").map((c) => [c, sql.raw(`excluded.${toSnake(c)}`)]),
  );
  const out = await db
    .insert(changes)
    .values(rows)
    .onConflictDoUpdate({ target: [changes.repositoryId, changes.number], set })
    .returning({ id: changes.id, number: changes.number });
  return new Map(out.map((r) => [r.number!, r.id]));
}

function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Replaces files, commits and reviews of many changes at once (the source's latest view wins). */
export async function replaceDetailsOfChanges(
  db: DbOrTx,
  orgId: string,
  details: Array<{
    changeId: number;
    files: Array<Omit<typeof changeFiles.$inferInsert, "changeId" | "orgId">>;
    commits: Array<Omit<typeof changeCommits.$inferInsert, "changeId" | "orgId">>;
    reviews: Array<Omit<typeof changeReviews.$inferInsert, "changeId" | "orgId">>;
  }>,
): Promise<void> {
  if (!details.length) return;
  const ids = details.map((d) => d.changeId);
  await db.delete(changeFiles).where(inArray(changeFiles.changeId, ids));
  await db.delete(changeCommits).where(inArray(changeCommits.changeId, ids));
  await db.delete(changeReviews).where(inArray(changeReviews.changeId, ids));
  const files = details.flatMap((d) => d.files.map((f) => ({ ...f, changeId: d.changeId, orgId })));
  const commits = details.flatMap((d) => d.commits.map((c) => ({ ...c, changeId: d.changeId, orgId })));
  const reviews = details.flatMap((d) => d.reviews.map((r) => ({ ...r, changeId: d.changeId, orgId })));
  // Chunked to stay under the bind-parameter limit.
  for (let i = 0; i < files.length; i += 1000) await db.insert(changeFiles).values(files.slice(i, i + 1000));
  for (let i = 0; i < commits.length; i += 500) await db.insert(changeCommits).values(commits.slice(i, i + 500));
  for (let i = 0; i < reviews.length; i += 1000) await db.insert(changeReviews).values(reviews.slice(i, i + 1000));
}

export async function insertAssessments(db: DbOrTx, rows: NewAssessmentRow[]): Promise<Map<number, number>> {
  if (!rows.length) return new Map();
  const out = await db.insert(assessments).values(rows).returning({ id: assessments.id, changeId: assessments.changeId });
  return new Map(out.map((r) => [r.changeId, r.id]));
}

export async function setCurrentAssessments(db: DbOrTx, orgId: string, pairs: Array<{ changeId: number; assessmentId: number }>): Promise<void> {
  if (!pairs.length) return;
  const values = sql.join(pairs.map((p) => sql`(${p.changeId}::bigint, ${p.assessmentId}::bigint)`), sql`, `);
  await db.execute(sql`
    update changes set current_assessment_id = v.aid
    from (values ${values}) as v(cid, aid)
    where changes.id = v.cid and changes.org_id = ${orgId}`);
}
