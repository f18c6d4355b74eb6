import type { Db, DbOrTx } from "../../db/client";
import { getChainLinks, getReceipt, listReceiptsOfChange, listSigningKeys } from "../../db/queries/receipts";
import type { SecretBox } from "../crypto";
import { verifyReceipt, type SignedReceipt } from "../receipts";
import { NotFoundError } from "./errors";
import { ensureSigningKey } from "./signing-keys";

export interface ReceiptView {
  id: number;
  changeId: number;
  signed: SignedReceipt;
  /** The exact exported text (the JSON download). */
  canonical: string;
  /** This receipt on its own: content matches hash, signature verifies with the organisation's key. */
  check: { ok: true } | { ok: false; problem: string; detail: string };
  /** Its place in the chain: the neighbours' hashes agree with it. */
  links: { previous: LinkState; next: LinkState };
  keyFingerprint: string | null;
  /** Every receipt of the same change (the original and its amendments), oldest first. */
  history: Array<{ id: number; sequence: number; kind: "merge" | "amendment"; reason: string | null; issuedAt: string }>;
}

export type LinkState = "linked" | "broken" | "none";

export async function loadReceiptView(db: DbOrTx, orgId: string, receiptId: number): Promise<ReceiptView> {
  const row = await getReceipt(db, orgId, receiptId);
  if (!row) throw new NotFoundError("There is no such receipt in this organisation.");
  const signed = JSON.parse(row.canonical) as SignedReceipt;
  const keys = await listSigningKeys(db, orgId);
  const key = keys.find((k) => k.fingerprint === signed.publicKeyFingerprint) ?? null;
  const verdict = key
    ? verifyReceipt(signed, key.publicKeyPem)
    : { ok: false as const, problem: "unknown-key", detail: "the key that signed it is not one of the organisation's keys" };
  const check = verdict.ok && row.hash === signed.hash ? { ok: true as const } : verdict.ok ? { ok: false as const, problem: "stored-copy-mismatch", detail: "the stored hash differs from the signed document" } : verdict;
  const sequence = signed.receipt.sequence;
  const neighbours = await getChainLinks(db, orgId, [sequence - 1, sequence + 1]);
  const prev = neighbours.find((n) => n.sequence === sequence - 1);
  const next = neighbours.find((n) => n.sequence === sequence + 1);
  const history = await loadChangeReceiptHistory(db, orgId, row.changeId);
  return {
    id: row.id,
    changeId: row.changeId,
    signed,
    canonical: row.canonical,
    check,
    links: {
      previous: sequence === 1 ? "none" : prev && prev.hash === signed.receipt.previousHash ? "linked" : "broken",
      next: !next ? "none" : next.previousHash === signed.hash ? "linked" : "broken",
    },
    keyFingerprint: key?.fingerprint ?? null,
    history,
  };
}

/** The receipts of one change (the merge receipt, then its amendments), for the change page and the receipt page. */
export async function loadChangeReceiptHistory(db: DbOrTx, orgId: string, changeId: number): Promise<ReceiptView["history"]> {
  return (await listReceiptsOfChange(db, orgId, changeId)).map((r) => {
    const body = (JSON.parse(r.canonical) as SignedReceipt).receipt;
    return { id: r.id, sequence: r.sequence, kind: r.kind, reason: body.amends?.reason.detail ?? null, issuedAt: body.issuedAt };
  });
}

/** The organisation's public key (PEM) for download, generating the key pair if none was needed yet. */
export async function getOrgPublicKey(db: Db, box: SecretBox, orgId: string) {
  const [current] = await listSigningKeys(db, orgId);
  if (current) return current;
  return db.transaction((tx) => ensureSigningKey(tx, orgId, box));
}
