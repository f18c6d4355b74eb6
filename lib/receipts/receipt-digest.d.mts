/** Types of receipt-digest.mjs (plain JavaScript, so that worker threads can load it anywhere). */

export interface DigestOptions {
  /** Verify each receipt's signature with the key its envelope names (SPKI PEM by fingerprint). */
  signatureKeys?: Record<string, string> | null;
  /** Also return the fields a stored receipt row copies from the signed text. */
  columns?: boolean;
}

export interface SearchableColumns {
  kind: unknown;
  mergeSha: unknown;
  repo: unknown;
  number: unknown;
  /** Milliseconds since the epoch (NaN when unreadable). */
  mergedAt: number;
  risk: unknown;
  band: unknown;
  approvers: unknown[];
  issuedAt: number;
}

export type ReceiptDigest =
  | {
      ok: true;
      sequence: number;
      id: string;
      orgId: string;
      /** The hash the envelope records. */
      hash: string;
      signature: string;
      fingerprint: string;
      signerFingerprint: string;
      previousHash: string | null;
      previousSignature: string | null;
      amends: { sequence: number; hash: unknown; id: string | null } | null;
      /** The hash of the receipt's content as received. */
      contentHash: string;
      /** Null unless signatures were asked for and the envelope names a key that was given. */
      signatureValid: boolean | null;
      columns: SearchableColumns | null;
    }
  | { ok: false; detail: string; sequence: number | null; id: string | null };

export interface DigestBatch {
  digests: ReceiptDigest[];
  /** RFC 6962 leaf hash of each receipt's recorded hash, 32 bytes per item. */
  leaves: Uint8Array;
}

export function digestReceipts(items: readonly unknown[], options?: DigestOptions): DigestBatch;
