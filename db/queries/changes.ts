import { and, eq, inArray, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { assessments, changeCommits, changeFiles, changeReviews, changes } from "../schema";
import { excludedSet, jsonRecords } from "./json-records";
import { rowsOf } from "./rows";
import { reserveSerialIds } from "./serial-ids";

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

/**
 * Writes a new copy of a stored change, under the rule of upsertNumberedChanges: not over a copy fetched from the
 * source after this one (then nothing is written and the answer is false); without a fetch time, the stored one
 * is kept.
 */
export async function replaceChange(db: DbOrTx, orgId: string, changeId: number, values: NewChangeRow): Promise<boolean> {
  const { fetchedAt, ...rest } = values;
  const written = await db
    .update(changes)
    .set(fetchedAt ? values : rest)
    .where(
      and(
        eq(changes.orgId, orgId),
        eq(changes.id, changeId),
        fetchedAt ? or(isNull(changes.fetchedAt), lte(changes.fetchedAt, fetchedAt)) : undefined,
      ),
    )
    .returning({ id: changes.id });
  return written.length > 0;
}

/** What tells whether a numbered change is stored and unchanged (id, input hash, verdict digest), by number. */
export type ChangeKeys = Map<number, { id: number; contentHash: string | null; assessmentDigest: string | null }>;

/** Existing changes of a repository by pull request number, in one query. */
export async function findChangeKeysByNumber(db: DbOrTx, orgId: string, repositoryId: string, numbers: number[]): Promise<ChangeKeys> {
  if (!numbers.length) return new Map();
  return changeKeys(db, orgId, repositoryId, inArray(changes.number, numbers));
}

/** The same keys for every numbered change of one repository. */
export function listChangeKeysOfRepository(db: DbOrTx, orgId: string, repositoryId: string): Promise<ChangeKeys> {
  return changeKeys(db, orgId, repositoryId, isNotNull(changes.number));
}

async function changeKeys(db: DbOrTx, orgId: string, repositoryId: string, which: SQL): Promise<ChangeKeys> {
  const rows = await db
    .select({ id: changes.id, number: changes.number, contentHash: changes.contentHash, assessmentDigest: changes.assessmentDigest })
    .from(changes)
    .where(and(eq(changes.orgId, orgId), eq(changes.repositoryId, repositoryId), which));
  return new Map(rows.map((r) => [r.number!, { id: r.id, contentHash: r.contentHash, assessmentDigest: r.assessmentDigest }]));
}

/**
 * Inserts or updates changes that carry a pull request number, in one statement; answers by number their id and
 * whether this statement created the row (not another writer before it). A row whose stored copy was fetched from
 * the source after the incoming one is left as it is and is absent from the answer: the check is part of the
 * upsert, so it holds against a concurrent writer of the same row. A row with no fetch time (a rescore of the
 * stored copy) is written as before and keeps the stored fetch time.
 */
export async function upsertNumberedChanges(db: DbOrTx, rows: NewChangeRow[]): Promise<Map<number, { id: number; inserted: boolean }>> {
  if (!rows.length) return new Map();
  const { columns, select } = jsonRecords(changes, rows);
  const set = excludedSet(changes, rows, ["orgId", "repositoryId", "number", "fetchedAt"]);
  const out = rowsOf<{ id: number | string; number: number; inserted: boolean }>(
    await db.execute(sql`
      insert into ${changes} (${columns}) ${select}
      on conflict (repository_id, number) do update
        set ${set}, fetched_at = coalesce(excluded.fetched_at, ${changes}.fetched_at)
        where excluded.fetched_at is null or ${changes}.fetched_at is null or ${changes}.fetched_at <= excluded.fetched_at
      returning id, number, (xmax = 0) as inserted`),
  );
  return new Map(out.map((r) => [r.number, { id: Number(r.id), inserted: r.inserted }]));
}

export interface ChangeDetails {
  changeId: number;
  /** The change was stored before: its old files, commits and reviews are deleted first. */
  replaces: boolean;
  files: Array<Omit<typeof changeFiles.$inferInsert, "changeId" | "orgId">>;
  commits: Array<Omit<typeof changeCommits.$inferInsert, "changeId" | "orgId">>;
  reviews: Array<Omit<typeof changeReviews.$inferInsert, "changeId" | "orgId">>;
}

/** Stores files, commits and reviews of many changes at once; a stored change's are replaced (the source's latest view wins). */
export async function replaceDetailsOfChanges(db: DbOrTx, orgId: string, details: ChangeDetails[]): Promise<void> {
  const replaced = details.filter((d) => d.replaces).map((d) => d.changeId);
  if (replaced.length) {
    await db.delete(changeFiles).where(inArray(changeFiles.changeId, replaced));
    await db.delete(changeCommits).where(inArray(changeCommits.changeId, replaced));
    await db.delete(changeReviews).where(inArray(changeReviews.changeId, replaced));
  }
  const files = details.flatMap((d) => d.files.map((f) => ({ ...f, changeId: d.changeId, orgId })));
  const commits = details.flatMap((d) => d.commits.map((c) => ({ ...c, changeId: d.changeId, orgId })));
  const reviews = details.flatMap((d) => d.reviews.map((r) => ({ ...r, changeId: d.changeId, orgId })));
  // Issued together: on a connection to a server they are sent back to back instead of one round trip each.
  await Promise.all(
    ([[changeFiles, files], [changeCommits, commits], [changeReviews, reviews]] as const)
      .filter(([, rows]) => rows.length > 0)
      .map(([table, rows]) => {
        const { columns, select } = jsonRecords(table, rows);
        return db.execute(sql`insert into ${table} (${columns}) ${select}`);
      }),
  );
}

/** Takes assessment ids before inserting, so the changes can point at their new assessment as they are written. */
export function reserveAssessmentIds(db: DbOrTx, count: number): Promise<number[]> {
  return reserveSerialIds(db, "assessments", count);
}

/** Inserts assessments whose ids were reserved with reserveAssessmentIds. */
export async function insertAssessmentsWithIds(db: DbOrTx, rows: Array<NewAssessmentRow & { id: number }>): Promise<void> {
  if (!rows.length) return;
  const { columns, select } = jsonRecords(assessments, rows);
  await db.execute(sql`insert into ${assessments} (${columns}) overriding system value ${select}`);
}
