import { createHash } from "node:crypto";

/** The policy version named by scores and receipts: sha256 of the exact document text, hex. */
export function policyVersionOf(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
