import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  assessments,
  attestations,
  changeCommits,
  changeFiles,
  changeReviews,
  changes,
  policyVersions,
  receipts,
  repositories,
} from "../schema";

/**
 * Everything the change page shows, read for one organisation: a change of another organisation is simply not
 * found. Files are capped (the page lists the first ones per service and says how many more there are).
 */
export async function getChangeDetail(db: DbOrTx, orgId: string, changeId: number, opts: { fileLimit?: number } = {}) {
  const [head] = await db
    .select({ change: changes, repo: repositories.fullName })
    .from(changes)
    .innerJoin(repositories, eq(repositories.id, changes.repositoryId))
    .where(and(eq(changes.orgId, orgId), eq(changes.id, changeId)))
    .limit(1);
  if (!head) return null;
  const fileLimit = opts.fileLimit ?? 500;
  const [assessment, files, reviews, commits, receiptRows, attestationRows] = await Promise.all([
    head.change.currentAssessmentId
      ? db
          .select({ assessment: assessments, policyNumber: policyVersions.number })
          .from(assessments)
          .leftJoin(policyVersions, eq(policyVersions.id, assessments.policyVersionId))
          .where(and(eq(assessments.orgId, orgId), eq(assessments.id, head.change.currentAssessmentId)))
          .limit(1)
          .then((r) => r[0] ?? null)
      : Promise.resolve(null),
    db
      .select({
        path: changeFiles.path,
        previousPath: changeFiles.previousPath,
        status: changeFiles.status,
        additions: changeFiles.additions,
        deletions: changeFiles.deletions,
        service: changeFiles.service,
      })
      .from(changeFiles)
      .where(and(eq(changeFiles.orgId, orgId), eq(changeFiles.changeId, changeId)))
      .orderBy(asc(changeFiles.path))
      .limit(fileLimit),
    db
      .select({
        reviewer: changeReviews.reviewer,
        reviewerType: changeReviews.reviewerType,
        state: changeReviews.state,
        submittedAt: changeReviews.submittedAt,
        commitSha: changeReviews.commitSha,
      })
      .from(changeReviews)
      .where(and(eq(changeReviews.orgId, orgId), eq(changeReviews.changeId, changeId)))
      .orderBy(asc(changeReviews.submittedAt), asc(changeReviews.id)),
    db
      .select({
        sha: changeCommits.sha,
        message: changeCommits.message,
        authorLogin: changeCommits.authorLogin,
        authorName: changeCommits.authorName,
        committedAt: changeCommits.committedAt,
        trailers: changeCommits.trailers,
      })
      .from(changeCommits)
      .where(and(eq(changeCommits.orgId, orgId), eq(changeCommits.changeId, changeId)))
      .orderBy(asc(changeCommits.committedAt))
      .limit(200),
    db
      .select({
        id: receipts.id,
        sequence: receipts.sequence,
        kind: receipts.kind,
        hash: receipts.hash,
        risk: receipts.risk,
        band: receipts.band,
        approvers: receipts.approvers,
        issuedAt: receipts.issuedAt,
      })
      .from(receipts)
      .where(and(eq(receipts.orgId, orgId), eq(receipts.changeId, changeId)))
      .orderBy(desc(receipts.sequence)),
    db
      .select({
        id: attestations.id,
        name: attestations.name,
        login: attestations.login,
        rationale: attestations.rationale,
        risk: attestations.risk,
        band: attestations.band,
        createdAt: attestations.createdAt,
      })
      .from(attestations)
      .where(and(eq(attestations.orgId, orgId), eq(attestations.changeId, changeId)))
      .orderBy(asc(attestations.createdAt)),
  ]);
  return {
    change: head.change,
    repo: head.repo,
    assessment: assessment?.assessment ?? null,
    policyNumber: assessment?.policyNumber ?? null,
    files,
    filesShown: files.length,
    reviews,
    commits,
    receipts: receiptRows,
    attestations: attestationRows,
  };
}

export type ChangeDetail = NonNullable<Awaited<ReturnType<typeof getChangeDetail>>>;
