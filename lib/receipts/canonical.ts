import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace, ECMAScript number and string forms. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON representation");
  return text;
}

export function sha256(data: string | Uint8Array): Buffer {
  return createHash("sha256").update(data).digest();
}

/** The document hash used throughout: sha256 (hex) of the UTF-8 bytes of the canonical JSON. */
export function hashDocument(value: unknown): string {
  return sha256(canonicalJson(value)).toString("hex");
}
