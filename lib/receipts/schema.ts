import { z } from "zod";
import { SIGNAL_NAMES } from "@/lib/scoring/types";

/**
 * The receipt document (docs/receipts.md). Objects are strict: a field the schema does not know is an error, so
 * what a verifier reads is exactly what was hashed and signed.
 */
export const RECEIPT_FORMAT = "risk-ledger.receipt/v1";
export const CHECKPOINT_FORMAT = "risk-ledger.checkpoint/v1";
export const SIGNATURE_ALGORITHM = "Ed25519";

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters (sha256)");
export const gitSha = z.string().regex(/^[0-9a-f]{7,64}$/, "must be a lowercase hex commit id");
const timestamp = z.iso.datetime({ offset: true });
const text = z.string();
const band = z.enum(["low", "elevated", "high", "critical"]);
const nonNegativeInt = z.number().int().min(0);

export const orgRefSchema = z.strictObject({ id: text.min(1), slug: text.min(1) });

export const changeSchema = z.strictObject({
  repo: text.regex(/^[^/\s]+\/[^/\s]+$/, "must be owner/name"),
  /** null for a change seen only in git history, with no pull request. */
  number: z.number().int().positive().nullable(),
  title: text,
  url: text.nullable(),
  author: text.nullable(),
  mergeSha: gitSha,
  /** The head commit of the pull request when it merged: what approvals are compared with. */
  headSha: gitSha.nullable(),
  mergedAt: timestamp,
  mergedBy: text.nullable(),
  baseRef: text.nullable(),
});

export const approvalSchema = z.strictObject({
  reviewer: text.min(1),
  approvedAt: timestamp.nullable(),
  /** The commit the approval was given on. */
  commitSha: gitSha.nullable(),
  /** Whether that commit is the head that merged; null when either commit is unknown. */
  approvedMergedHead: z.boolean().nullable(),
});

export const acceptedAssessmentSchema = z.strictObject({
  risk: z.number().min(0).max(100),
  band,
  modelVersion: text,
  policyVersion: text,
});

export const attestationSchema = z.strictObject({
  id: text.min(1),
  login: text.min(1),
  name: text.nullable(),
  attestedAt: timestamp,
  rationale: text.min(1),
  /** Why this person could attest, e.g. "codeowner" or "reviewer". */
  standing: text,
  accepted: acceptedAssessmentSchema,
});

export const signalSummarySchema = z.strictObject({
  name: z.enum(SIGNAL_NAMES),
  value: z.number(),
  weight: z.number(),
  multiplier: z.number(),
  points: z.number(),
});

export const reasonSummarySchema = z.strictObject({
  signal: text,
  code: text,
  message: text,
  /** Evidence as "kind: value (detail)" lines. */
  evidence: z.array(text),
});

export const aiSummarySchema = z.strictObject({
  aiOrigin: z.boolean(),
  tools: z.array(text),
  evidence: z.array(text),
});

export const assessmentSummarySchema = z.strictObject({
  risk: z.number().min(0).max(100),
  band,
  signals: z.array(signalSummarySchema),
  reasons: z.array(reasonSummarySchema),
  ai: aiSummarySchema,
  services: z.array(text),
  regimes: z.array(text),
});

export const policyRefSchema = z.strictObject({
  /** sha256 of the policy document, or "default" for the built-in policy. */
  version: z.union([sha256Hex, z.literal("default")]),
  name: text,
  /** The organisation's version counter of its policy (1, 2, …); null for the built-in policy. */
  number: z.number().int().positive().nullable(),
});

export const ruleResultSchema = z.strictObject({
  id: text.min(1),
  title: text,
  status: z.enum(["pass", "fail", "not_applicable", "unknown"]),
  reason: text,
  evidence: z.array(text),
});

export const amendsSchema = z.strictObject({
  id: text.min(1),
  sequence: z.number().int().positive(),
  hash: sha256Hex,
  reason: z.strictObject({
    kind: z.enum(["rescore", "attestation", "correction"]),
    detail: text.min(1),
  }),
});

const receiptFields = {
  format: z.literal(RECEIPT_FORMAT),
  id: text.min(1),
  kind: z.enum(["merge", "amendment"]),
  org: orgRefSchema,
  issuedAt: timestamp,
  change: changeSchema,
  approvals: z.array(approvalSchema),
  attestations: z.array(attestationSchema),
  assessment: assessmentSummarySchema,
  policy: policyRefSchema,
  rules: z.array(ruleResultSchema),
  modelVersion: text.min(1),
  amends: amendsSchema.nullable(),
};

/** Everything but the chain position: what the builders produce and `appendReceipt` places in the chain. */
export const receiptDraftSchema = z
  .strictObject(receiptFields)
  .refine((r) => (r.kind === "amendment") === (r.amends !== null), {
    message: 'an amendment must name the receipt it amends ("amends"), and only an amendment may',
    path: ["amends"],
  });

export const receiptBodySchema = z
  .strictObject({
    ...receiptFields,
    sequence: z.number().int().positive(),
    /** Hash of the previous receipt of this organisation; null for the first. */
    previousHash: sha256Hex.nullable(),
    /** Signature of the previous receipt, so that every signature is committed to by its successor. */
    previousSignature: z.string().regex(/^[A-Za-z0-9_-]{86}$/).nullable(),
    /** Fingerprint of the key that signs this receipt: inside the hash, so the label cannot be swapped. */
    signerFingerprint: z.string().regex(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/),
  })
  .refine((r) => (r.kind === "amendment") === (r.amends !== null), {
    message: 'an amendment must name the receipt it amends ("amends"), and only an amendment may',
    path: ["amends"],
  })
  .refine((r) => (r.sequence === 1) === (r.previousHash === null) && (r.previousHash === null) === (r.previousSignature === null), {
    message: "the first receipt (sequence 1) and only it has no previous hash and signature",
    path: ["previousHash"],
  })
  .refine((r) => r.amends === null || r.amends.sequence < r.sequence, {
    message: "an amendment can only amend an earlier receipt",
    path: ["amends", "sequence"],
  });

const signatureFields = {
  /** sha256 (hex) of the RFC 8785 canonical JSON of the signed document. */
  hash: sha256Hex,
  algorithm: z.literal(SIGNATURE_ALGORITHM),
  /** sha256 of the signer's public key (SPKI DER), colon-separated hex. */
  publicKeyFingerprint: z.string().regex(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/),
  /** Ed25519 signature, base64url without padding, of the message described in docs/receipts.md. */
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
};

export const signedReceiptSchema = z.strictObject({ receipt: receiptBodySchema, ...signatureFields });

export const checkpointBodySchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  org: orgRefSchema,
  treeSize: nonNegativeInt,
  /** RFC 6962 Merkle tree hash over the receipt hashes of sequences 1..treeSize. */
  rootHash: sha256Hex,
  /** Hash of receipt `treeSize` (null for the empty tree): ties the checkpoint to the hash chain. */
  headHash: sha256Hex.nullable(),
  issuedAt: timestamp,
  signerFingerprint: z.string().regex(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/),
});

export const signedCheckpointSchema = z.strictObject({ checkpoint: checkpointBodySchema, ...signatureFields });

export type OrgRef = z.infer<typeof orgRefSchema>;
export type ReceiptChange = z.infer<typeof changeSchema>;
export type Approval = z.infer<typeof approvalSchema>;
export type ReceiptAttestation = z.infer<typeof attestationSchema>;
export type AcceptedAssessment = z.infer<typeof acceptedAssessmentSchema>;
export type AssessmentSummary = z.infer<typeof assessmentSummarySchema>;
export type PolicyRef = z.infer<typeof policyRefSchema>;
export type RuleResult = z.infer<typeof ruleResultSchema>;
export type Amends = z.infer<typeof amendsSchema>;
export type ReceiptDraft = z.infer<typeof receiptDraftSchema>;
export type ReceiptBody = z.infer<typeof receiptBodySchema>;
export type SignedReceipt = z.infer<typeof signedReceiptSchema>;
export type CheckpointBody = z.infer<typeof checkpointBodySchema>;
export type SignedCheckpoint = z.infer<typeof signedCheckpointSchema>;
