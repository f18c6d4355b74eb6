import type { DbOrTx } from "../../db/client";
import { loadHistorySeed, type HistorySeedFilter, type HistorySeedRow } from "../../db/queries/history";
import { createHistoryIndex, type HistoryIndex, type HistorySubject } from "../scoring/history-index";
import type { ActivePolicy } from "./policies";

export interface RepositoryHistory {
  index: HistoryIndex;
  seed: HistorySeedRow[];
}

/** How a change is known in the history index: its number, or its merge commit when it has none. */
export function historyKey(repositoryId: string, change: { number: number | null; mergeSha: string | null }): string {
  return `${repositoryId}:${change.number ?? change.mergeSha}`;
}

/**
 * The repository's stored merges, held in memory for one sync: every change's history without a query each. With
 * `subjects`, only the merges that can count in those changes' histories (same paths or author): their summaries
 * are the same as with the whole repository loaded, for a fraction of the reading.
 */
export async function loadRepositoryHistory(
  db: DbOrTx,
  orgId: string,
  repositoryId: string,
  policy: ActivePolicy,
  subjects?: readonly HistorySubject[],
): Promise<RepositoryHistory> {
  const index = createHistoryIndex({ windowDays: policy.compiled.history.windowDays, fixPattern: policy.compiled.history.fixPattern });
  const seed = await loadHistorySeed(db, orgId, repositoryId, subjects ? seedFilterOf(subjects) : undefined);
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

function seedFilterOf(subjects: readonly HistorySubject[]): HistorySeedFilter {
  const paths = new Set<string>();
  const authors = new Set<string>();
  for (const s of subjects) {
    // The key the index compares authors by.
    authors.add((s.author.login || s.author.email || "").toLowerCase());
    for (const f of s.files) {
      paths.add(f.path);
      if (f.previousPath) paths.add(f.previousPath);
    }
  }
  return { paths: [...paths], authors: [...authors] };
}
