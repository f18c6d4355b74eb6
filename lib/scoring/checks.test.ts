import { describe, expect, it } from "vitest";
import { parseCodeowners } from "@/lib/policy/codeowners";
import { scoreChange } from "./score-change";
import { examplePolicy } from "@/lib/policy/testing/example-policy";
import { approval, context, file, makeChange } from "./testing/make-change";
import type { ScoreContext } from "./context";
import type { Change, CheckStatus } from "./types";

const statusOf = (id: string, over: Partial<Change>, ctx: Partial<ScoreContext> = {}): CheckStatus =>
  scoreChange(makeChange(over), context({ policy: examplePolicy(), ...ctx })).checks.find((c) => c.id === id)!.status;

const CO = parseCodeowners("* @acme/everyone\nservices/payments/ @payments-lead @acme/payments\ndocs/ @writer\n");

describe("policy checks", () => {
  it.each<[string, string, Partial<Change>, Partial<ScoreContext>, CheckStatus]>([
    ["codeowners: no CODEOWNERS known", "codeowners-approval", {}, {}, "unknown"],
    ["codeowners: owner user approved", "codeowners-approval", { files: [file("services/payments/a.ts", 3)], reviews: [approval("payments-lead"), approval("x")] }, { codeowners: CO }, "pass"],
    ["codeowners: no owner approved, no team members known", "codeowners-approval", { files: [file("services/payments/a.ts", 3)], reviews: [approval("carol")] }, { codeowners: CO }, "unknown"],
    ["codeowners: team member approved", "codeowners-approval", { files: [file("services/payments/a.ts", 3)], reviews: [approval("carol")] }, { codeowners: CO, teamMembers: { "@acme/payments": ["carol"] } }, "pass"],
    ["codeowners: team known, nobody from it", "codeowners-approval", { files: [file("services/payments/a.ts", 3)], reviews: [approval("zed")] }, { codeowners: CO, teamMembers: { "@acme/payments": ["carol"] } }, "fail"],
    ["codeowners: no approval at all", "codeowners-approval", { files: [file("docs/a.md", 3)], reviews: [] }, { codeowners: CO }, "fail"],
    ["codeowners: reviews unknown", "codeowners-approval", { files: [file("docs/a.md", 3)], reviews: null }, { codeowners: CO }, "unknown"],
    ["codeowners: nothing owned", "codeowners-approval", { files: [file("x.ts", 3)] }, { codeowners: parseCodeowners("docs/ @w\n") }, "not_applicable"],
    ["approvals: tier 0 needs 2, has 1", "required-approvals", { files: [file("services/payments/a.ts", 3)] }, {}, "fail"],
    ["approvals: tier 0 with 2", "required-approvals", { files: [file("services/payments/a.ts", 3)], reviews: [approval("c"), approval("d")] }, {}, "pass"],
    ["approvals: default 1 met", "required-approvals", { files: [file("tools/a.ts", 3)] }, {}, "pass"],
    ["approvals: protection asks more", "required-approvals", { files: [file("tools/a.ts", 3)] }, { protection: { requiredApprovals: 2, requireCodeOwnerReviews: false, requiredChecks: [], enforceAdmins: true } }, "fail"],
    ["approvals: reviews unknown", "required-approvals", { reviews: null }, {}, "unknown"],
    ["checks: all required passed", "required-checks", { checks: ["ci/build", "ci/test", "security/scan"].map((name) => ({ name, conclusion: "success" as const })) }, {}, "pass"],
    ["checks: one failed", "required-checks", { checks: [{ name: "ci/build", conclusion: "success" }, { name: "ci/test", conclusion: "failure" }, { name: "security/scan", conclusion: "success" }] }, {}, "fail"],
    ["checks: one missing", "required-checks", { checks: [{ name: "ci/build", conclusion: "success" }] }, {}, "fail"],
    ["checks: unknown", "required-checks", { checks: null }, {}, "unknown"],
    ["admin bypass: yes", "admin-bypass", { adminBypass: true }, {}, "fail"],
    ["admin bypass: no", "admin-bypass", { adminBypass: false }, {}, "pass"],
    ["admin bypass: unknown", "admin-bypass", { adminBypass: null }, {}, "unknown"],
    ["deps: denied npm package", "dependencies", { dependencyChanges: [{ ecosystem: "npm", name: "left-pad", kind: "added" }] }, {}, "fail"],
    ["deps: pip not on allow list", "dependencies", { dependencyChanges: [{ ecosystem: "pip", name: "leftpadpy", kind: "added" }] }, {}, "fail"],
    ["deps: pip allowed by glob", "dependencies", { dependencyChanges: [{ ecosystem: "pip", name: "django-rest", kind: "updated" }] }, {}, "pass"],
    ["deps: removal only", "dependencies", { dependencyChanges: [{ ecosystem: "npm", name: "left-pad", kind: "removed" }] }, {}, "not_applicable"],
    ["deps: manifest changed, edits unknown", "dependencies", { dependencyChanges: null, files: [file("package.json", 1, 1)] }, {}, "unknown"],
    ["deps: nothing changed", "dependencies", { dependencyChanges: null }, {}, "not_applicable"],
    ["ticket: in the title", "ticket", { title: "PAY-123 refunds" }, {}, "pass"],
    ["ticket: in the branch", "ticket", { headRef: "feature/OPS-9-fix" }, {}, "pass"],
    ["ticket: in a commit", "ticket", { commits: [{ sha: "a".repeat(40), message: "refs SEC-77", trailers: [] }] }, {}, "pass"],
    ["ticket: none", "ticket", {}, {}, "fail"],
  ])("%s", (_n, id, over, ctx, expected) => {
    expect(statusOf(id, over, ctx)).toBe(expected);
  });

  it("default policy: no ticket rule and no dependency lists are not applicable, never passed", () => {
    const a = scoreChange(makeChange({ reviews: null, checks: null, adminBypass: null }), context());
    const byId = Object.fromEntries(a.checks.map((c) => [c.id, c.status]));
    expect(byId).toEqual({
      "codeowners-approval": "unknown",
      "required-approvals": "unknown",
      "required-checks": "not_applicable",
      "admin-bypass": "unknown",
      dependencies: "not_applicable",
      ticket: "not_applicable",
    });
    expect(a.signals.policy.known).toBe(false);
    for (const c of a.checks) expect(c.reason.length).toBeGreaterThan(10);
  });

  it("failed checks feed the policy signal with their evidence", () => {
    const a = scoreChange(makeChange({ adminBypass: true, files: [file("services/payments/a.ts", 3)] }), context({ policy: examplePolicy() }));
    const codes = a.signals.policy.reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(["policy.admin-bypass", "policy.required-approvals", "policy.ticket"]));
    expect(a.signals.policy.value).toBe(1);
  });
});
