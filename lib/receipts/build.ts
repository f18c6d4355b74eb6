import { randomUUID } from "node:crypto";
import type { Assessment, Change, ChangeReview, Evidence } from "@/lib/scoring/types";
import { SIGNAL_NAMES } from "@/lib/scoring/types";
import { ReceiptError } from "./errors";
import {
  RECEIPT_FORMAT,
  receiptDraftSchema,
  type AcceptedAssessment,
  type Amends,
  type Approval,
  type AssessmentSummary,
  type OrgRef,
  type PolicyRef,
  type ReceiptAttestation,
  type ReceiptChange,
  type ReceiptDraft,
  type RuleResult,
  type SignedReceipt,
} from "./schema";

export interface AttestationInput {
  id: string;
  login: string;
  name?: string | null;
  attestedAt: string | Date;
  rationale: string;
  /** Why this person may attest: "codeowner", "reviewer", … */
  standing: string;
  /** The assessment the person saw and accepted (not necessarily the latest one). */
  accepted: AcceptedAssessment;
}

export interface ReceiptInput {
  /** Defaults to a random UUID; pass the database id to keep one identifier. */
  id?: string;
  org: OrgRef;
  /** When the decision was recorded; defaults to now. */
  issuedAt?: string | Date;
  /** A merged change, or an already summarised one. */
  change: Change | ReceiptChange;
  assessment: Assessment;
  /** Defaults to the approvals derived from the change's reviews (requires a full Change). */
  approvals?: Approval[];
  attestations?: AttestationInput[];
  policy: PolicyRef;
}

export interface AmendmentInput extends ReceiptInput {
  reason: Amends["reason"];
}

/** The receipt for a merge, ready for `appendReceipt`. */
export function buildMergeReceipt(input: ReceiptInput): ReceiptDraft {
  return finish(input, "merge", null);
}

/** A receipt that supersedes `original` (a rescore under a new policy, an attestation); the original is untouched. */
export function buildAmendment(original: SignedReceipt, input: AmendmentInput): ReceiptDraft {
  if (original.receipt.org.id !== input.org.id) {
    throw new ReceiptError("an amendment must belong to the same organisation as the receipt it amends");
  }
  const amends: Amends = {
    id: original.receipt.id,
    sequence: original.receipt.sequence,
    hash: original.hash,
    reason: input.reason,
  };
  return finish(input, "amendment", amends);
}

function finish(input: ReceiptInput, kind: ReceiptDraft["kind"], amends: Amends | null): ReceiptDraft {
  const { assessment, policy } = input;
  if (assessment.policyVersion !== policy.version) {
    throw new ReceiptError(
      `the assessment was made under policy ${assessment.policyVersion}, but the receipt names policy ${policy.version}`,
    );
  }
  const change = isFullChange(input.change) ? summarizeChange(input.change) : input.change;
  const approvals =
    input.approvals ??
    (isFullChange(input.change)
      ? approvalsFromReviews(input.change.reviews, change.headSha)
      : missing("approvals are required when the change is passed as a summary"));
  const draft: ReceiptDraft = {
    format: RECEIPT_FORMAT,
    id: input.id ?? randomUUID(),
    kind,
    org: input.org,
    issuedAt: toIso(input.issuedAt ?? new Date()),
    change,
    approvals,
    attestations: (input.attestations ?? []).map(toAttestation).sort(byTimeThen("attestedAt", "id")),
    assessment: summarizeAssessment(assessment),
    policy,
    rules: assessment.checks.map(
      (check): RuleResult => ({
        id: check.id,
        title: check.title,
        status: check.status,
        reason: check.reason,
        evidence: check.evidence.map(evidenceLine),
      }),
    ),
    modelVersion: assessment.modelVersion,
    amends,
  };
  const parsed = receiptDraftSchema.safeParse(draft);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "receipt"}: ${i.message}`);
    throw new ReceiptError(`receipt is invalid: ${issues.join("; ")}`);
  }
  return parsed.data;
}

export function summarizeChange(change: Change): ReceiptChange {
  if (!change.mergeSha || !change.mergedAt) {
    throw new ReceiptError(`${change.repo}#${change.number ?? "?"} has not merged: a receipt needs a merge sha and time`);
  }
  return {
    repo: change.repo,
    number: change.number,
    title: change.title,
    url: change.url ?? null,
    author: change.author.login,
    mergeSha: change.mergeSha.toLowerCase(),
    headSha: change.headSha?.toLowerCase() ?? null,
    mergedAt: change.mergedAt,
    mergedBy: change.mergedBy?.login ?? null,
    baseRef: change.baseRef || null,
  };
}

/**
 * Who approved, and which commit. A reviewer's latest approval, change request or dismissal decides; a comment
 * after an approval leaves it standing (GitHub's rule).
 */
export function approvalsFromReviews(reviews: ChangeReview[] | null, headSha: string | null): Approval[] {
  if (!reviews) return [];
  const ordered = reviews
    .map((review, index) => ({ review, index }))
    .sort((a, b) => (a.review.submittedAt ?? "").localeCompare(b.review.submittedAt ?? "") || a.index - b.index);
  const latest = new Map<string, ChangeReview>();
  for (const { review } of ordered) {
    if (review.state === "APPROVED" || review.state === "CHANGES_REQUESTED" || review.state === "DISMISSED") {
      latest.set(review.reviewer, review);
    }
  }
  const head = headSha?.toLowerCase() ?? null;
  return [...latest.values()]
    .filter((review) => review.state === "APPROVED")
    .map((review) => {
      const commitSha = review.commitSha?.toLowerCase() ?? null;
      return {
        reviewer: review.reviewer,
        approvedAt: review.submittedAt,
        commitSha,
        approvedMergedHead: commitSha && head ? commitSha === head : null,
      };
    })
    .sort(byTimeThen("approvedAt", "reviewer"));
}

export function summarizeAssessment(assessment: Assessment): AssessmentSummary {
  return {
    risk: assessment.risk,
    band: assessment.band,
    signals: SIGNAL_NAMES.map((name) => {
      const s = assessment.signals[name];
      return { name, value: s.value, weight: s.weight, multiplier: s.multiplier, points: s.points };
    }),
    reasons: assessment.reasons.map((r) => ({
      signal: r.signal,
      code: r.code,
      message: r.message,
      evidence: r.evidence.map(evidenceLine),
    })),
    ai: {
      aiOrigin: assessment.ai.aiOrigin,
      tools: [...assessment.ai.tools],
      evidence: assessment.ai.evidence.map(evidenceLine),
    },
    services: assessment.services.map((s) => s.name),
    regimes: [...assessment.regimes],
  };
}

export function evidenceLine(evidence: Evidence): string {
  return `${evidence.kind}: ${evidence.value}${evidence.detail ? ` (${evidence.detail})` : ""}`;
}

function toAttestation(a: AttestationInput): ReceiptAttestation {
  return {
    id: a.id,
    login: a.login,
    name: a.name ?? null,
    attestedAt: toIso(a.attestedAt),
    rationale: a.rationale,
    standing: a.standing,
    accepted: { ...a.accepted },
  };
}

function isFullChange(change: Change | ReceiptChange): change is Change {
  return "commits" in change && Array.isArray((change as Change).commits);
}

function toIso(value: string | Date): string {
  return typeof value === "string" ? value : value.toISOString();
}

function byTimeThen<T>(time: keyof T, tie: keyof T) {
  return (a: T, b: T) =>
    String(a[time] ?? "").localeCompare(String(b[time] ?? "")) || String(a[tie]).localeCompare(String(b[tie]));
}

function missing(message: string): never {
  throw new ReceiptError(message);
}
