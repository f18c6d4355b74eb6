import type { Db } from "../../db/client";
import { listRepositories } from "../../db/queries/github";
import { listChangeIdsInHistoryOrder, loadStoredChange } from "../../db/queries/stored-changes";
import { getActivePolicy } from "./policies";
import { codeownersOf } from "./repository-context";
import { scoreAndStoreChange } from "./score-and-store";

export interface RescoreResult {
  considered: number;
  rescored: number;
}

/**
 * Scores stored changes again, oldest merge first so each one sees its full history: after a policy version is
 * activated, or after a first sync that stored changes out of merge order. Only changed verdicts are written.
 */
export async function rescoreChanges(
  db: Db,
  input: { orgId: string; repositoryIds?: string[]; trigger: string; now: Date },
  onProgress?: (r: RescoreResult) => void,
): Promise<RescoreResult> {
  const policy = await getActivePolicy(db, input.orgId);
  const repos = (await listRepositories(db, input.orgId)).filter(
    (r) => !input.repositoryIds || input.repositoryIds.includes(r.id),
  );
  const result: RescoreResult = { considered: 0, rescored: 0 };
  for (const repo of repos) {
    const codeowners = codeownersOf(repo);
    let after: { sortKey: string; id: number } | null = null;
    for (;;) {
      const page = await listChangeIdsInHistoryOrder(db, input.orgId, repo.id, after, 200);
      if (!page.length) break;
      for (const { id } of page) {
        const change = await loadStoredChange(db, input.orgId, id);
        if (!change) continue;
        const stored = await db.transaction((tx) =>
          scoreAndStoreChange(tx, {
            orgId: input.orgId,
            repositoryId: repo.id,
            change,
            policy,
            codeowners,
            protection: repo.protection ?? null,
            trigger: input.trigger,
            now: input.now,
            force: true,
          }),
        );
        result.considered++;
        if (stored.outcome !== "unchanged") result.rescored++;
        // The embedded database runs on this thread: let waiting requests in between two changes.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const last = page[page.length - 1]!;
      after = { sortKey: last.sortKey, id: last.id };
      onProgress?.(result);
    }
  }
  return result;
}
