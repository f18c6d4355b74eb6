import type { KeyObject } from "node:crypto";
import { hashDocument, sha256 } from "./canonical";
import { ReceiptError } from "./errors";
import { createKeySet, type PublicKeyInput, type Signer } from "./keys";
import { MerkleFrontier, receiptLeafHash } from "./merkle";
import { RECEIPT_FORMAT, receiptDraftSchema, type ReceiptBody, type ReceiptDraft, type SignedCheckpoint, type SignedReceipt } from "./schema";
import { signDocument, verifySignature } from "./signature";
import { verifyCheckpoint } from "./checkpoint";

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
  if (prev && prev.receipt.org.id !== parsed.data.org.id) {
    throw new ReceiptError(
      `cannot chain a receipt of organisation ${parsed.data.org.id} after one of organisation ${prev.receipt.org.id}`,
    );
  }
  if (parsed.data.amends && (!prev || parsed.data.amends.sequence > prev.receipt.sequence)) {
    throw new ReceiptError("an amendment can only amend a receipt already in the chain");
  }
  const receipt: ReceiptBody = {
    ...parsed.data,
    sequence: prev ? prev.receipt.sequence + 1 : 1,
    previousHash: prev ? prev.hash : null,
    previousSignature: prev ? prev.signature : null,
    signerFingerprint: signer.fingerprint,
  };
  return { receipt, ...signDocument(RECEIPT_FORMAT, receipt, signer) };
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

/**
 * A receipt's exported text together with its already parsed value: a caller that had to parse the text anyway
 * (to compare it with stored columns) saves the verifier a second parse, while the text is still hashed as it stands.
 */
export class ExportedReceipt {
  constructor(
    readonly text: string,
    readonly parsed: unknown,
  ) {}
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

  for await (const item of source) {
    if (position > stopAt) {
      stopped = true;
      break;
    }
    const read = readItem(item);
    const shape = read.shape;
    if (typeof shape === "string") return fail(false, peekSequence(read.parsed), peekId(read.parsed), null, position, "malformed", shape);
    const { envelope, receipt } = shape;
    const current = { sequence: receipt.sequence, id: receipt.id, hash: envelope.hash };
    const here = (problem: ChainProblem, detail: string, rewritten = false) =>
      fail(rewritten, current.sequence, current.id, current.hash, position, problem, detail);

    const key = keys.get(envelope.publicKeyFingerprint);
    if (!key) return here("unknown-key", `signed by key ${envelope.publicKeyFingerprint}, which is not among the keys supplied`);
    if (receipt.signerFingerprint !== envelope.publicKeyFingerprint) {
      return here("key-mismatch", "the envelope names a different key from the one the receipt says signed it");
    }
    const recomputed = read.bodyHash ?? hashDocument(receipt);
    if (recomputed !== envelope.hash) {
      return here("hash-mismatch", `the receipt's content hashes to ${recomputed}, not to the recorded ${envelope.hash}`);
    }
    const signatureChecked = mode === "all";
    if (signatureChecked && !verifySignature(RECEIPT_FORMAT, envelope.hash, envelope.signature, key)) {
      return here("signature-invalid", "the signature does not verify with the organisation's key");
    }
    if (orgId === null) orgId = receipt.org.id;
    if (receipt.org.id !== orgId) return here("org-mismatch", `belongs to organisation ${receipt.org.id}, not ${orgId}`);

    const expected = prev ? prev.sequence + 1 : 1;
    if (receipt.sequence > expected) {
      return here("sequence-gap", `expected receipt #${expected} here, found #${receipt.sequence}: receipts are missing or out of order`);
    }
    if (receipt.sequence < expected) {
      return here("sequence-order", `expected receipt #${expected} here, found #${receipt.sequence}: duplicated or out of order`);
    }
    if (prev) {
      const hashLinked = receipt.previousHash === prev.hash;
      const signatureLinked = receipt.previousSignature === prev.signature;
      if (!hashLinked || !signatureLinked) {
        // Either the predecessor was rewritten (its signature cannot verify) or this receipt's link was.
        if (!prev.signatureChecked && !verifySignature(RECEIPT_FORMAT, prev.hash, prev.signature, prev.key)) {
          return failOn(prev, "signature-invalid", "the signature does not verify with the organisation's key", true);
        }
        return hashLinked
          ? here("previous-signature-mismatch", `does not carry the signature of receipt #${prev.sequence}`)
          : here("previous-hash-mismatch", `points at previous hash ${receipt.previousHash}, but receipt #${prev.sequence} has hash ${prev.hash}`);
      }
    } else if (receipt.previousHash !== null || receipt.previousSignature !== null) {
      return here("previous-hash-mismatch", "the first receipt of a chain must not point at a previous receipt");
    }
    if (receipt.amends && receipt.amends.sequence >= receipt.sequence) {
      return here("amends-invalid", `amends receipt #${receipt.amends.sequence}, which is not earlier in the chain`);
    }
    if (receipt.amends && hashes.at(receipt.amends.sequence - 1) !== receipt.amends.hash) {
      return here("amends-invalid", `amends receipt #${receipt.amends.sequence} by a hash that is not that receipt's hash`);
    }

    frontier.append(receiptLeafHash(envelope.hash));
    hashes.push(envelope.hash);
    if (checkpoint && frontier.size === checkpoint.checkpoint.treeSize) {
      const root = frontier.root().toString("hex");
      if (root !== checkpoint.checkpoint.rootHash || envelope.hash !== checkpoint.checkpoint.headHash) {
        return here("checkpoint-mismatch", `the chain up to #${receipt.sequence} does not match the signed checkpoint of that size`);
      }
    }
    prev = { ...current, signature: envelope.signature, key, position, signatureChecked };
    position += 1;
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

// The exported text of a signed receipt: keys in canonical order, so the receipt's own canonical text is the
// part between these fixed-layout fields.
const EXPORT_HEAD = /^\{"algorithm":"Ed25519","hash":"[0-9a-f]{64}","publicKeyFingerprint":"(?:[0-9a-f]{2}:){31}[0-9a-f]{2}","receipt":/;
const EXPORT_TAIL = /^,"signature":"[A-Za-z0-9_-]{86}"\}$/;
const EXPORT_TAIL_LENGTH = 102;

function readItem(raw: unknown): { parsed: unknown; shape: Shape | string; bodyHash?: string } {
  const given = raw instanceof ExportedReceipt ? raw : null;
  const item = given ? given.text : raw;
  if (typeof item !== "string") return { parsed: item, shape: readShape(item) };
  let parsed: unknown;
  try {
    parsed = given ? given.parsed : JSON.parse(item);
  } catch (err) {
    return { parsed: null, shape: `not valid JSON (${(err as Error).message})` };
  }
  const text = item.endsWith("\n") ? item.slice(0, -1) : item;
  const head = EXPORT_HEAD.exec(text);
  const tailAt = text.length - EXPORT_TAIL_LENGTH;
  if (!head || tailAt <= head[0].length || !EXPORT_TAIL.test(text.slice(tailAt))) return { parsed, shape: readShape(parsed) };
  // Any text that hashes to the signed hash is the canonical text that was signed, so no re-serialising is needed.
  const bodyHash = sha256(text.slice(head[0].length, tailAt)).toString("hex");
  return { parsed, shape: readShape(parsed), bodyHash };
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

interface Shape {
  envelope: { hash: string; algorithm: string; publicKeyFingerprint: string; signature: string };
  receipt: ReceiptBody;
}

const ENVELOPE_KEYS = ["algorithm", "hash", "publicKeyFingerprint", "receipt", "signature"];

/**
 * The structure the chain walk relies on. The full schema is not re-checked per receipt: anything outside
 * these fields is covered by the hash, and only the key holder can sign a malformed receipt.
 */
function readShape(item: unknown): Shape | string {
  if (!isRecord(item)) return "not a JSON object";
  const keys = Object.keys(item).sort();
  if (keys.length !== ENVELOPE_KEYS.length || keys.some((k, i) => k !== ENVELOPE_KEYS[i])) {
    return `the envelope must have exactly the fields ${ENVELOPE_KEYS.join(", ")}`;
  }
  const { hash, algorithm, publicKeyFingerprint, signature, receipt } = item;
  if (typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) return "hash must be 64 lowercase hex characters";
  if (algorithm !== "Ed25519") return 'algorithm must be "Ed25519"';
  if (typeof publicKeyFingerprint !== "string") return "publicKeyFingerprint must be a string";
  if (typeof signature !== "string") return "signature must be a string";
  if (!isRecord(receipt)) return "receipt must be an object";
  if (receipt.format !== RECEIPT_FORMAT) return `receipt.format must be "${RECEIPT_FORMAT}"`;
  if (!Number.isSafeInteger(receipt.sequence) || (receipt.sequence as number) < 1) return "receipt.sequence must be a positive integer";
  if (typeof receipt.id !== "string") return "receipt.id must be a string";
  if (!isRecord(receipt.org) || typeof receipt.org.id !== "string") return "receipt.org.id must be a string";
  if (receipt.previousHash !== null && typeof receipt.previousHash !== "string") return "receipt.previousHash must be a string or null";
  if (receipt.previousSignature !== null && typeof receipt.previousSignature !== "string") {
    return "receipt.previousSignature must be a string or null";
  }
  if (typeof receipt.signerFingerprint !== "string") return "receipt.signerFingerprint must be a string";
  if (receipt.amends !== null && !(isRecord(receipt.amends) && Number.isSafeInteger(receipt.amends.sequence))) {
    return "receipt.amends must be null or name a receipt sequence";
  }
  return { envelope: { hash, algorithm, publicKeyFingerprint, signature }, receipt: receipt as unknown as ReceiptBody };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function peekSequence(item: unknown): number | null {
  const r = isRecord(item) && isRecord(item.receipt) ? item.receipt.sequence : null;
  return typeof r === "number" ? r : null;
}

function peekId(item: unknown): string | null {
  const r = isRecord(item) && isRecord(item.receipt) ? item.receipt.id : null;
  return typeof r === "string" ? r : null;
}
