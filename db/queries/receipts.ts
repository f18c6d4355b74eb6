import { and, arrayContains, asc, desc, eq, gt, gte, inArray, like, lt, lte, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { changes, receiptChainHeads, receipts, signingKeys, type ReceiptRow, type SigningKey } from "../schema";
import { jsonRecords } from "./json-records";
import { reserveSerialIds } from "./serial-ids";

export type NewReceiptRow = typeof receipts.$inferInsert;

/**
 * Locks the organisation's chain head row until the transaction ends (creating it on first use): concurrent
 * issuers queue here, so each reads the head the previous one committed and no two claim the same sequence.
 */
export async function lockReceiptChain(tx: DbOrTx, orgId: string): Promise<{ sequence: number; hash: string | null }> {
  await tx.insert(receiptChainHeads).values({ orgId }).onConflictDoNothing();
  const [head] = await tx
    .select({ sequence: receiptChainHeads.sequence, hash: receiptChainHeads.hash })
    .from(receiptChainHeads)
    .where(eq(receiptChainHeads.orgId, orgId))
    .for("update");
  return head!;
}

export async function advanceChainHead(tx: DbOrTx, orgId: string, head: { sequence: number; hash: string }): Promise<void> {
  await tx
    .update(receiptChainHeads)
    .set({ ...head, updatedAt: new Date() })
    .where(eq(receiptChainHeads.orgId, orgId));
}

/** Where the chain should end, as recorded by the issuers; null when nothing was ever issued. */
export async function getRecordedChainHead(db: DbOrTx, orgId: string) {
  const [head] = await db
    .select({ sequence: receiptChainHeads.sequence, hash: receiptChainHeads.hash })
    .from(receiptChainHeads)
    .where(eq(receiptChainHeads.orgId, orgId));
  return head && head.sequence > 0 ? head : null;
}

/** The organisation's newest receipt as exported text, or null for an empty chain. */
export async function getChainHead(db: DbOrTx, orgId: string): Promise<{ id: number; sequence: number; canonical: string } | null> {
  const [row] = await db
    .select({ id: receipts.id, sequence: receipts.sequence, canonical: receipts.canonical })
    .from(receipts)
    .where(eq(receipts.orgId, orgId))
    .orderBy(desc(receipts.sequence))
    .limit(1);
  return row ?? null;
}


export interface ChangeReceiptRef {
  id: number;
  sequence: number;
  kind: "merge" | "amendment";
  canonical: string;
}

/** The receipts issued for one change, oldest first. */
export async function listReceiptsOfChange(db: DbOrTx, orgId: string, changeId: number): Promise<ChangeReceiptRef[]> {
  return db
    .select({ id: receipts.id, sequence: receipts.sequence, kind: receipts.kind, canonical: receipts.canonical })
    .from(receipts)
    .where(and(eq(receipts.orgId, orgId), eq(receipts.changeId, changeId)))
    .orderBy(asc(receipts.sequence));
}

export async function getReceipt(db: DbOrTx, orgId: string, receiptId: number): Promise<ReceiptRow | undefined> {
  const [row] = await db
    .select()
    .from(receipts)
    .where(and(eq(receipts.orgId, orgId), eq(receipts.id, receiptId)))
    .limit(1);
  return row;
}

/** Hash and link fields of the receipts at the given sequences (the neighbours of one receipt). */
export async function getChainLinks(db: DbOrTx, orgId: string, sequences: number[]) {
  if (!sequences.length) return [];
  return db
    .select({ id: receipts.id, sequence: receipts.sequence, hash: receipts.hash, previousHash: receipts.previousHash })
    .from(receipts)
    .where(and(eq(receipts.orgId, orgId), sql`${receipts.sequence} = any(${sql.param(sequences)}::bigint[])`));
}

/** One page of the chain's exported text in sequence order, for streaming verification and export. */
export async function readChainPage(db: DbOrTx, orgId: string, afterSequence: number, limit: number) {
  return db
    .select({ sequence: receipts.sequence, canonical: receipts.canonical })
    .from(receipts)
    .where(and(eq(receipts.orgId, orgId), gt(receipts.sequence, afterSequence)))
    .orderBy(asc(receipts.sequence))
    .limit(limit);
}

export async function countReceipts(db: DbOrTx, orgId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(receipts).where(eq(receipts.orgId, orgId));
  return row?.n ?? 0;
}

export interface ReceiptSearch {
  /** A pull request number, a pull request URL, or (a prefix of) a merge sha. */
  number?: number;
  repo?: string;
  mergeSha?: string;
  reviewer?: string;
  mergedFrom?: Date;
  mergedTo?: Date;
  /** Keyset: receipts with a lower sequence than this. */
  beforeSequence?: number;
  limit: number;
}

export async function searchReceipts(db: DbOrTx, orgId: string, q: ReceiptSearch) {
  const where: SQL[] = [eq(receipts.orgId, orgId)];
  if (q.number !== undefined) where.push(eq(receipts.number, q.number));
  if (q.repo) where.push(eq(receipts.repo, q.repo));
  if (q.mergeSha) where.push(q.mergeSha.length === 40 ? eq(receipts.mergeSha, q.mergeSha) : like(receipts.mergeSha, `${q.mergeSha}%`));
  if (q.reviewer) where.push(arrayContains(receipts.approvers, [q.reviewer]));
  if (q.mergedFrom) where.push(gte(receipts.mergedAt, q.mergedFrom));
  if (q.mergedTo) where.push(lte(receipts.mergedAt, q.mergedTo));
  if (q.beforeSequence !== undefined) where.push(lt(receipts.sequence, q.beforeSequence));
  return db
    .select({
      id: receipts.id,
      sequence: receipts.sequence,
      kind: receipts.kind,
      changeId: receipts.changeId,
      repo: receipts.repo,
      number: receipts.number,
      title: changes.title,
      mergeSha: receipts.mergeSha,
      mergedAt: receipts.mergedAt,
      approvers: receipts.approvers,
      risk: receipts.risk,
      band: receipts.band,
      issuedAt: receipts.issuedAt,
    })
    .from(receipts)
    .innerJoin(changes, and(eq(changes.id, receipts.changeId), eq(changes.orgId, orgId)))
    .where(and(...where))
    .orderBy(desc(receipts.sequence))
    .limit(q.limit);
}

/** The repositories that have receipts, for the search form. */
export async function listReceiptRepos(db: DbOrTx, orgId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ repo: receipts.repo }).from(receipts).where(eq(receipts.orgId, orgId)).orderBy(asc(receipts.repo));
  return rows.map((r) => r.repo);
}

/** Every key the organisation has signed with, newest first: the newest signs, all of them verify. */
export async function listSigningKeys(db: DbOrTx, orgId: string): Promise<SigningKey[]> {
  return db.select().from(signingKeys).where(eq(signingKeys.orgId, orgId)).orderBy(desc(signingKeys.createdAt), desc(signingKeys.id));
}

export async function insertSigningKey(tx: DbOrTx, row: typeof signingKeys.$inferInsert): Promise<void> {
  await tx.insert(signingKeys).values(row);
}

/** One page of stored receipts with every column, and the change each points at, for verification. */
export async function readChainRowsPage(db: DbOrTx, orgId: string, afterSequence: number, limit: number) {
  return db
    .select({
      receipt: receipts,
      changeNumber: changes.number,
      changeMergeSha: changes.mergeSha,
    })
    .from(receipts)
    .leftJoin(changes, and(eq(changes.id, receipts.changeId), eq(changes.orgId, orgId)))
    .where(and(eq(receipts.orgId, orgId), gt(receipts.sequence, afterSequence)))
    .orderBy(asc(receipts.sequence))
    .limit(limit);
}

/**
 * A receipt whose signed text says it is number `sequence` of this organisation, wherever its row now is (another
 * sequence, another organisation): explains a gap in the chain. Only run when verification found one.
 */
export async function findDisplacedReceipt(db: DbOrTx, orgId: string, sequence: number) {
  const [row] = await db
    .select({ id: receipts.id, orgId: receipts.orgId, sequence: receipts.sequence, hash: receipts.hash })
    .from(receipts)
    .where(
      and(
        like(receipts.canonical, `%"org":{"id":"${orgId}"%`),
        like(receipts.canonical, `%"sequence":${sequence},%`),
        sql`not (${receipts.orgId} = ${orgId} and ${receipts.sequence} = ${sequence})`,
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Ids for receipts about to be issued (the signed document names its own id). */
export function reserveReceiptIds(tx: DbOrTx, count: number): Promise<number[]> {
  return reserveSerialIds(tx, "receipts", count);
}

/** Inserts receipts whose ids were reserved with reserveReceiptIds, as one statement (rows as one JSON parameter). */
export async function insertReceipts(tx: DbOrTx, rows: Array<NewReceiptRow & { id: number }>): Promise<void> {
  if (!rows.length) return;
  const { columns, select } = jsonRecords(receipts, rows);
  await tx.execute(sql`insert into ${receipts} (${columns}) ${select}`);
}

/** The receipt in force (highest sequence) of each change that has one. */
export async function latestReceiptsOfChanges(db: DbOrTx, orgId: string, changeIds: number[]): Promise<Map<number, string>> {
  if (!changeIds.length) return new Map();
  const rows = await db
    .select({ changeId: receipts.changeId, sequence: receipts.sequence, canonical: receipts.canonical })
    .from(receipts)
    .where(and(eq(receipts.orgId, orgId), inArray(receipts.changeId, changeIds)))
    .orderBy(asc(receipts.sequence));
  return new Map(rows.map((r) => [r.changeId, r.canonical]));
}
