import { and, asc, eq, exists, gt, inArray, isNotNull, isNull, not, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { changes, organisations, receipts } from "../schema";

/** Where a backfill run has got to, in merge order. */
export interface MergeCursor {
  mergedAt: Date;
  id: number;
}

const hasReceipt = (db: DbOrTx) => exists(db.select({ one: sql`1` }).from(receipts).where(eq(receipts.changeId, changes.id)));

const receiptless = (db: DbOrTx) =>
  and(
    eq(changes.state, "merged"),
    isNotNull(changes.mergedAt),
    isNotNull(changes.mergeSha),
    isNotNull(changes.currentAssessmentId),
    not(hasReceipt(db)),
  );

/**
 * Merged, scored changes with no receipt at all (stored before receipts existed), oldest merge first, after
 * `cursor`. Run under the organisation's chain lock, so no issuer adds one meanwhile.
 */
export async function listReceiptlessMerges(db: DbOrTx, orgId: string, cursor: MergeCursor | null, limit: number) {
  const after = cursor
    ? or(gt(changes.mergedAt, cursor.mergedAt), and(eq(changes.mergedAt, cursor.mergedAt), gt(changes.id, cursor.id)))
    : undefined;
  const rows = await db
    .select({ id: changes.id, mergedAt: changes.mergedAt, assessmentId: changes.currentAssessmentId })
    .from(changes)
    .where(and(eq(changes.orgId, orgId), receiptless(db), after))
    .orderBy(asc(changes.mergedAt), asc(changes.id))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, mergedAt: r.mergedAt!, assessmentId: r.assessmentId! }));
}

/**
 * Organisations with a merged change that has no receipt: the only ones where a backfill can have work. Checked on
 * every server start, so it reads two indexes and never the changes table (changes_org_merged_at_idx holds the
 * organisation, merged_at and id of merged changes; receipts_change_idx the change ids): at a million changes about
 * 100 MB of index instead of the 1 GB table. It may name an organisation whose receipt-less merges cannot have one
 * (no merge commit, not scored); its backfill then issues nothing.
 */
export async function listOrganisationsWithReceiptlessMerges(db: DbOrTx, among?: string[]): Promise<string[]> {
  if (among && !among.length) return [];
  const rows = await db
    .selectDistinct({ orgId: changes.orgId })
    .from(changes)
    // A literal, not a parameter: the partial index (state = 'merged') must match in a generic plan too.
    .where(and(sql`${changes.state} = 'merged'`, isNotNull(changes.mergedAt), not(hasReceipt(db)), among ? inArray(changes.orgId, among) : undefined));
  return rows.map((r) => r.orgId);
}

/** Organisations whose receipts have not been found complete yet (see organisations.receiptsBackfilledAt). */
export async function listOrganisationsAwaitingReceiptBackfill(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ id: organisations.id }).from(organisations).where(isNull(organisations.receiptsBackfilledAt));
  return rows.map((r) => r.id);
}

export async function markReceiptsBackfilled(db: DbOrTx, orgId: string, at: Date): Promise<void> {
  await db.update(organisations).set({ receiptsBackfilledAt: at }).where(eq(organisations.id, orgId));
}

/** The repository a change belongs to, or null when the change is not the organisation's. */
export async function getRepositoryOfChange(db: DbOrTx, orgId: string, changeId: number): Promise<string | null> {
  const [row] = await db
    .select({ repositoryId: changes.repositoryId })
    .from(changes)
    .where(and(eq(changes.orgId, orgId), eq(changes.id, changeId)))
    .limit(1);
  return row?.repositoryId ?? null;
}
