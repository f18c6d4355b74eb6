import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace, ECMAScript number and string forms. The output is
 * canonicalize's, byte for byte; it is built faster by copying the value with every object's keys inserted in
 * sorted order and letting the native JSON.stringify write it (JCS strings and numbers are JSON.stringify's).
 * Where an object's insertion order would not hold (keys that look like array indices, which JavaScript always
 * enumerates first, or `__proto__`), or a value is not plain data, canonicalize writes it instead.
 */
export function canonicalJson(value: unknown): string {
  const copy = sortedCopy(value);
  const text = copy === UNSUITED ? canonicalize(value) : (JSON.stringify(copy) as string | undefined);
  if (text === undefined) throw new TypeError("value has no JSON representation");
  return text;
}

const UNSUITED = Symbol("unsuited");

function sortedCopy(value: unknown): unknown {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError(`${value} has no JSON representation`);
    return typeof value === "function" ? UNSUITED : value;
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return sortedCopy(toJSON.call(value));
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const copy = item === undefined || typeof item === "symbol" ? null : sortedCopy(item);
      if (copy === UNSUITED) return UNSUITED;
      out[i] = copy;
    }
    return out;
  }
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const item = source[key];
    if (item === undefined || typeof item === "symbol") continue;
    if (isDigit(key.charCodeAt(0)) || key === "__proto__") return UNSUITED;
    const copy = sortedCopy(item);
    if (copy === UNSUITED) return UNSUITED;
    out[key] = copy;
  }
  return out;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function sha256(data: string | Uint8Array): Buffer {
  return createHash("sha256").update(data).digest();
}

/** The document hash used throughout: sha256 (hex) of the UTF-8 bytes of the canonical JSON. */
export function hashDocument(value: unknown): string {
  return sha256(canonicalJson(value)).toString("hex");
}
