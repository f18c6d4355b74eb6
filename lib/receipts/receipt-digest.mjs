// The per-receipt work of chain verification: parse, check the shape, hash the content, optionally verify the
// signature, and reduce the receipt to the few fields the sequential chain walk compares. Each receipt is digested
// on its own, so batches can run on worker threads (verify-worker.mjs) or in the calling thread alike.
//
// Plain JavaScript with node: imports and one package only: a worker thread cannot load TypeScript under Vitest or
// inside the Next server. Types are in receipt-digest.d.mts; the logic is tested through lib/receipts/chain.ts.
import { createHash, createPublicKey, verify } from "node:crypto";
import canonicalize from "canonicalize";

const RECEIPT_FORMAT = "risk-ledger.receipt/v1";
const ENVELOPE_KEYS = ["algorithm", "hash", "publicKeyFingerprint", "receipt", "signature"];

// The exported text of a signed receipt: keys in canonical order, so the receipt's own canonical text is the part
// between these fixed-layout fields.
const EXPORT_HEAD = /^\{"algorithm":"Ed25519","hash":"[0-9a-f]{64}","publicKeyFingerprint":"(?:[0-9a-f]{2}:){31}[0-9a-f]{2}","receipt":/;
const EXPORT_TAIL = /^,"signature":"[A-Za-z0-9_-]{86}"\}$/;
const EXPORT_TAIL_LENGTH = 102;
const HEX64 = /^[0-9a-f]{64}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const LEAF_PREFIX = Buffer.from([0]);

const sha256 = (data) => createHash("sha256").update(data).digest();

/**
 * Digests a batch of receipts (signed envelopes as objects, or as exported text). Returns one digest per item
 * and the RFC 6962 leaf hash of each receipt's recorded hash, 32 bytes per item (zeros for a malformed one).
 */
export function digestReceipts(items, options = {}) {
  const leaves = new Uint8Array(items.length * 32);
  const keys = options.signatureKeys ? keyObjects(options.signatureKeys) : null;
  const digests = items.map((item, i) => {
    const digest = digestReceipt(item, keys, options.columns === true);
    if (digest.ok) leaves.set(createHash("sha256").update(LEAF_PREFIX).update(Buffer.from(digest.hash, "hex")).digest(), i * 32);
    return digest;
  });
  return { digests, leaves };
}

function digestReceipt(item, keys, withColumns) {
  let parsed = item;
  let contentHash = null;
  if (typeof item === "string") {
    try {
      parsed = JSON.parse(item);
    } catch (err) {
      return malformed(null, `not valid JSON (${err.message})`);
    }
    contentHash = exportedContentHash(item);
  }
  const shape = readShape(parsed);
  if (typeof shape === "string") return malformed(parsed, shape);
  const { envelope, receipt } = shape;
  if (contentHash === null) {
    const canonical = canonicalize(receipt);
    if (canonical === undefined) return malformed(parsed, "receipt has no JSON representation");
    contentHash = sha256(canonical).toString("hex");
  }
  let signatureValid = null;
  const key = keys?.get(envelope.publicKeyFingerprint);
  if (key) signatureValid = verifyReceiptSignature(envelope.hash, envelope.signature, key);
  const amends = receipt.amends;
  return {
    ok: true,
    sequence: receipt.sequence,
    id: receipt.id,
    orgId: receipt.org.id,
    hash: envelope.hash,
    signature: envelope.signature,
    fingerprint: envelope.publicKeyFingerprint,
    signerFingerprint: receipt.signerFingerprint,
    previousHash: receipt.previousHash,
    previousSignature: receipt.previousSignature,
    amends: amends === null ? null : { sequence: amends.sequence, hash: amends.hash ?? null, id: typeof amends.id === "string" ? amends.id : null },
    contentHash,
    signatureValid,
    columns: withColumns ? searchableColumns(receipt) : null,
  };
}

/**
 * Text in the exported layout is hashed as it stands, which skips re-canonicalising the parsed copy: any text that
 * hashes to the signed hash is the canonical text that was signed. Null when the text is laid out in some other way
 * (re-indented, say); its parsed value is then canonicalised. (The parse itself stays: V8's JSON.parse is faster
 * than picking the few fields the walk needs out of the text by hand.)
 */
function exportedContentHash(item) {
  const text = item.endsWith("\n") ? item.slice(0, -1) : item;
  const head = EXPORT_HEAD.exec(text);
  const tailAt = text.length - EXPORT_TAIL_LENGTH;
  if (!head || tailAt <= head[0].length || !EXPORT_TAIL.test(text.slice(tailAt))) return null;
  return sha256(text.slice(head[0].length, tailAt)).toString("hex");
}

/** What a stored receipt row copies from the signed text, for comparing the two; null when the receipt lacks them. */
function searchableColumns(r) {
  if (!isRecord(r.change) || !isRecord(r.assessment) || !Array.isArray(r.approvals)) return null;
  return {
    kind: r.kind,
    mergeSha: r.change.mergeSha,
    repo: r.change.repo,
    number: r.change.number,
    mergedAt: Date.parse(r.change.mergedAt),
    risk: r.assessment.risk,
    band: r.assessment.band,
    approvers: r.approvals.map((a) => (isRecord(a) ? a.reviewer : undefined)),
    issuedAt: Date.parse(r.issuedAt),
  };
}

/**
 * The structure the chain walk relies on. The full schema is not re-checked per receipt: anything outside these
 * fields is covered by the hash, and only the key holder can sign a malformed receipt.
 */
function readShape(item) {
  if (!isRecord(item)) return "not a JSON object";
  const keys = Object.keys(item).sort();
  if (keys.length !== ENVELOPE_KEYS.length || keys.some((k, i) => k !== ENVELOPE_KEYS[i])) {
    return `the envelope must have exactly the fields ${ENVELOPE_KEYS.join(", ")}`;
  }
  const { hash, algorithm, publicKeyFingerprint, signature, receipt } = item;
  if (typeof hash !== "string" || !HEX64.test(hash)) return "hash must be 64 lowercase hex characters";
  if (algorithm !== "Ed25519") return 'algorithm must be "Ed25519"';
  if (typeof publicKeyFingerprint !== "string") return "publicKeyFingerprint must be a string";
  if (typeof signature !== "string") return "signature must be a string";
  if (!isRecord(receipt)) return "receipt must be an object";
  if (receipt.format !== RECEIPT_FORMAT) return `receipt.format must be "${RECEIPT_FORMAT}"`;
  if (!Number.isSafeInteger(receipt.sequence) || receipt.sequence < 1) return "receipt.sequence must be a positive integer";
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
  return { envelope: { hash, algorithm, publicKeyFingerprint, signature }, receipt };
}

/** Same message and strictness as signature.ts: `<format>\n<hash>`, and one base64url spelling of 64 bytes. */
function verifyReceiptSignature(hashHex, signature, key) {
  if (!BASE64URL.test(signature)) return false;
  const bytes = Buffer.from(signature, "base64url");
  if (bytes.length !== 64 || bytes.toString("base64url") !== signature) return false;
  return verify(null, Buffer.from(`${RECEIPT_FORMAT}\n${hashHex}`, "utf8"), key, bytes);
}

function malformed(parsed, detail) {
  const receipt = isRecord(parsed) && isRecord(parsed.receipt) ? parsed.receipt : null;
  return {
    ok: false,
    detail,
    sequence: typeof receipt?.sequence === "number" ? receipt.sequence : null,
    id: typeof receipt?.id === "string" ? receipt.id : null,
  };
}

const keyCache = new Map();

/** Public keys (SPKI PEM) by fingerprint, parsed once per thread. */
function keyObjects(pemByFingerprint) {
  const out = new Map();
  for (const [fingerprint, pem] of Object.entries(pemByFingerprint)) {
    let key = keyCache.get(pem);
    if (!key) {
      key = createPublicKey(pem);
      keyCache.set(pem, key);
    }
    out.set(fingerprint, key);
  }
  return out;
}

function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
