import { createHash } from "node:crypto";
import type { Assessment, Band, Change, SignalName, SignalResult } from "@/lib/scoring/types";
import { SIGNAL_NAMES } from "@/lib/scoring/types";
import { buildMergeReceipt, type ReceiptInput } from "../build";
import type { OrgRef, ReceiptDraft } from "../schema";

/**
 * Deterministic merged changes and assessments for tests and benchmarks: realistic in shape (several reviews,
 * reasons with evidence, policy checks), varied by index, with no randomness.
 */
export const SAMPLE_ORG: OrgRef = { id: "org_7f3a", slug: "acme" };
export const SAMPLE_POLICY_VERSION = createHash("sha256").update("policy v3").digest("hex");

function sha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

const BANDS: Band[] = ["low", "elevated", "high", "critical"];
const iso = (base: number, minutes: number) => new Date(base + minutes * 60_000).toISOString();

export function sampleChange(i: number): Change {
  const base = Date.UTC(2026, 0, 5) + i * 3_600_000;
  const head = sha(`head-${i}`);
  const older = sha(`older-${i}`);
  return {
    repo: i % 3 === 0 ? "acme/payments" : "acme/web",
    number: 1000 + i,
    title: `Change ${i}: adjust ledger reconciliation – “rounding” fix`,
    body: "",
    url: `https://github.com/acme/${i % 3 === 0 ? "payments" : "web"}/pull/${1000 + i}`,
    state: "merged",
    author: { login: `dev${i % 7}`, type: "User" },
    createdAt: iso(base, -600),
    mergedAt: iso(base, 0),
    mergedBy: { login: `lead${i % 2}`, type: "User" },
    baseRef: "main",
    headRef: `feature/${i}`,
    headSha: head,
    mergeSha: sha(`merge-${i}`),
    labels: [],
    commits: [{ sha: head, message: "fix", trailers: [] }],
    files: [{ path: `services/ledger/src/file-${i}.ts`, status: "modified", additions: 10 + i, deletions: 2 }],
    reviews: [
      { reviewer: "alice", reviewerType: "User", state: "APPROVED", submittedAt: iso(base, -120), commitSha: head },
      { reviewer: "bob", reviewerType: "User", state: "APPROVED", submittedAt: iso(base, -300), commitSha: older },
      { reviewer: "carol", reviewerType: "User", state: "COMMENTED", submittedAt: iso(base, -60), commitSha: head },
    ],
    requestedReviewers: [],
    checks: [{ name: "ci", conclusion: "success" }],
  };
}

export function sampleAssessment(i: number): Assessment {
  const risk = (i * 37) % 101;
  const band = BANDS[Math.min(3, Math.floor(risk / 25))]!;
  const signals = Object.fromEntries(
    SIGNAL_NAMES.map((name, k): [SignalName, SignalResult] => [
      name,
      {
        name,
        value: ((i + k) % 10) / 10,
        weight: 1 + (k % 3) * 0.5,
        multiplier: i % 4 === 0 ? 1.5 : 1,
        points: Math.round((((i + k) % 10) / 10) * 14.28 * 100) / 100,
        reasons: [],
      },
    ]),
  ) as Record<SignalName, SignalResult>;
  return {
    modelVersion: "pri-1.0.0",
    policyVersion: SAMPLE_POLICY_VERSION,
    risk,
    band,
    signals,
    ai: {
      aiOrigin: i % 4 === 0,
      tools: i % 4 === 0 ? ["Claude"] : [],
      evidence: i % 4 === 0 ? [{ kind: "trailer", value: "Co-authored-by: Claude", detail: "commit 1" }] : [],
      provenance: null,
    },
    checks: [
      { id: "controls.codeowners", title: "CODEOWNERS approval", status: "pass", reason: "approved by an owner", evidence: [{ kind: "reviewer", value: "alice" }] },
      { id: "controls.approvals", title: "Required approvals for tier 0", status: i % 2 ? "fail" : "pass", reason: "2 required, 1 on the merged head", evidence: [] },
      { id: "controls.ticket", title: "Ticket reference", status: "not_applicable", reason: "no ticket pattern configured", evidence: [] },
    ],
    reasons: [
      { signal: "review", code: "review.stale-approval", message: "bob approved an older commit than the one merged", evidence: [{ kind: "reviewer", value: "bob" }, { kind: "commit", value: sha(`older-${i}`).slice(0, 12) }] },
      { signal: "criticality", code: "criticality.tier0", message: "touches ledger (tier 0)", evidence: [{ kind: "service", value: "ledger" }, { kind: "path", value: `services/ledger/src/file-${i}.ts` }] },
      { signal: "compliance", code: "compliance.sox", message: "exposed to SOX via financial data", evidence: [{ kind: "regime", value: "SOX" }] },
    ],
    services: [{ name: "ledger", tier: 0, direct: true, paths: [`services/ledger/src/file-${i}.ts`] }],
    regimes: ["SOX"],
  };
}

export function sampleReceiptInput(i: number, overrides: Partial<ReceiptInput> = {}): ReceiptInput {
  const change = sampleChange(i);
  return {
    id: `rcpt_${String(i).padStart(6, "0")}`,
    org: SAMPLE_ORG,
    issuedAt: new Date(Date.parse(change.mergedAt!) + 5_000).toISOString(),
    change,
    assessment: sampleAssessment(i),
    attestations:
      i % 5 === 0
        ? [{
            id: `att_${i}`,
            login: "alice",
            name: "Alice Ng",
            attestedAt: new Date(Date.parse(change.mergedAt!) - 30_000).toISOString(),
            rationale: "Reviewed the rounding path with finance; covered by reconciliation tests.",
            standing: "codeowner",
            accepted: { risk: sampleAssessment(i).risk, band: sampleAssessment(i).band, modelVersion: "pri-1.0.0", policyVersion: SAMPLE_POLICY_VERSION },
          }]
        : [],
    policy: { version: SAMPLE_POLICY_VERSION, name: "acme production policy", number: 3 },
    ...overrides,
  };
}

export function sampleDraft(i: number): ReceiptDraft {
  return buildMergeReceipt(sampleReceiptInput(i));
}
