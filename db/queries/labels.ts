import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { assessments, changeCommits, changeFiles, changes, failureLabels, repositories, type SyncedFailureEvidence } from "../schema";
import { changeHeadline } from "./change-columns";

/** What labelling reads of one merged change: its words (title, body, revert commit messages) and its files. */
export async function listLabelInputs(db: DbOrTx, orgId: string, repositoryId: string) {
  const rows = await db
    .select({
      id: changes.id,
      number: changes.number,
      title: changes.title,
      body: changes.body,
      mergeSha: changes.mergeSha,
      mergedAt: changes.mergedAt,
      fileCount: changes.fileCount,
      // Only messages that can name a reverted commit: a history's messages are otherwise large and unused here.
      revertMessages: sql<string[] | null>`(select array_agg(${changeCommits.message}) from ${changeCommits}
        where ${changeCommits.changeId} = ${changes.id} and ${changeCommits.message} ~* 'revert')`,
      paths: sql<string[] | null>`(select array_agg(${changeFiles.path}) from ${changeFiles} where ${changeFiles.changeId} = ${changes.id})`,
    })
    .from(changes)
    .where(and(eq(changes.orgId, orgId), eq(changes.repositoryId, repositoryId), eq(changes.state, "merged"), isNotNull(changes.mergedAt)))
    .orderBy(asc(changes.mergedAt), asc(changes.id));
  return rows.map((r) => ({ ...r, mergedAt: r.mergedAt!, revertMessages: r.revertMessages ?? [], paths: r.paths ?? [] }));
}

export type LabelInput = Awaited<ReturnType<typeof listLabelInputs>>[number];

export interface StoredLabel {
  changeId: number;
  failed: boolean;
  settled: boolean;
  evidence: SyncedFailureEvidence[];
}

const CHUNK = 2000;

/**
 * Stores labels with their evidence and the headline on the change: failed, not failed, or null (unknown) while
 * the outcome of a change that has not failed is not final.
 */
export async function saveFailureLabels(db: DbOrTx, orgId: string, labels: StoredLabel[], computedAt: Date): Promise<void> {
  for (let i = 0; i < labels.length; i += CHUNK) {
    const part = labels.slice(i, i + CHUNK);
    await db
      .insert(failureLabels)
      .values(part.map((l) => ({ changeId: l.changeId, orgId, failed: l.failed, settled: l.settled, evidence: l.evidence, computedAt })))
      .onConflictDoUpdate({
        target: failureLabels.changeId,
        set: { failed: sql`excluded.failed`, settled: sql`excluded.settled`, evidence: sql`excluded.evidence`, computedAt: sql`excluded.computed_at` },
      });
    const groups: Array<[boolean | null, number[]]> = [
      [true, part.filter((l) => l.failed).map((l) => l.changeId)],
      [false, part.filter((l) => !l.failed && l.settled).map((l) => l.changeId)],
      [null, part.filter((l) => !l.failed && !l.settled).map((l) => l.changeId)],
    ];
    for (const [failed, ids] of groups) {
      if (ids.length) await db.update(changes).set({ failed }).where(and(eq(changes.orgId, orgId), inArray(changes.id, ids)));
    }
  }
}

/** Merged, scored changes with their current assessment's signals and their label: the rows calibration reads. */
export async function listCalibrationInputs(db: DbOrTx, orgId: string) {
  return db
    .select({
      ...changeHeadline,
      mergedAt: changes.mergedAt,
      createdAt: changes.createdAt,
      additions: changes.additions,
      risk: assessments.risk,
      signals: assessments.signals,
      ai: assessments.ai,
      failed: failureLabels.failed,
      settled: failureLabels.settled,
    })
    .from(changes)
    .innerJoin(repositories, eq(repositories.id, changes.repositoryId))
    .innerJoin(assessments, eq(assessments.id, changes.currentAssessmentId))
    .leftJoin(failureLabels, eq(failureLabels.changeId, changes.id))
    .where(and(eq(changes.orgId, orgId), eq(changes.state, "merged"), isNotNull(changes.mergedAt)))
    .orderBy(asc(changes.mergedAt), asc(changes.id));
}

/** Failed changes with their evidence, newest merge first. */
export async function listFailedChanges(db: DbOrTx, orgId: string, limit = 200) {
  return db
    .select({
      ...changeHeadline,
      url: changes.url,
      mergedAt: changes.mergedAt,
      risk: changes.risk,
      band: changes.band,
      evidence: failureLabels.evidence,
    })
    .from(failureLabels)
    .innerJoin(changes, eq(changes.id, failureLabels.changeId))
    .innerJoin(repositories, eq(repositories.id, changes.repositoryId))
    .where(and(eq(failureLabels.orgId, orgId), eq(failureLabels.failed, true)))
    .orderBy(desc(changes.mergedAt), desc(changes.id))
    .limit(limit);
}

/** Labelled changes, failures, unsettled ones, and failures by kind of evidence; the newest computation time. */
export async function summarizeFailureLabels(db: DbOrTx, orgId: string) {
  const [row] = await db
    .select({
      labelled: sql<number>`count(*)::int`,
      failed: sql<number>`count(*) filter (where ${failureLabels.failed})::int`,
      unsettled: sql<number>`count(*) filter (where not ${failureLabels.settled})::int`,
      reverted: sql<number>`count(*) filter (where ${failureLabels.evidence} @> '[{"kind":"revert"}]')::int`,
      fixedOnly: sql<number>`count(*) filter (where ${failureLabels.failed} and not ${failureLabels.evidence} @> '[{"kind":"revert"}]')::int`,
      computedAt: sql<Date | string | null>`max(${failureLabels.computedAt})`,
    })
    .from(failureLabels)
    .where(eq(failureLabels.orgId, orgId));
  return {
    labelled: Number(row?.labelled ?? 0),
    failed: Number(row?.failed ?? 0),
    unsettled: Number(row?.unsettled ?? 0),
    reverted: Number(row?.reverted ?? 0),
    fixedOnly: Number(row?.fixedOnly ?? 0),
    computedAt: row?.computedAt ? new Date(row.computedAt) : null,
  };
}
