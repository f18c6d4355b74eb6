import { verify, type KeyObject } from "node:crypto";
import { decodeBase64Url, encodeBase64Url } from "@/lib/crypto/base64";
import { canonicalJson, sha256 } from "./canonical";
import type { Signer } from "./keys";
import { SIGNATURE_ALGORITHM } from "./schema";

/**
 * What is signed: the UTF-8 bytes of `<format>\n<hash hex>`, where format names the kind of document (a receipt
 * or a checkpoint) so that a signature over one can never be passed off as the other, and hash is the sha256 of
 * the document's canonical JSON. Signing the short hash keeps offline checks with openssl a one-liner.
 */
export function signedMessage(format: string, hashHex: string): Buffer {
  return Buffer.from(`${format}\n${hashHex}`, "utf8");
}

export interface SignatureFields {
  hash: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
  publicKeyFingerprint: string;
  signature: string;
}

export function signDocument(format: string, document: unknown, signer: Signer): SignatureFields {
  return signCanonical(format, canonicalJson(document), signer);
}

/** signDocument for a document whose canonical JSON the caller has already built. */
export function signCanonical(format: string, canonical: string, signer: Signer): SignatureFields {
  const hash = sha256(canonical).toString("hex");
  return {
    hash,
    algorithm: SIGNATURE_ALGORITHM,
    publicKeyFingerprint: signer.fingerprint,
    signature: encodeBase64Url(signer.sign(signedMessage(format, hash))),
  };
}

/** Strict: a signature string that is not the one canonical base64url spelling of 64 bytes is invalid. */
export function verifySignature(format: string, hashHex: string, signature: string, key: KeyObject): boolean {
  const bytes = decodeBase64Url(signature);
  if (!bytes || bytes.length !== 64) return false;
  return verify(null, signedMessage(format, hashHex), key, bytes);
}
