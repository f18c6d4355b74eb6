import { randomBytes } from "node:crypto";
import { decodeBase64Lenient } from "./base64";
import { KeyringError } from "./errors";
import { isValidKeyId, SECRET_KEY_BYTES, type Keyring } from "./secret-box";

/**
 * Parses a keyring from an environment-style value: `"k2:<base64 key>,k1:<base64 key>"`. The first entry is
 * the active key; the others only open envelopes sealed before a rotation. Whitespace around entries is ignored.
 */
export function parseKeyring(value: string | undefined, variableName = "ENCRYPTION_KEYS"): Keyring {
  if (value === undefined || value.trim() === "") {
    throw new KeyringError(
      `${variableName} is empty: set it to "<key id>:<base64 of 32 random bytes>" (generate one with \`openssl rand -base64 32\`)`,
    );
  }
  const keys = new Map<string, Buffer>();
  let activeKeyId: string | undefined;
  value.split(",").forEach((rawEntry, index) => {
    const entry = rawEntry.trim();
    const where = `${variableName} entry ${index + 1}`;
    if (entry === "") throw new KeyringError(`${where} is empty (stray comma?)`);
    const colon = entry.indexOf(":");
    if (colon <= 0) throw new KeyringError(`${where} must be "<key id>:<base64 key>"`);
    const keyId = entry.slice(0, colon).trim();
    if (!isValidKeyId(keyId)) {
      throw new KeyringError(`${where}: key id "${keyId.slice(0, 40)}" must be 1–32 characters of A–Z a–z 0–9 _ -`);
    }
    if (keys.has(keyId)) throw new KeyringError(`${where}: key id "${keyId}" appears twice`);
    const key = decodeBase64Lenient(entry.slice(colon + 1));
    if (!key) throw new KeyringError(`${where} (key id "${keyId}"): the key is not valid base64`);
    if (key.length !== SECRET_KEY_BYTES) {
      throw new KeyringError(
        `${where} (key id "${keyId}"): the key must decode to ${SECRET_KEY_BYTES} bytes, got ${key.length}`,
      );
    }
    keys.set(keyId, key);
    activeKeyId ??= keyId;
  });
  return { activeKeyId: activeKeyId!, keys };
}

/** A fresh keyring entry, for setup scripts and tests: `"<keyId>:<base64 key>"`. */
export function generateKeyringEntry(keyId: string): string {
  if (!isValidKeyId(keyId)) throw new KeyringError(`key id "${keyId}" must be 1–32 characters of A–Z a–z 0–9 _ -`);
  return `${keyId}:${randomBytes(SECRET_KEY_BYTES).toString("base64")}`;
}
