import { createHmac, timingSafeEqual } from "node:crypto";

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks `X-Hub-Signature-256` against each configured secret (two during a rotation). Every secret is tried
 * whatever the outcome, and digests are compared in constant time, so timing says nothing about which one
 * matched or how much of the signature was right.
 */
export function verifyWebhookSignature(secrets: readonly string[], rawBody: string | Uint8Array, signatureHeader: string | null | undefined): boolean {
  const m = HEADER.exec((signatureHeader ?? "").trim());
  if (!m) return false;
  const given = Buffer.from(m[1]!.toLowerCase(), "hex");
  let ok = false;
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = createHmac("sha256", secret).update(rawBody).digest();
    if (timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}

/** The header value GitHub would send for this body and secret (for tests and the simulator). */
export function signWebhookBody(secret: string, rawBody: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}
