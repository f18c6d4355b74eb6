import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeBase64Url, encodeBase64Url } from "./base64";
import { DecryptionFailedError, KeyringError, MalformedEnvelopeError, UnknownKeyIdError } from "./errors";

/** AES-256-GCM with a random 96-bit nonce per seal; a key id in the envelope lets keys rotate. */
export const ENVELOPE_VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface Keyring {
  /** The key new envelopes are sealed with. */
  activeKeyId: string;
  /** Every key that may still open old envelopes, including the active one. */
  keys: ReadonlyMap<string, Buffer>;
}

export interface SecretBox {
  readonly activeKeyId: string;
  /** Encrypts under the active key. `aad` binds the envelope to a context (e.g. "github-token:<orgId>"). */
  seal(plaintext: string | Uint8Array, aad?: string): string;
  open(envelope: string, aad?: string): Buffer;
  openText(envelope: string, aad?: string): string;
  /** The key id an envelope was sealed with, without decrypting it. */
  keyIdOf(envelope: string): string;
  /** True when the envelope was sealed with a key other than the active one. */
  needsRotation(envelope: string): boolean;
  /** Opens with whichever key sealed it and seals again under the active key. */
  reseal(envelope: string, aad?: string): string;
}

export function isValidKeyId(keyId: string): boolean {
  return KEY_ID.test(keyId);
}

export function createSecretBox(keyring: Keyring): SecretBox {
  const keys = new Map<string, Buffer>();
  for (const [kid, key] of keyring.keys) {
    if (!isValidKeyId(kid)) throw new KeyringError(`key id "${kid}" must be 1–32 characters of A–Z a–z 0–9 _ -`);
    if (key.length !== SECRET_KEY_BYTES) {
      throw new KeyringError(`key "${kid}" must be ${SECRET_KEY_BYTES} bytes, got ${key.length}`);
    }
    keys.set(kid, Buffer.from(key));
  }
  const activeKey = keys.get(keyring.activeKeyId);
  if (!activeKey) throw new KeyringError(`active key id "${keyring.activeKeyId}" is not in the keyring`);
  const activeKeyId = keyring.activeKeyId;

  function seal(plaintext: string | Uint8Array, aad = ""): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", activeKey!, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(activeKeyId, aad));
    const data = typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext;
    const body = Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
    return `${ENVELOPE_VERSION}.${activeKeyId}.${encodeBase64Url(nonce)}.${encodeBase64Url(body)}`;
  }

  function open(envelope: string, aad = ""): Buffer {
    const { keyId, nonce, body } = parseEnvelope(envelope);
    const key = keys.get(keyId);
    if (!key) throw new UnknownKeyIdError(keyId);
    const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId, aad));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new DecryptionFailedError(keyId);
    }
  }

  return {
    activeKeyId,
    seal,
    open,
    openText: (envelope, aad) => open(envelope, aad).toString("utf8"),
    keyIdOf: (envelope) => parseEnvelope(envelope).keyId,
    needsRotation: (envelope) => parseEnvelope(envelope).keyId !== activeKeyId,
    reseal: (envelope, aad) => seal(open(envelope, aad), aad),
  };
}

// The header is authenticated too, so an envelope cannot be relabelled with another version or key id.
function additionalData(keyId: string, aad: string): Buffer {
  return Buffer.from(`${ENVELOPE_VERSION}.${keyId}.${aad}`, "utf8");
}

function parseEnvelope(envelope: string): { keyId: string; nonce: Buffer; body: Buffer } {
  if (typeof envelope !== "string") throw new MalformedEnvelopeError("secret envelope must be a string");
  const parts = envelope.split(".");
  if (parts.length !== 4) {
    throw new MalformedEnvelopeError(`secret envelope must have 4 dot-separated parts, got ${parts.length}`);
  }
  const [version, keyId, nonceText, bodyText] = parts as [string, string, string, string];
  if (version !== ENVELOPE_VERSION) {
    throw new MalformedEnvelopeError(`secret envelope version "${version.slice(0, 8)}" is not supported`);
  }
  if (!isValidKeyId(keyId)) throw new MalformedEnvelopeError("secret envelope has an invalid key id");
  const nonce = decodeBase64Url(nonceText);
  if (!nonce || nonce.length !== NONCE_BYTES) {
    throw new MalformedEnvelopeError("secret envelope nonce must be 12 bytes of base64url");
  }
  const body = decodeBase64Url(bodyText);
  if (!body || body.length < TAG_BYTES) {
    throw new MalformedEnvelopeError("secret envelope ciphertext must be base64url and hold a 16-byte tag");
  }
  return { keyId, nonce, body };
}
