import type { DbOrTx } from "../../db/client";
import { loadHistorySeed, type HistorySeedRow } from "../../db/queries/history";
import { createHistoryIndex, type HistoryIndex } from "../scoring/history-index";
import type { ActivePolicy } from "./policies";

export interface RepositoryHistory {
  index: HistoryIndex;
  seed: HistorySeedRow[];
}

/** How a change is known in the history index: its number, or its merge commit when it has none. */
export function historyKey(repositoryId: string, change: { number: number | null; mergeSha: string | null }): string {
  return `${repositoryId}:${change.number ?? change.mergeSha}`;
}

/** The repository's stored merges, held in memory for one sync: every change's history without a query each. */
export async function loadRepositoryHistory(db: DbOrTx, orgId: string, repositoryId: string, policy: ActivePolicy): Promise<RepositoryHistory> {
  const index = createHistoryIndex({ windowDays: policy.compiled.history.windowDays, fixPattern: policy.compiled.history.fixPattern });
  const seed = await loadHistorySeed(db, orgId, repositoryId);
  for (const row of seed) {
    index.putEvent(historyKey(repositoryId, row), {
      at: row.mergedAt.getTime(),
      author: row.authorLogin,
      fix: row.isFix && !row.isRevert,
      revert: row.isRevert,
      paths: row.paths,
    });
  }
  return { index, seed };
}
