import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { assessments, attestations, changes, gateStatuses, repositories, type GateStatusRow } from "../schema";

/** Assessments made because the pull request itself changed (new commits, reviews, checks), not a rescore. */
const NEW_DATA_TRIGGERS = ["sync", "webhook", "import"];

export interface GateKey {
  orgId: string;
  repositoryId: string;
  sha: string;
  context: string;
}

/** Turns the merge gate of one repository on or off; false when the repository is not the organisation's. */
export async function setRepositoryGate(db: DbOrTx, orgId: string, repositoryId: string, enabled: boolean): Promise<boolean> {
  const rows = await db
    .update(repositories)
    .set({ gateEnabled: enabled })
    .where(and(eq(repositories.orgId, orgId), eq(repositories.id, repositoryId)))
    .returning({ id: repositories.id });
  return rows.length > 0;
}

/**
 * Open, scored pull requests of gated repositories (optionally only these changes or repositories), each with who
 * accepted its risk, if anyone: the newest attestation of the current assessment, or of an earlier one when every
 * assessment since came from a rescore (same pull request, other policy or history) and the band did not rise above what was accepted. A
 * sync that stored new commits or reviews makes a new assessment that is not a rescore, so it asks again.
 */
export async function listGateSubjects(db: DbOrTx, orgId: string, scope: { changeIds?: number[]; repositoryIds?: string[] } = {}) {
  if (scope.changeIds && !scope.changeIds.length) return [];
  if (scope.repositoryIds && !scope.repositoryIds.length) return [];
  const attestedBy = sql<string | null>`(
    select coalesce('@' || ${attestations.login}, ${attestations.name}) from ${attestations}
    where ${attestations.orgId} = ${changes.orgId} and ${attestations.changeId} = ${changes.id}
      and ${attestations.band} >= ${changes.band}
      and not exists (
        select 1 from ${assessments} later where later.change_id = ${changes.id}
          and later.id > ${attestations.assessmentId} and later.trigger in (${sql.join(NEW_DATA_TRIGGERS.map((t) => sql`${t}`), sql`, `)}))
    order by ${attestations.createdAt} desc, ${attestations.id} desc limit 1)`;
  return db
    .select({
      changeId: changes.id,
      repositoryId: changes.repositoryId,
      repo: repositories.fullName,
      number: changes.number,
      headSha: changes.headSha,
      risk: changes.risk,
      band: changes.band,
      topReason: changes.topReason,
      attestedBy,
    })
    .from(changes)
    .innerJoin(repositories, eq(repositories.id, changes.repositoryId))
    .where(
      and(
        eq(changes.orgId, orgId),
        eq(repositories.gateEnabled, true),
        eq(changes.state, "open"),
        isNotNull(changes.headSha),
        isNotNull(changes.currentAssessmentId),
        scope.changeIds ? inArray(changes.id, scope.changeIds) : undefined,
        scope.repositoryIds ? inArray(changes.repositoryId, scope.repositoryIds) : undefined,
      ),
    )
    .orderBy(asc(changes.id));
}

export type GateSubject = Awaited<ReturnType<typeof listGateSubjects>>[number];

/**
 * Claims the right to post `state`/`description` for a key: true only when that is not what was last posted and no
 * other evaluator holds an unexpired claim. One statement, so two evaluators never both win.
 */
export async function claimGateStatus(
  db: DbOrTx,
  key: GateKey,
  desired: { changeId: number; state: string; description: string },
  at: Date,
  claimExpiredBefore: Date,
): Promise<boolean> {
  const rows = await db
    .insert(gateStatuses)
    .values({ ...key, changeId: desired.changeId, claimedAt: at })
    .onConflictDoUpdate({
      target: [gateStatuses.orgId, gateStatuses.repositoryId, gateStatuses.sha, gateStatuses.context],
      set: { claimedAt: at, changeId: desired.changeId },
      setWhere: and(
        or(sql`${gateStatuses.state} is distinct from ${desired.state}`, sql`${gateStatuses.description} is distinct from ${desired.description}`),
        or(sql`${gateStatuses.claimedAt} is null`, lt(gateStatuses.claimedAt, claimExpiredBefore)),
      ),
    })
    .returning({ sha: gateStatuses.sha });
  return rows.length > 0;
}

const keyOf = (key: GateKey) =>
  and(eq(gateStatuses.orgId, key.orgId), eq(gateStatuses.repositoryId, key.repositoryId), eq(gateStatuses.sha, key.sha), eq(gateStatuses.context, key.context));

export async function recordGatePosted(db: DbOrTx, key: GateKey, posted: { state: string; description: string; targetUrl: string; at: Date }): Promise<void> {
  await db
    .update(gateStatuses)
    .set({
      state: posted.state,
      description: posted.description,
      targetUrl: posted.targetUrl,
      postedAt: posted.at,
      lastAttemptAt: posted.at,
      lastError: null,
      claimedAt: null,
      attempts: sql`${gateStatuses.attempts} + 1`,
    })
    .where(keyOf(key));
}

/** A failed post: what was last posted stays, so the next evaluation sees the difference and tries again. */
export async function recordGateFailure(db: DbOrTx, key: GateKey, failure: { error: string; at: Date }): Promise<void> {
  await db
    .update(gateStatuses)
    .set({ lastError: failure.error, lastAttemptAt: failure.at, claimedAt: null, attempts: sql`${gateStatuses.attempts} + 1` })
    .where(keyOf(key));
}

export async function listGateStatuses(db: DbOrTx, orgId: string, options: { repositoryId?: string; limit?: number } = {}): Promise<GateStatusRow[]> {
  return db
    .select()
    .from(gateStatuses)
    .where(and(eq(gateStatuses.orgId, orgId), options.repositoryId ? eq(gateStatuses.repositoryId, options.repositoryId) : undefined))
    .orderBy(desc(gateStatuses.lastAttemptAt))
    .limit(options.limit ?? 1000);
}

/** Per repository: statuses posted, and posts whose last attempt failed (waiting for a retry). */
export async function summarizeGateStatuses(db: DbOrTx, orgId: string) {
  const rows = await db
    .select({
      repositoryId: gateStatuses.repositoryId,
      posted: sql<number>`count(*) filter (where ${gateStatuses.postedAt} is not null)::int`,
      failing: sql<number>`count(*) filter (where ${gateStatuses.lastError} is not null)::int`,
      lastError: sql<string | null>`(array_agg(${gateStatuses.lastError} order by ${gateStatuses.lastAttemptAt} desc) filter (where ${gateStatuses.lastError} is not null))[1]`,
      lastPostedAt: sql<Date | string | null>`max(${gateStatuses.postedAt})`,
    })
    .from(gateStatuses)
    .where(eq(gateStatuses.orgId, orgId))
    .groupBy(gateStatuses.repositoryId);
  return rows.map((r) => ({
    ...r,
    posted: Number(r.posted),
    failing: Number(r.failing),
    lastPostedAt: r.lastPostedAt === null ? null : new Date(r.lastPostedAt),
  }));
}
