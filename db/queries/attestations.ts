import { and, asc, desc, eq, exists, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { assessments, attestations, changeReviews, changes, policyVersions, repositories, type AttestationRow } from "../schema";
import { changeHeadline, ownedBy } from "./change-columns";

export type NewAttestationRow = typeof attestations.$inferInsert;

export async function insertAttestation(tx: DbOrTx, row: NewAttestationRow): Promise<AttestationRow> {
  const [inserted] = await tx.insert(attestations).values(row).returning();
  return inserted!;
}

/** Every attestation on a change with the versions of the assessment each person accepted, oldest first. */
export async function listAttestationsOfChange(db: DbOrTx, orgId: string, changeId: number) {
  return listAttestationsOfChanges(db, orgId, [changeId]);
}

export async function hasAttested(db: DbOrTx, orgId: string, changeId: number, userId: string, assessmentId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: attestations.id })
    .from(attestations)
    .where(
      and(
        eq(attestations.orgId, orgId),
        eq(attestations.changeId, changeId),
        eq(attestations.userId, userId),
        eq(attestations.assessmentId, assessmentId),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** What decides who may attest a change: its current score, its author, its code owners and its reviewers. */
export async function getAttestationSubject(db: DbOrTx, orgId: string, changeId: number) {
  const [row] = await db
    .select({
      ...changeHeadline,
      state: changes.state,
      authorLogin: changes.authorLogin,
      owners: changes.owners,
      mergedAt: changes.mergedAt,
      assessmentId: changes.currentAssessmentId,
      risk: changes.risk,
      band: changes.band,
      topReason: changes.topReason,
    })
    .from(changes)
    .innerJoin(repositories, eq(repositories.id, changes.repositoryId))
    .where(and(eq(changes.orgId, orgId), eq(changes.id, changeId)))
    .limit(1);
  if (!row) return null;
  const reviewers = await db
    .selectDistinct({ reviewer: changeReviews.reviewer })
    .from(changeReviews)
    .where(and(eq(changeReviews.orgId, orgId), eq(changeReviews.changeId, changeId), ne(changeReviews.state, "PENDING")));
  return { ...row, reviewers: reviewers.map((r) => r.reviewer) };
}

export type AttestationSubject = NonNullable<Awaited<ReturnType<typeof getAttestationSubject>>>;

/** High and critical changes a person owns (CODEOWNERS `@login`) or reviewed, and did not author: newest first. */
export async function listAttestableChanges(db: DbOrTx, orgId: string, login: string, limit: number) {
  const reviewed = exists(
    db
      .select({ one: sql`1` })
      .from(changeReviews)
      .where(
        and(
          eq(changeReviews.orgId, orgId),
          eq(changeReviews.changeId, changes.id),
          sql`lower(${changeReviews.reviewer}) = lower(${login})`,
          ne(changeReviews.state, "PENDING"),
        ),
      ),
  );
  return db
    .select({
      ...changeHeadline,
      state: changes.state,
      mergedAt: changes.mergedAt,
      risk: changes.risk,
      band: changes.band,
      topReason: changes.topReason,
      attested: changes.attested,
    })
    .from(changes)
    .innerJoin(repositories, eq(repositories.id, changes.repositoryId))
    .where(
      and(
        eq(changes.orgId, orgId),
        inArray(changes.band, ["high", "critical"]),
        inArray(changes.state, ["merged", "open"]),
        isNotNull(changes.currentAssessmentId),
        sql`lower(${changes.authorLogin}) <> lower(${login})`,
        or(ownedBy(`@${login}`), reviewed),
      ),
    )
    .orderBy(sql`${changes.mergedAt} desc nulls first`, desc(changes.id))
    .limit(limit);
}

/** An assessment with the policy version row it was made under (null for the built-in default policy). */
export async function getAssessmentWithPolicy(db: DbOrTx, orgId: string, assessmentId: number) {
  const [row] = await db
    .select({ assessment: assessments, policy: policyVersions })
    .from(assessments)
    .leftJoin(policyVersions, eq(policyVersions.id, assessments.policyVersionId))
    .where(and(eq(assessments.orgId, orgId), eq(assessments.id, assessmentId)))
    .limit(1);
  return row ?? null;
}

/** Every attestation on these changes with the versions of the assessment each person accepted, oldest first. */
export async function listAttestationsOfChanges(db: DbOrTx, orgId: string, changeIds: number[]) {
  if (!changeIds.length) return [];
  return db
    .select({
      attestation: attestations,
      modelVersion: assessments.modelVersion,
      policyVersion: assessments.policyVersion,
    })
    .from(attestations)
    .innerJoin(assessments, eq(assessments.id, attestations.assessmentId))
    .where(and(eq(attestations.orgId, orgId), inArray(attestations.changeId, changeIds)))
    .orderBy(asc(attestations.createdAt), asc(attestations.id));
}
