/**
 * Strict base64 decoding. Node's decoder skips characters it does not know and ignores the spare bits of the
 * last character, so two different strings can decode to the same bytes; for keys, nonces and signatures we
 * want exactly one spelling per value.
 */
export function decodeBase64Url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

/** Accepts standard (with or without padding) or url-safe base64; used for keys pasted by people. */
export function decodeBase64Lenient(text: string): Buffer | null {
  const urlSafe = text.trim().replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return decodeBase64Url(urlSafe);
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}
