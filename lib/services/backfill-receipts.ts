import type { Db, DbOrTx } from "../../db/client";
import { getAssessmentWithPolicy } from "../../db/queries/attestations";
import { lockReceiptChain } from "../../db/queries/receipts";
import {
  listOrganisationsAwaitingReceiptBackfill,
  listOrganisationsWithReceiptlessMerges,
  listReceiptlessMerges,
  markReceiptsBackfilled,
  type MergeCursor,
} from "../../db/queries/receipt-subjects";
import { loadStoredChange } from "../../db/queries/stored-changes";
import type { SecretBox } from "../crypto";
import type { PolicyRef } from "../receipts";
import type { Assessment, Change } from "../scoring/types";
import { issueReceiptsForChanges } from "./receipts";
import { assessmentOfRow, policyRefOfRow } from "./stored-assessment";

export interface BackfillResult {
  /** Receipts issued by this run. */
  issued: number;
  /** Receipt-less merged changes that still cannot have one (no valid merge commit id). */
  skipped: number;
}

export interface BackfillOptions {
  box: SecretBox;
  now?: () => Date;
  /** Changes per transaction: the chain lock is held for one batch at a time, so syncs interleave. */
  batchSize?: number;
}

type Item = { changeId: number; change: Change; assessment: Assessment; policy: PolicyRef };

/**
 * Issues the merge receipt of every merged change stored before receipts existed, oldest merge first, through the
 * same issuing code as sync (one chain, locked per organisation). Idempotent: a change that has any receipt is
 * never considered, so a second run issues nothing, and an interrupted run resumes where it stopped.
 */
export async function backfillReceipts(db: Db, orgId: string, options: BackfillOptions): Promise<BackfillResult> {
  const batchSize = options.batchSize ?? 200;
  const now = options.now ?? (() => new Date());
  const result: BackfillResult = { issued: 0, skipped: 0 };
  let cursor: MergeCursor | null = null;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      // Listed under the lock: an issuer that got there first has already given its change a receipt.
      await lockReceiptChain(tx, orgId);
      const merges = await listReceiptlessMerges(tx, orgId, cursor, batchSize);
      const items = await loadItems(tx, orgId, merges);
      let issued = 0;
      // One policy per issuing call: consecutive changes scored under the same policy go together.
      for (let start = 0; start < items.length; ) {
        let end = start + 1;
        while (end < items.length && items[end]!.policy.version === items[start]!.policy.version) end++;
        const group = items.slice(start, end);
        const done = await issueReceiptsForChanges(tx, { orgId, policy: group[0]!.policy, box: options.box, now: now() }, group);
        issued += done.length;
        start = end;
      }
      const last = merges[merges.length - 1];
      return { listed: merges.length, issued, next: last ? { mergedAt: last.mergedAt, id: last.id } : null };
    });
    result.issued += batch.issued;
    result.skipped += batch.listed - batch.issued;
    if (batch.listed < batchSize || !batch.next) return result;
    cursor = batch.next;
  }
}

async function loadItems(tx: DbOrTx, orgId: string, merges: Array<{ id: number; assessmentId: number }>): Promise<Item[]> {
  const items: Item[] = [];
  for (const merge of merges) {
    const change = await loadStoredChange(tx, orgId, merge.id);
    const scored = await getAssessmentWithPolicy(tx, orgId, merge.assessmentId);
    if (!change || !scored) continue;
    items.push({
      changeId: merge.id,
      change,
      assessment: assessmentOfRow(scored.assessment),
      policy: policyRefOfRow(scored.assessment, scored.policy),
    });
  }
  return items;
}

/**
 * Backfills every organisation that needs it; one organisation's failure does not stop the others. Runs on every
 * server start: an organisation found complete once is marked and not looked at again, so the check costs nothing
 * however many changes are stored.
 */
export async function backfillAllReceipts(db: Db, options: BackfillOptions & { log?: (line: string) => void }): Promise<number> {
  const now = options.now ?? (() => new Date());
  const awaiting = await listOrganisationsAwaitingReceiptBackfill(db);
  const behind = new Set(await listOrganisationsWithReceiptlessMerges(db, awaiting));
  let total = 0;
  for (const orgId of awaiting) {
    try {
      if (behind.has(orgId)) {
        const r = await backfillReceipts(db, orgId, options);
        total += r.issued;
        if (r.issued || r.skipped) options.log?.(`receipts backfilled for ${orgId}: ${r.issued} issued, ${r.skipped} without a valid merge commit`);
      }
      await markReceiptsBackfilled(db, orgId, now());
    } catch (err) {
      options.log?.(`receipt backfill for ${orgId} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return total;
}
