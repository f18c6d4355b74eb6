import { canonicalJson, hashDocument } from "./canonical";
import { ReceiptError } from "./errors";
import { loadPublicKey, publicKeyFingerprint, type PublicKeyInput } from "./keys";
import { RECEIPT_FORMAT, signedReceiptSchema, type SignedReceipt } from "./schema";
import { verifySignature, type SignatureFields } from "./signature";

export type ReceiptProblem =
  | "unreadable"
  | "not-canonical"
  | "malformed"
  | "wrong-key"
  | "key-mismatch"
  | "hash-mismatch"
  | "signature-invalid";

export type ReceiptCheck =
  | { ok: true; signed: SignedReceipt; fingerprint: string }
  | { ok: false; problem: ReceiptProblem; detail: string };

/** Verifies one signed receipt on its own: its form, that its content matches its hash, and its signature. */
export function verifyReceipt(signed: unknown, publicKey: PublicKeyInput): ReceiptCheck {
  const key = loadPublicKey(publicKey);
  const fingerprint = publicKeyFingerprint(key);
  const parsed = signedReceiptSchema.safeParse(signed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: "malformed", detail: `${issue.path.join(".") || "document"}: ${issue.message}` };
  }
  const envelope = parsed.data;
  if (envelope.publicKeyFingerprint !== fingerprint) {
    return {
      ok: false,
      problem: "wrong-key",
      detail: `the receipt was signed by key ${envelope.publicKeyFingerprint}, but the key given is ${fingerprint}`,
    };
  }
  if (envelope.receipt.signerFingerprint !== envelope.publicKeyFingerprint) {
    return { ok: false, problem: "key-mismatch", detail: "the envelope names a different key from the receipt body" };
  }
  // Hash what was received, not the parsed copy: the strict schema already refused unknown fields.
  const recomputed = hashDocument((signed as { receipt: unknown }).receipt);
  if (recomputed !== envelope.hash) {
    return { ok: false, problem: "hash-mismatch", detail: `the content hashes to ${recomputed}, not to the recorded ${envelope.hash}` };
  }
  if (!verifySignature(RECEIPT_FORMAT, envelope.hash, envelope.signature, key)) {
    return { ok: false, problem: "signature-invalid", detail: "the signature does not verify with the given public key" };
  }
  return { ok: true, signed: envelope, fingerprint };
}

/** The exported JSON file: the canonical JSON of the signed envelope and one newline. */
export function exportReceiptJson(signed: SignedReceipt): string {
  return `${canonicalJson(signed)}\n`;
}

/**
 * exportReceiptJson of the envelope of `fields` around a receipt whose canonical JSON is `receiptCanonical`: the
 * envelope's five keys in their canonical (sorted) order, its strings in JSON's one spelling, which RFC 8785 keeps.
 */
export function exportedEnvelope(fields: SignatureFields, receiptCanonical: string): string {
  const str = JSON.stringify;
  return `{"algorithm":${str(fields.algorithm)},"hash":${str(fields.hash)},"publicKeyFingerprint":${str(fields.publicKeyFingerprint)},"receipt":${receiptCanonical},"signature":${str(fields.signature)}}\n`;
}

export function parseReceiptJson(text: string): SignedReceipt {
  const parsed = signedReceiptSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ReceiptError(`not a signed receipt: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

export interface VerifyFileOptions {
  /**
   * Accept a file whose JSON was re-indented or re-ordered after export. By default the file must be exactly
   * the exported canonical form, so that a change to any byte, even whitespace, is reported.
   */
  allowReformatted?: boolean;
}

/** Verifies an exported receipt file's bytes. */
export function verifyReceiptFile(bytes: Uint8Array, publicKey: PublicKeyInput, options: VerifyFileOptions = {}): ReceiptCheck {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, problem: "unreadable", detail: "the file is not valid UTF-8" };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: "unreadable", detail: `the file is not valid JSON (${(err as Error).message})` };
  }
  if (!options.allowReformatted) {
    let canonical: string;
    try {
      canonical = canonicalJson(document);
    } catch {
      return { ok: false, problem: "unreadable", detail: "the file holds no JSON value" };
    }
    if (text !== canonical && text !== `${canonical}\n`) {
      return {
        ok: false,
        problem: "not-canonical",
        detail: "the file differs from the canonical form it was exported in (was it edited or re-formatted?)",
      };
    }
  }
  return verifyReceipt(document, publicKey);
}
