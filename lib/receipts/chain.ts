import type { KeyObject } from "node:crypto";
import { ReceiptError } from "./errors";
import { createKeySet, type PublicKeyInput, type Signer } from "./keys";
import { MerkleFrontier } from "./merkle";
import { RECEIPT_FORMAT, receiptDraftSchema, type ReceiptBody, type ReceiptDraft, type SignedCheckpoint, type SignedReceipt } from "./schema";
import { canonicalJson } from "./canonical";
import { signCanonical, verifySignature } from "./signature";
import { exportedEnvelope } from "./verify";
import { verifyCheckpoint } from "./checkpoint";
import { getVerifyPool, type DigestBatch, type Digester, type DigestOptions, type ReceiptDigest } from "./verify-pool";

/**
 * Places a draft after `prev` in its organisation's chain and signs it. The caller must serialise appends per
 * organisation (the database does, by locking the chain head), or two receipts would claim the same sequence.
 */
export function appendReceipt(prev: SignedReceipt | null, draft: ReceiptDraft, signer: Signer): SignedReceipt {
  const parsed = receiptDraftSchema.safeParse(draft);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "receipt"}: ${i.message}`);
    throw new ReceiptError(`receipt is invalid: ${issues.join("; ")}`);
  }
  return appendBuiltReceipt(prev, parsed.data, signer).signed;
}

/**
 * appendReceipt for a draft exactly as `buildMergeReceipt` or `buildAmendment` returned it (they validate it, so
 * it is not validated again), answering the signed receipt and its exported text (`exportReceiptJson`), built
 * from the canonical JSON that was hashed instead of canonicalising the envelope a second time.
 */
export function appendBuiltReceipt(
  prev: SignedReceipt | null,
  draft: ReceiptDraft,
  signer: Signer,
): { signed: SignedReceipt; exported: string } {
  if (prev && prev.receipt.org.id !== draft.org.id) {
    throw new ReceiptError(`cannot chain a receipt of organisation ${draft.org.id} after one of organisation ${prev.receipt.org.id}`);
  }
  if (draft.amends && (!prev || draft.amends.sequence > prev.receipt.sequence)) {
    throw new ReceiptError("an amendment can only amend a receipt already in the chain");
  }
  const receipt: ReceiptBody = {
    ...draft,
    sequence: prev ? prev.receipt.sequence + 1 : 1,
    previousHash: prev ? prev.hash : null,
    previousSignature: prev ? prev.signature : null,
    signerFingerprint: signer.fingerprint,
  };
  const canonical = canonicalJson(receipt);
  const fields = signCanonical(RECEIPT_FORMAT, canonical, signer);
  return { signed: { receipt, ...fields }, exported: exportedEnvelope(fields, canonical) };
}

export type ChainProblem =
  | "malformed"
  | "unknown-key"
  | "key-mismatch"
  | "hash-mismatch"
  | "signature-invalid"
  | "org-mismatch"
  | "sequence-gap"
  | "sequence-order"
  | "previous-hash-mismatch"
  | "previous-signature-mismatch"
  | "amends-invalid"
  | "checkpoint-invalid"
  | "checkpoint-mismatch"
  | "truncated";

export interface BrokenLink {
  /** The sequence number the receipt claims (null when it cannot be read). */
  sequence: number | null;
  id: string | null;
  hash: string | null;
  /** 0-based position in the stream that was verified. */
  position: number;
  problem: ChainProblem;
  detail: string;
}

export type ChainVerification =
  | { ok: true; count: number; head: { sequence: number; hash: string } | null; rootHash: string }
  | { ok: false; count: number; firstBad: BrokenLink };

/**
 * Items are signed receipts as objects, or as their exported text (`exportReceiptJson`, one per line of a JSONL
 * file or a text column). Text in the exported layout is hashed as it stands, which skips re-canonicalising.
 */
type Source = Iterable<unknown> | AsyncIterable<unknown>;

/** A receipt's exported text, marked so verification hashes it as it stands. */
export class ExportedReceipt {
  constructor(readonly text: string) {}
}

export interface VerifyChainOptions {
  /**
   * "linked" (default): every hash and link is recomputed, and each signature is authenticated by the next
   * receipt, which embeds it; the last receipt's signature, and any signature a broken link implicates, are
   * verified with the key. "all": every signature is verified with the key as well (about 7,000 a second
   * per core).
   */
  signatures?: "linked" | "all";
  /** The organisation the chain must belong to; defaults to that of the first receipt. */
  orgId?: string;
  /** A signed checkpoint: the chain must reach its size and match its Merkle root and head hash there. */
  checkpoint?: SignedCheckpoint;
  /**
   * Where receipts are parsed, hashed and signature-checked: the process's worker threads (default), or this
   * thread. The walk along the chain's links is always here, in order.
   */
  digester?: Digester;
  /** Also digest the fields a stored row copies from the signed text (`ReceiptDigest.columns`). */
  columns?: boolean;
  /**
   * Called with each receipt whose own checks and links passed. Returning "stop" ends the walk there, as if the
   * chain ended after this receipt (the caller reports what it saw).
   */
  onReceipt?: (digest: ReceiptDigest & { ok: true }, position: number) => "stop" | void;
}

/**
 * Streams through an organisation's receipts in sequence order with constant memory and reports the first
 * broken link. Pass `source` as a function returning a fresh stream and, when a run of rewritten receipts is
 * found in "linked" mode, the verifier reads the prefix again verifying every signature, so that it names the
 * earliest forged receipt rather than the last one of the run.
 */
export async function verifyChain(
  source: Source | (() => Source),
  publicKeys: PublicKeyInput | readonly PublicKeyInput[],
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const keys = createKeySet(publicKeys);
  const mode = options.signatures ?? "linked";
  const first = await verifyStream(typeof source === "function" ? source() : source, keys, mode, options);
  if (first.ok || mode === "all" || typeof source !== "function" || !first.rewritten) return first.result;
  const exact = await verifyStream(source(), keys, "all", options, first.result.firstBad.position);
  return exact.ok ? first.result : exact.result;
}

interface Tail {
  sequence: number;
  id: string;
  hash: string;
  signature: string;
  key: KeyObject;
  position: number;
  signatureChecked: boolean;
}

type StreamOutcome =
  | { ok: true; result: ChainVerification & { ok: true } }
  | { ok: false; rewritten: boolean; result: ChainVerification & { ok: false } };

async function verifyStream(
  source: Source,
  keys: Map<string, KeyObject>,
  mode: "linked" | "all",
  options: VerifyChainOptions,
  stopAt = Infinity,
): Promise<StreamOutcome> {
  const frontier = new MerkleFrontier();
  const hashes = new HashLog();
  let orgId = options.orgId ?? null;
  let prev: Tail | null = null;
  let position = 0;
  let stopped = false;

  const checkpoint = options.checkpoint ?? null;
  if (checkpoint) {
    const key = keys.get(checkpoint.publicKeyFingerprint);
    const problem = key ? verifyCheckpoint(checkpoint, key) : "checkpoint is signed by a key that was not supplied";
    if (problem !== null) return fail(false, null, null, null, 0, "checkpoint-invalid", problem, 0);
    orgId ??= checkpoint.checkpoint.org.id;
  }

  function fail(rewritten: boolean, sequence: number | null, id: string | null, hash: string | null, at: number,
    problem: ChainProblem, detail: string, count = at): StreamOutcome {
    return { ok: false, rewritten, result: { ok: false, count, firstBad: { sequence, id, hash, position: at, problem, detail } } };
  }
  function failOn(t: Tail, problem: ChainProblem, detail: string, rewritten = false): StreamOutcome {
    return fail(rewritten, t.sequence, t.id, t.hash, t.position, problem, detail, t.position);
  }

  const digestOptions: DigestOptions = {
    signatureKeys: mode === "all" ? pemsOf(keys) : null,
    columns: options.columns === true,
  };
  const digester = options.digester ?? getVerifyPool();
  for await (const { digest, leaf } of digestInOrder(source, digester, digestOptions, stopAt)) {
    if (position > stopAt) {
      stopped = true;
      break;
    }
    if (!digest.ok) return fail(false, digest.sequence, digest.id, null, position, "malformed", digest.detail);
    const current = { sequence: digest.sequence, id: digest.id, hash: digest.hash };
    const here = (problem: ChainProblem, detail: string, rewritten = false) =>
      fail(rewritten, current.sequence, current.id, current.hash, position, problem, detail);

    const key = keys.get(digest.fingerprint);
    if (!key) return here("unknown-key", `signed by key ${digest.fingerprint}, which is not among the keys supplied`);
    if (digest.signerFingerprint !== digest.fingerprint) {
      return here("key-mismatch", "the envelope names a different key from the one the receipt says signed it");
    }
    if (digest.contentHash !== digest.hash) {
      return here("hash-mismatch", `the receipt's content hashes to ${digest.contentHash}, not to the recorded ${digest.hash}`);
    }
    const signatureChecked = mode === "all";
    if (signatureChecked && digest.signatureValid !== true) {
      return here("signature-invalid", "the signature does not verify with the organisation's key");
    }
    if (orgId === null) orgId = digest.orgId;
    if (digest.orgId !== orgId) return here("org-mismatch", `belongs to organisation ${digest.orgId}, not ${orgId}`);

    const expected = prev ? prev.sequence + 1 : 1;
    if (digest.sequence > expected) {
      return here("sequence-gap", `expected receipt #${expected} here, found #${digest.sequence}: receipts are missing or out of order`);
    }
    if (digest.sequence < expected) {
      return here("sequence-order", `expected receipt #${expected} here, found #${digest.sequence}: duplicated or out of order`);
    }
    if (prev) {
      const hashLinked = digest.previousHash === prev.hash;
      const signatureLinked = digest.previousSignature === prev.signature;
      if (!hashLinked || !signatureLinked) {
        // Either the predecessor was rewritten (its signature cannot verify) or this receipt's link was.
        if (!prev.signatureChecked && !verifySignature(RECEIPT_FORMAT, prev.hash, prev.signature, prev.key)) {
          return failOn(prev, "signature-invalid", "the signature does not verify with the organisation's key", true);
        }
        return hashLinked
          ? here("previous-signature-mismatch", `does not carry the signature of receipt #${prev.sequence}`)
          : here("previous-hash-mismatch", `points at previous hash ${digest.previousHash}, but receipt #${prev.sequence} has hash ${prev.hash}`);
      }
    } else if (digest.previousHash !== null || digest.previousSignature !== null) {
      return here("previous-hash-mismatch", "the first receipt of a chain must not point at a previous receipt");
    }
    if (digest.amends && digest.amends.sequence >= digest.sequence) {
      return here("amends-invalid", `amends receipt #${digest.amends.sequence}, which is not earlier in the chain`);
    }
    if (digest.amends && hashes.at(digest.amends.sequence - 1) !== digest.amends.hash) {
      return here("amends-invalid", `amends receipt #${digest.amends.sequence} by a hash that is not that receipt's hash`);
    }

    frontier.append(leaf);
    hashes.push(digest.hash);
    if (checkpoint && frontier.size === checkpoint.checkpoint.treeSize) {
      const root = frontier.root().toString("hex");
      if (root !== checkpoint.checkpoint.rootHash || digest.hash !== checkpoint.checkpoint.headHash) {
        return here("checkpoint-mismatch", `the chain up to #${digest.sequence} does not match the signed checkpoint of that size`);
      }
    }
    prev = { ...current, signature: digest.signature, key, position, signatureChecked };
    position += 1;
    if (options.onReceipt?.(digest, position - 1) === "stop") {
      stopped = true;
      break;
    }
  }

  if (prev && !prev.signatureChecked && !verifySignature(RECEIPT_FORMAT, prev.hash, prev.signature, prev.key)) {
    return failOn(prev, "signature-invalid", "the signature of the last receipt does not verify with the organisation's key", true);
  }
  if (checkpoint && !stopped && position < checkpoint.checkpoint.treeSize) {
    return fail(false, prev ? prev.sequence + 1 : 1, null, null, position, "truncated",
      `the signed checkpoint covers ${checkpoint.checkpoint.treeSize} receipts, but the chain ends after ${position}`);
  }
  return {
    ok: true,
    result: {
      ok: true,
      count: position,
      head: prev ? { sequence: prev.sequence, hash: prev.hash } : null,
      rootHash: frontier.root().toString("hex"),
    },
  };
}

/** Items per batch sent to a worker: large enough to amortise a message, small enough to keep every core busy. */
const BATCH = 256;

/**
 * Digests the stream's items in batches, several batches in flight on the digester at once, and yields the
 * digests in stream order. Reading stops once `stopAt` items past the start have been read.
 */
async function* digestInOrder(source: Source, digester: Digester, options: DigestOptions, stopAt: number) {
  const inFlight: Promise<DigestBatch>[] = [];
  const maxInFlight = Math.max(2, digester.threads * 2);
  let batch: unknown[] = [];
  let read = 0;
  const send = () => {
    const sent = digester.digest(batch, options);
    // A batch left behind when the walk stops early must not surface as an unhandled rejection.
    sent.catch(() => undefined);
    inFlight.push(sent);
    batch = [];
  };
  async function* drainOne() {
    const { digests, leaves } = await inFlight.shift()!;
    for (let i = 0; i < digests.length; i++) yield { digest: digests[i]!, leaf: leaves.subarray(i * 32, i * 32 + 32) };
  }
  for await (const item of source) {
    batch.push(item instanceof ExportedReceipt ? item.text : item);
    read += 1;
    if (batch.length >= BATCH) send();
    while (inFlight.length >= maxInFlight) yield* drainOne();
    if (read > stopAt + 1) break;
  }
  if (batch.length) send();
  while (inFlight.length) yield* drainOne();
}

function pemsOf(keys: Map<string, KeyObject>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [fingerprint, key] of keys) out[fingerprint] = key.export({ type: "spki", format: "pem" }).toString();
  return out;
}

/** The hash of every receipt seen so far, 32 bytes each (3.2 MB for 100,000), so amendments can be checked. */
class HashLog {
  private bytes = new Uint8Array(32 * 1024);
  private size = 0;

  push(hex: string): void {
    if ((this.size + 1) * 32 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(Buffer.from(hex, "hex"), this.size * 32);
    this.size += 1;
  }

  at(index: number): string | null {
    if (index < 0 || index >= this.size) return null;
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + index * 32, 32).toString("hex");
  }
}
