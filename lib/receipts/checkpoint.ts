import type { KeyObject } from "node:crypto";
import { hashDocument } from "./canonical";
import { ReceiptError } from "./errors";
import type { Signer } from "./keys";
import { inclusionProof, merkleRoot, receiptLeafHash, verifyInclusion } from "./merkle";
import {
  CHECKPOINT_FORMAT,
  RECEIPT_FORMAT,
  signedCheckpointSchema,
  type OrgRef,
  type SignedCheckpoint,
  type SignedReceipt,
} from "./schema";
import { signDocument, verifySignature } from "./signature";

/**
 * A signed statement "the first treeSize receipts of this organisation have Merkle root R and end with hash H".
 * Published or handed to an auditor, it pins the chain: a later rewrite or truncation cannot match it.
 */
export function createCheckpoint(
  input: { org: OrgRef; receiptHashes: readonly string[]; issuedAt?: string | Date },
  signer: Signer,
): SignedCheckpoint {
  const leaves = input.receiptHashes.map(receiptLeafHash);
  const checkpoint = {
    format: CHECKPOINT_FORMAT,
    org: { id: input.org.id, slug: input.org.slug },
    treeSize: leaves.length,
    rootHash: merkleRoot(leaves).toString("hex"),
    headHash: input.receiptHashes.at(-1) ?? null,
    issuedAt: toIso(input.issuedAt ?? new Date()),
    signerFingerprint: signer.fingerprint,
  } as const;
  return { checkpoint, ...signDocument(CHECKPOINT_FORMAT, checkpoint, signer) };
}

/** null when the checkpoint is well-formed, hashes correctly and carries a valid signature; else the problem. */
export function verifyCheckpoint(signed: unknown, key: KeyObject): string | null {
  const parsed = signedCheckpointSchema.safeParse(signed);
  if (!parsed.success) return `checkpoint is malformed: ${parsed.error.issues[0]?.message ?? "invalid"}`;
  const { checkpoint, hash, signature, publicKeyFingerprint } = parsed.data;
  if (checkpoint.signerFingerprint !== publicKeyFingerprint) return "checkpoint envelope names a different key from its body";
  if (hashDocument(checkpoint) !== hash) return "checkpoint content does not match its hash";
  if (!verifySignature(CHECKPOINT_FORMAT, hash, signature, key)) return "checkpoint signature does not verify";
  return null;
}

export interface InclusionProof {
  /** 0-based: receipt sequence − 1. */
  leafIndex: number;
  treeSize: number;
  /** Audit path, leaf to root, hex. */
  path: string[];
}

/** Proves receipt `sequence` is in the tree of the first `treeSize` receipts, given their hashes in order. */
export function proveReceiptInclusion(receiptHashes: readonly string[], sequence: number, treeSize = receiptHashes.length): InclusionProof {
  if (treeSize > receiptHashes.length) throw new ReceiptError(`only ${receiptHashes.length} receipt hashes were given for a tree of ${treeSize}`);
  const leaves = receiptHashes.slice(0, treeSize).map(receiptLeafHash);
  return {
    leafIndex: sequence - 1,
    treeSize,
    path: inclusionProof(leaves, sequence - 1).map((h) => h.toString("hex")),
  };
}

/**
 * Checks, without the rest of the chain, that a receipt is one of those a checkpoint commits to: its own
 * signature, the checkpoint's signature, and the audit path from its hash to the checkpoint's root.
 */
export function verifyReceiptInclusion(
  signed: SignedReceipt,
  proof: InclusionProof,
  checkpoint: SignedCheckpoint,
  key: KeyObject,
): string | null {
  const problem = verifyCheckpoint(checkpoint, key);
  if (problem) return problem;
  if (checkpoint.checkpoint.org.id !== signed.receipt.org.id) return "the checkpoint belongs to another organisation";
  if (hashDocument(signed.receipt) !== signed.hash) return "the receipt content does not match its hash";
  if (!verifySignature(RECEIPT_FORMAT, signed.hash, signed.signature, key)) return "the receipt signature does not verify";
  if (proof.leafIndex !== signed.receipt.sequence - 1 || proof.treeSize !== checkpoint.checkpoint.treeSize) {
    return "the proof is for another position or tree size";
  }
  const path = proof.path.map((h) => Buffer.from(h, "hex"));
  const root = Buffer.from(checkpoint.checkpoint.rootHash, "hex");
  return verifyInclusion(receiptLeafHash(signed.hash), proof.leafIndex, proof.treeSize, path, root)
    ? null
    : "the audit path does not lead to the checkpoint's root";
}

function toIso(value: string | Date): string {
  return typeof value === "string" ? value : value.toISOString();
}
