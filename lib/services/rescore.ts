import type { Db } from "../../db/client";
import { listRepositories } from "../../db/queries/github";
import { listChangeIdsInHistoryOrder, loadStoredChange } from "../../db/queries/stored-changes";
import type { Repository } from "../../db/schema";
import type { Change } from "../scoring/types";
import { getActivePolicy, type ActivePolicy } from "./policies";
import { codeownersOf } from "./repository-context";
import { loadRepositoryHistory, type RepositoryHistory } from "./repository-history";
import { historyDigestOf, scoreAndStoreChanges } from "./score-and-store";
import { yieldToEventLoop } from "./yield";

export interface RescoreResult {
  considered: number;
  rescored: number;
}

// Small batches: on the embedded database each transaction holds the one connection, and requests wait behind it.
const BATCH = 25;

async function rescoreBatch(db: Db, repo: Repository, policy: ActivePolicy, history: RepositoryHistory, ids: number[], trigger: string, now: Date) {
  const changes: Change[] = [];
  for (const id of ids) {
    const change = await loadStoredChange(db, repo.orgId, id);
    if (change) changes.push(change);
  }
  const stored = await db.transaction((tx) =>
    scoreAndStoreChanges(
      tx,
      { orgId: repo.orgId, repositoryId: repo.id, policy, codeowners: codeownersOf(repo), protection: repo.protection ?? null, trigger, now, force: true, history: history.index },
      changes,
    ),
  );
  // The embedded web server shares this thread: let waiting requests in between two batches.
  await yieldToEventLoop();
  return stored.filter((s) => s.outcome !== "unchanged").length;
}

/**
 * Scores stored changes again, oldest merge first, each seeing its full history: after a policy version is
 * activated. Only changed verdicts are written (and amend receipts when the policy differs).
 */
export async function rescoreChanges(
  db: Db,
  input: { orgId: string; repositoryIds?: string[]; trigger: string; now: Date },
  onProgress?: (r: RescoreResult) => void,
): Promise<RescoreResult> {
  const policy = await getActivePolicy(db, input.orgId);
  const repos = (await listRepositories(db, input.orgId)).filter((r) => !input.repositoryIds || input.repositoryIds.includes(r.id));
  const result: RescoreResult = { considered: 0, rescored: 0 };
  for (const repo of repos) {
    const history = await loadRepositoryHistory(db, input.orgId, repo.id, policy);
    let after: { sortKey: string; id: number } | null = null;
    for (;;) {
      const page = await listChangeIdsInHistoryOrder(db, input.orgId, repo.id, after, BATCH);
      if (!page.length) break;
      result.rescored += await rescoreBatch(db, repo, policy, history, page.map((p) => p.id), input.trigger, input.now);
      result.considered += page.length;
      const last = page[page.length - 1]!;
      after = { sortKey: last.sortKey, id: last.id };
      onProgress?.(result);
    }
  }
  return result;
}

/**
 * After a sync that stored changes out of merge order (the first one of a repository, or one resumed after a
 * crash), rescores exactly the merged changes whose history moved since they were scored.
 */
export async function settleHistory(db: Db, repo: Repository, policy: ActivePolicy, now: Date): Promise<number> {
  const history = await loadRepositoryHistory(db, repo.orgId, repo.id, policy);
  const stale = history.seed
    .filter((row) => {
      const seen = history.index.summarize({ author: { login: row.authorLogin }, files: row.files }, row.mergedAt.getTime());
      return historyDigestOf(seen) !== row.historyDigest;
    })
    .sort((a, b) => a.mergedAt.getTime() - b.mergedAt.getTime() || a.id - b.id);
  let rescored = 0;
  for (let i = 0; i < stale.length; i += BATCH) {
    rescored += await rescoreBatch(db, repo, policy, history, stale.slice(i, i + BATCH).map((r) => r.id), "sync-history", now);
  }
  return rescored;
}
