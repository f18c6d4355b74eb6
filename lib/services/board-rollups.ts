import type { DbOrTx } from "../../db/client";
import { refreshBoardRollups } from "../../db/queries/board-rollups";

/**
 * Folds the days that writes marked stale into the board's daily rollups, after a sync run, a rescore, a failure
 * label recomputation or an attestation. Never fails its caller: the write it follows has committed, and until a
 * refresh succeeds the board reads the stale days from `changes` (exact, only slower), keeping the marks for the
 * next refresh.
 */
export async function refreshBoardAfterWrite(db: DbOrTx, orgId: string, log?: (line: string) => void): Promise<void> {
  try {
    const { days } = await refreshBoardRollups(db, orgId);
    if (days > 0) log?.(`board rollups ${orgId}: ${days} day${days === 1 ? "" : "s"} refreshed`);
  } catch (err) {
    const line = `board rollups ${orgId}: refresh failed, the board reads those days from changes until the next one: ${(err as Error).message}`;
    if (log) log(line);
    else process.stderr.write(`[board] ${line}\n`);
  }
}
