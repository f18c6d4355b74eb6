import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { Change, CheckResult, FileStatus, ReviewState } from "../../lib/scoring/types";
import type { DbOrTx } from "../client";
import { changeCommits, changeFiles, changeReviews, changes, repositories } from "../schema";

/** Rebuilds the normalized change from what was stored, so it can be scored again (new policy, fuller history). */
export async function loadStoredChange(db: DbOrTx, orgId: string, changeId: number): Promise<Change | undefined> {
  const [row] = await db
    .select({ change: changes, repo: repositories.fullName })
    .from(changes)
    .innerJoin(repositories, eq(repositories.id, changes.repositoryId))
    .where(and(eq(changes.orgId, orgId), eq(changes.id, changeId)))
    .limit(1);
  if (!row) return undefined;
  const [files, commits, reviews] = await Promise.all([
    db.select().from(changeFiles).where(eq(changeFiles.changeId, changeId)).orderBy(asc(changeFiles.path)),
    db.select().from(changeCommits).where(eq(changeCommits.changeId, changeId)),
    db.select().from(changeReviews).where(eq(changeReviews.changeId, changeId)).orderBy(asc(changeReviews.id)),
  ]);
  const c = row.change;
  return {
    repo: row.repo,
    number: c.number,
    title: c.title,
    body: c.body,
    url: c.url,
    state: c.state,
    author: { login: c.authorLogin, type: c.authorType === "Bot" ? "Bot" : "User" },
    createdAt: c.createdAt.toISOString(),
    mergedAt: c.mergedAt?.toISOString() ?? null,
    mergedBy: c.mergedByLogin ? { login: c.mergedByLogin, type: "User" } : null,
    baseRef: c.baseRef,
    headRef: c.headRef,
    headSha: c.headSha,
    mergeSha: c.mergeSha,
    // A rescore writes back the copy it read: if a newer one was stored meanwhile, the store keeps that one.
    fetchedAt: c.fetchedAt?.toISOString() ?? null,
    labels: c.labels,
    commits: commits
      .sort((a, b) => (a.committedAt?.getTime() ?? 0) - (b.committedAt?.getTime() ?? 0))
      .map((m) => ({
        sha: m.sha,
        message: m.message,
        authorName: m.authorName,
        authorEmail: m.authorEmail,
        authorLogin: m.authorLogin,
        committedAt: m.committedAt?.toISOString() ?? null,
        trailers: m.trailers,
        parentCount: m.parentCount,
      })),
    files: files.map((f) => ({
      path: f.path,
      previousPath: f.previousPath,
      status: f.status as FileStatus,
      additions: f.additions,
      deletions: f.deletions,
    })),
    filesTruncated: c.truncatedReason ? { reason: c.truncatedReason, totalFiles: c.fileCount } : null,
    reviews: reviews.map((r) => ({
      reviewer: r.reviewer,
      reviewerType: r.reviewerType === "Bot" ? "Bot" : "User",
      state: r.state as ReviewState,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      commitSha: r.commitSha,
    })),
    requestedReviewers: c.requestedReviewers,
    checks: (c.checks as CheckResult[] | null) ?? null,
  };
}

/**
 * The ids of a repository's changes in the order their history builds up: merged ones by merge time, then open
 * ones. Keyset-paged so a large repository never loads at once.
 */
export async function listChangeIdsInHistoryOrder(
  db: DbOrTx,
  orgId: string,
  repositoryId: string,
  after: { sortKey: string; id: number } | null,
  limit: number,
): Promise<Array<{ id: number; sortKey: string }>> {
  // Merged first by merge time; open ones sort after every merge (by creation time).
  const sortKey = sql<string>`(case when ${changes.mergedAt} is null then 'z' || to_char(${changes.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') else 'a' || to_char(${changes.mergedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') end)`;
  return db
    .select({ id: changes.id, sortKey })
    .from(changes)
    .where(
      and(
        eq(changes.orgId, orgId),
        eq(changes.repositoryId, repositoryId),
        after ? or(gt(sortKey, after.sortKey), and(eq(sortKey, after.sortKey), gt(changes.id, after.id))) : undefined,
      ),
    )
    .orderBy(sortKey, asc(changes.id))
    .limit(limit);
}
