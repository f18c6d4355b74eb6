import type { DbOrTx } from "../../db/client";
import { findDisplacedReceipt, getRecordedChainHead, listSigningKeys, readChainRowsPage } from "../../db/queries/receipts";
import type { ReceiptRow } from "../../db/schema";
import { verifyChain, type BrokenLink, type ChainProblem, type Digester, type ReceiptDigest } from "../receipts";

export type StoredChainProblem = ChainProblem | "stored-copy-mismatch";

export type OrgChainVerification =
  | { ok: true; count: number; head: { sequence: number; hash: string } | null; rootHash: string | null }
  | { ok: false; count: number; firstBad: Omit<BrokenLink, "problem"> & { problem: StoredChainProblem; receiptId: number | null } };

interface Mismatch {
  row: ReceiptRow;
  /** The sequence the signed text gives, which the row's own column may no longer show. */
  sequence: number;
  position: number;
  detail: string;
}

interface StoredRow {
  receipt: ReceiptRow;
  changeNumber: number | null;
  changeMergeSha: string | null;
}

/**
 * Verifies an organisation's whole chain as stored: the signed text of every receipt through the chain verifier
 * (hashes, links, signatures, order, gaps), and every searchable column against the signed text, so that a row
 * whose copy was edited — a search by merge sha finding the wrong receipt — is named as well.
 */
export async function verifyOrgChain(
  db: DbOrTx,
  orgId: string,
  opts: { signatures?: "linked" | "all"; pageSize?: number; digester?: Digester } = {},
): Promise<OrgChainVerification> {
  const keys = await listSigningKeys(db, orgId);
  const pageSize = opts.pageSize ?? 2_000;
  let mismatch: Mismatch | null = null;
  const fingerprintOfKey = new Map(keys.map((k) => [k.id, k.fingerprint]));

  // Rows read but not yet walked, by stream position: the walk compares each row's columns with its digest.
  const pending = new Map<number, StoredRow>();
  function* rowsOf(page: StoredRow[], from: number) {
    for (const [i, row] of page.entries()) {
      pending.set(from + i, row);
      yield row.receipt.canonical;
    }
  }
  /** The issuers' record of the head, read once the stream had reached the end of what is stored. */
  let recordedAtEnd: Awaited<ReturnType<typeof getRecordedChainHead>> | undefined;
  async function* stream() {
    mismatch = null;
    pending.clear();
    recordedAtEnd = undefined;
    let after = 0;
    let position = 0;
    let caughtUp = false;
    for (;;) {
      const page = (await readChainRowsPage(db, orgId, after, pageSize)) as StoredRow[];
      yield* rowsOf(page, position);
      position += page.length;
      if (page.length) after = page[page.length - 1]!.receipt.sequence;
      if (page.length === pageSize) continue;
      // The end of what was stored when the page was read. Receipts issued meanwhile (a sync or a rescore running)
      // extend the chain: the head recorded now is committed with everything before it, so one more read finds
      // them; if that read finds nothing new, what the record promises is missing.
      const recorded = await getRecordedChainHead(db, orgId);
      if (recorded && recorded.sequence > after && !(caughtUp && page.length === 0)) {
        caughtUp = true;
        continue;
      }
      recordedAtEnd = recorded;
      return;
    }
  }
  // The verifier checks a row's signed text first: a problem there, or before it, is the one to report.
  function compareColumns(digest: ReceiptDigest & { ok: true }, position: number): "stop" | void {
    const row = pending.get(position)!;
    pending.delete(position);
    const detail = columnMismatch(row, digest, fingerprintOfKey);
    if (!detail) return;
    mismatch = { row: row.receipt, sequence: digest.sequence, position, detail };
    return "stop";
  }

  if (!keys.length) {
    const [first] = await readChainRowsPage(db, orgId, 0, 1);
    if (!first && !(await getRecordedChainHead(db, orgId))) return { ok: true, count: 0, head: null, rootHash: null };
    if (!first) {
      return {
        ok: false,
        count: 0,
        firstBad: { sequence: 1, id: null, receiptId: null, hash: null, position: 0, problem: "truncated", detail: "receipts were issued, but none is stored any more" },
      };
    }
    return {
      ok: false,
      count: 0,
      firstBad: {
        sequence: first.receipt.sequence,
        id: String(first.receipt.id),
        receiptId: first.receipt.id,
        hash: first.receipt.hash,
        position: 0,
        problem: "unknown-key",
        detail: "receipts exist but the organisation has no signing key to verify them with",
      },
    };
  }
  const result = await verifyChain(stream, keys.map((k) => k.publicKeyPem), {
    signatures: opts.signatures ?? "linked",
    orgId,
    columns: true,
    onReceipt: compareColumns,
    digester: opts.digester,
  });
  if (!result.ok && (result.firstBad.problem === "sequence-gap" || result.firstBad.problem === "sequence-order")) {
    const expected = result.count === 0 ? 1 : null;
    const missing = expected ?? (await expectedSequenceAt(db, orgId, result.firstBad.position));
    const displaced = missing === null ? null : await findDisplacedReceipt(db, orgId, missing);
    if (displaced) {
      const where = displaced.orgId === orgId ? `at sequence ${displaced.sequence}` : "under another organisation";
      return {
        ok: false,
        count: result.count,
        firstBad: {
          sequence: missing,
          id: String(displaced.id),
          receiptId: displaced.id,
          hash: displaced.hash,
          position: result.firstBad.position,
          problem: "stored-copy-mismatch",
          detail: `receipt #${missing} is stored ${where}: its row was moved out of its place in the chain`,
        },
      };
    }
  }
  if (!result.ok) {
    const receiptId = result.firstBad.id !== null && /^\d+$/.test(result.firstBad.id) ? Number(result.firstBad.id) : null;
    return { ok: false, count: result.count, firstBad: { ...result.firstBad, receiptId } };
  }
  const found = mismatch as Mismatch | null;
  if (found) {
    return {
      ok: false,
      count: found.position,
      firstBad: {
        sequence: found.sequence,
        id: String(found.row.id),
        receiptId: found.row.id,
        hash: found.row.hash,
        position: found.position,
        problem: "stored-copy-mismatch",
        detail: found.detail,
      },
    };
  }
  const recorded = recordedAtEnd === undefined ? await getRecordedChainHead(db, orgId) : recordedAtEnd;
  const end = result.head;
  if ((recorded?.sequence ?? 0) !== (end?.sequence ?? 0) || (recorded && recorded.hash !== end?.hash)) {
    const missing = (end?.sequence ?? 0) + 1;
    return {
      ok: false,
      count: result.count,
      firstBad: {
        sequence: recorded && recorded.sequence > (end?.sequence ?? 0) ? missing : (end?.sequence ?? null),
        id: null,
        receiptId: null,
        hash: recorded?.hash ?? null,
        position: result.count,
        problem: "truncated",
        detail: recorded
          ? `the chain ends at #${end?.sequence ?? 0}, but the issuers recorded its head at #${recorded.sequence} (${recorded.hash?.slice(0, 12)}…): receipts from #${missing} on are missing or were replaced`
          : `the chain's head record is missing while ${result.count} receipts exist`,
      },
    };
  }
  return { ok: true, count: result.count, head: end, rootHash: result.count ? result.rootHash : null };
}

/** The sequence the receipt at a stream position should have: one more than the one before it. */
async function expectedSequenceAt(db: DbOrTx, orgId: string, position: number): Promise<number | null> {
  if (position === 0) return 1;
  const page = await readChainRowsPage(db, orgId, 0, position);
  const before = page[position - 1];
  return before ? before.receipt.sequence + 1 : null;
}

/** Names the first stored column that disagrees with the signed text, or null when they all agree. */
export function columnMismatch(row: StoredRow, digest: ReceiptDigest & { ok: true }, fingerprintOfKey: Map<string, string>): string | null {
  const c = digest.columns;
  if (!c) return null;
  const s = row.receipt;
  const checks: Array<[string, boolean]> = [
    ["id", String(s.id) === digest.id],
    ["sequence", s.sequence === digest.sequence],
    ["kind", s.kind === c.kind],
    ["hash", s.hash === digest.hash],
    ["signature", s.signature === digest.signature],
    ["previous_hash", s.previousHash === digest.previousHash],
    ["key_id", fingerprintOfKey.get(s.keyId) === digest.fingerprint],
    ["amends_receipt_id", (s.amendsReceiptId === null ? null : String(s.amendsReceiptId)) === (digest.amends?.id ?? null)],
    ["merge_sha", s.mergeSha === c.mergeSha],
    ["repo", s.repo === c.repo],
    ["number", s.number === c.number],
    ["merged_at", s.mergedAt?.getTime() === c.mergedAt],
    ["risk", typeof c.risk === "number" && Math.fround(s.risk) === Math.fround(c.risk)],
    ["band", s.band === c.band],
    ["approvers", sameList(s.approvers, c.approvers)],
    ["issued_at", s.issuedAt.getTime() === c.issuedAt],
    ["change_id", row.changeNumber === c.number && (row.changeMergeSha ?? "").toLowerCase() === c.mergeSha],
  ];
  const bad = checks.find(([, ok]) => !ok);
  return bad ? `the stored column ${bad[0]} does not match the signed receipt` : null;
}

function sameList(a: string[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
