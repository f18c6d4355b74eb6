import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign } from "node:crypto";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { sha256 } from "./canonical";
import { ReceiptError } from "./errors";

/** An organisation's Ed25519 signing key: the private half is sealed with the secret box before it is stored. */
export interface OrgKeyPair {
  /** SPKI PEM: the file people download to verify receipts. */
  publicKeyPem: string;
  /** PKCS#8 PEM. Never store it unsealed. */
  privateKeyPem: string;
  fingerprint: string;
}

export interface Signer {
  readonly fingerprint: string;
  readonly publicKey: KeyObject;
  sign(message: Uint8Array): Buffer;
}

export type PublicKeyInput = string | Buffer | KeyObject;

export function generateOrgKeyPair(): OrgKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    fingerprint: fingerprintOf(publicKey),
  };
}

/** Parses a public key (PEM or a KeyObject) and insists that it is Ed25519. */
export function loadPublicKey(input: PublicKeyInput): KeyObject {
  let key: KeyObject;
  try {
    key = input instanceof KeyObject ? input : createPublicKey(input);
  } catch {
    throw new ReceiptError("the public key could not be read: expected an Ed25519 public key in PEM (SPKI) form");
  }
  if (key.type === "private") key = createPublicKey(key);
  if (key.asymmetricKeyType !== "ed25519") {
    throw new ReceiptError(`the public key is ${key.asymmetricKeyType ?? key.type}, not Ed25519`);
  }
  return key;
}

/**
 * sha256 of the public key's SPKI DER encoding, as colon-separated lowercase hex: the same text that
 * `openssl pkey -pubin -in key.pem -outform DER | openssl dgst -sha256 -c` prints.
 */
export function publicKeyFingerprint(input: PublicKeyInput): string {
  return fingerprintOf(loadPublicKey(input));
}

function fingerprintOf(key: KeyObject): string {
  const der = key.export({ type: "spki", format: "der" });
  return sha256(der).toString("hex").match(/../g)!.join(":");
}

export function createSigner(privateKey: string | KeyObject): Signer {
  let key: KeyObject;
  try {
    key = privateKey instanceof KeyObject ? privateKey : createPrivateKey(privateKey);
  } catch {
    throw new ReceiptError("the signing key could not be read: expected an Ed25519 private key in PKCS#8 PEM form");
  }
  if (key.type !== "private" || key.asymmetricKeyType !== "ed25519") {
    throw new ReceiptError("the signing key must be an Ed25519 private key");
  }
  const publicKey = createPublicKey(key);
  return { fingerprint: fingerprintOf(publicKey), publicKey, sign: (message) => sign(null, message, key) };
}

/** The aad that binds a sealed signing key to its organisation, so one org's sealed key cannot serve another. */
export function orgKeyContext(orgId: string): string {
  return `org-signing-key:${orgId}`;
}

export function sealOrgPrivateKey(box: SecretBox, orgId: string, privateKeyPem: string): string {
  return box.seal(privateKeyPem, orgKeyContext(orgId));
}

export function openOrgSigner(box: SecretBox, orgId: string, sealedPrivateKey: string): Signer {
  return createSigner(box.openText(sealedPrivateKey, orgKeyContext(orgId)));
}

/** Public keys by fingerprint, so a chain signed before and after a key rotation verifies with both keys. */
export function createKeySet(keys: PublicKeyInput | readonly PublicKeyInput[]): Map<string, KeyObject> {
  const list = Array.isArray(keys) ? keys : [keys as PublicKeyInput];
  if (list.length === 0) throw new ReceiptError("at least one public key is needed to verify receipts");
  return new Map(list.map((input) => {
    const key = loadPublicKey(input);
    return [fingerprintOf(key), key] as const;
  }));
}
