import { describe, expect, it } from "vitest";
import type { ChangeReview } from "@/lib/scoring/types";
import { approvalsFromReviews, buildAmendment, buildMergeReceipt, summarizeChange } from "./build";
import { buildSampleChain } from "./testing/chain-fixtures";
import { sampleAssessment, sampleChange, sampleReceiptInput, SAMPLE_POLICY_VERSION } from "./testing/sample-data";

const review = (reviewer: string, state: ChangeReview["state"], minute: number, commitSha: string | null = "a".repeat(40)): ChangeReview => ({
  reviewer,
  reviewerType: "User",
  state,
  submittedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  commitSha,
});

describe("approvalsFromReviews", () => {
  const head = "a".repeat(40);
  it("keeps each reviewer's standing approval with the commit approved and whether it is the merged head", () => {
    const approvals = approvalsFromReviews(
      [
        review("alice", "APPROVED", 1, "B".repeat(40)),
        review("bob", "APPROVED", 2),
        review("bob", "COMMENTED", 3),
        review("carol", "APPROVED", 4),
        review("carol", "CHANGES_REQUESTED", 5),
        review("dave", "CHANGES_REQUESTED", 6),
        review("dave", "APPROVED", 7, null),
        review("erin", "APPROVED", 8),
        review("erin", "DISMISSED", 9),
      ],
      head,
    );
    expect(approvals).toEqual([
      { reviewer: "alice", approvedAt: "2026-01-01T00:01:00.000Z", commitSha: "b".repeat(40), approvedMergedHead: false },
      { reviewer: "bob", approvedAt: "2026-01-01T00:02:00.000Z", commitSha: head, approvedMergedHead: true },
      { reviewer: "dave", approvedAt: "2026-01-01T00:07:00.000Z", commitSha: null, approvedMergedHead: null },
    ]);
  });

  it("returns nothing when reviews are unknown", () => {
    expect(approvalsFromReviews(null, head)).toEqual([]);
  });
});

describe("buildMergeReceipt", () => {
  it("maps a change, its assessment, approvals and attestations into the receipt", () => {
    const draft = buildMergeReceipt(sampleReceiptInput(5));
    expect(draft).toMatchObject({
      format: "risk-ledger.receipt/v1",
      kind: "merge",
      id: "rcpt_000005",
      change: { repo: "acme/web", number: 1005, mergeSha: sampleChange(5).mergeSha },
      approvals: [
        { reviewer: "bob", approvedMergedHead: false },
        { reviewer: "alice", approvedMergedHead: true },
      ],
      attestations: [{ login: "alice", standing: "codeowner" }],
      assessment: { risk: sampleAssessment(5).risk, band: sampleAssessment(5).band },
      policy: { version: SAMPLE_POLICY_VERSION, number: 3 },
      modelVersion: "pri-1.0.0",
      amends: null,
    });
    expect(draft.assessment.signals.map((s) => s.name)).toEqual(["scope", "criticality", "compliance", "policy", "verification", "review", "history"]);
    expect(draft.assessment.reasons[0]!.evidence).toEqual(["reviewer: bob", expect.stringMatching(/^commit: [0-9a-f]{12}$/)]);
    expect(draft.rules.map((r) => [r.id, r.status])).toEqual([
      ["controls.codeowners", "pass"],
      ["controls.approvals", "fail"],
      ["controls.ticket", "not_applicable"],
    ]);
  });

  it("refuses a policy that is not the one the assessment used, and an unmerged change", () => {
    expect(() => buildMergeReceipt({ ...sampleReceiptInput(1), policy: { version: "default", name: "x", number: null } })).toThrow(/made under policy/);
    expect(() => summarizeChange({ ...sampleChange(1), mergeSha: null, mergedAt: null, state: "open" })).toThrow(/has not merged/);
  });

  it("needs approvals when given only a change summary", () => {
    const summary = summarizeChange(sampleChange(2));
    expect(() => buildMergeReceipt({ ...sampleReceiptInput(2), change: summary })).toThrow(/approvals are required/);
    expect(buildMergeReceipt({ ...sampleReceiptInput(2), change: summary, approvals: [] }).approvals).toEqual([]);
  });

  it("reports every invalid field", () => {
    expect(() => buildMergeReceipt({ ...sampleReceiptInput(1), issuedAt: "yesterday", org: { id: "", slug: "x" } })).toThrow(/org\.id.*issuedAt|issuedAt.*org\.id/);
  });
});

describe("buildAmendment", () => {
  it("points at the original receipt by id, sequence and hash, with the reason", () => {
    const { receipts } = buildSampleChain(2);
    const amendment = buildAmendment(receipts[1]!, { ...sampleReceiptInput(1), id: "rcpt_amend", reason: { kind: "attestation", detail: "alice attested" } });
    expect(amendment).toMatchObject({
      kind: "amendment",
      amends: { id: receipts[1]!.receipt.id, sequence: 2, hash: receipts[1]!.hash, reason: { kind: "attestation" } },
    });
    expect(() => buildAmendment(receipts[1]!, { ...sampleReceiptInput(1), org: { id: "org_x", slug: "x" }, reason: { kind: "rescore", detail: "v4" } })).toThrow(/same organisation/);
  });
});
