import { describe, expect, it } from "vitest";
import { scoreChange } from "./score-change";
import { compilePolicy, policySchema } from "@/lib/policy";
import { examplePolicy } from "@/lib/policy/testing/example-policy";
import { approval, context, emptyHistory, file, makeChange } from "./testing/make-change";
import type { Assessment, Change, SignalName } from "./types";

const codes = (a: Assessment, signal: SignalName) => a.signals[signal].reasons.map((r) => r.code);
const score = (over: Partial<Change>, ctx = context()) => scoreChange(makeChange(over), ctx);

describe("scope", () => {
  it.each<[string, Partial<Change>, (a: Assessment) => void]>([
    ["empty change", { files: [] }, (a) => {
      expect(a.signals.scope.value).toBe(0);
      expect(a.signals.verification.value).toBe(0);
    }],
    ["docs only", { files: [file("README.md", 300, 10)] }, (a) => {
      expect(codes(a, "scope")).not.toContain("scope.size");
      expect(codes(a, "verification")).toEqual([]);
    }],
    ["deleted file counts as a third of its lines", { files: [file("src/old.ts", 0, 300, { status: "removed" })] }, (a) => {
      const big = score({ files: [file("src/new.ts", 300, 0, { status: "added" })] });
      expect(a.signals.scope.value).toBeGreaterThan(0);
      expect(a.signals.scope.value).toBeLessThan(big.signals.scope.value);
    }],
    ["pure rename has no size", { files: [file("src/b.ts", 0, 0, { status: "renamed", previousPath: "src/a.ts" })] }, (a) => {
      expect(codes(a, "scope")).not.toContain("scope.size");
      expect(codes(a, "scope")).toContain("scope.files");
    }],
    ["binary file has unknown lines, still counted as a file", { files: [file("assets/logo.bin", null, null)] }, (a) => {
      expect(codes(a, "scope")).toEqual(["scope.files"]);
    }],
    ["3,000-file change saturates without breaking", { files: Array.from({ length: 3000 }, (_, i) => file(`pkg${i % 40}/f${i}.ts`, 10, 2)) }, (a) => {
      expect(a.signals.scope.value).toBeGreaterThan(0.8);
      expect(a.signals.scope.value).toBeLessThanOrEqual(1);
      expect(a.risk).toBeLessThanOrEqual(100);
    }],
    ["truncated file list uses the total", { files: [file("src/a.ts", 10)], filesTruncated: { reason: "GitHub lists at most 3,000 files", totalFiles: 4200 } }, (a) => {
      expect(a.signals.scope.reasons.find((r) => r.code === "scope.files")!.message).toContain("4200 files");
    }],
    ["migration and infra files", { files: [file("db/migrations/002.sql", 20), file("Dockerfile", 3)] }, (a) => {
      expect(codes(a, "scope")).toEqual(expect.arrayContaining(["scope.migrations", "scope.infra"]));
    }],
  ])("%s", (_name, over, check) => check(score(over)));

  it("weighs program code lines above configuration, markup or data lines, without ignoring the latter", () => {
    const code = score({ files: [file("src/handler.ts", 400)] });
    const config = score({ files: [file("config/settings.json", 400)] });
    expect(config.signals.scope.reasons.find((r) => r.code === "scope.size")).toBeDefined();
    expect(config.signals.scope.value).toBeGreaterThan(0);
    expect(code.signals.scope.value).toBeGreaterThan(config.signals.scope.value);
    // 400 JSON lines count like 40 lines of code.
    const small = score({ files: [file("src/handler.ts", 40)] });
    expect(config.signals.scope.reasons.find((r) => r.code === "scope.size")!.points).toBeCloseTo(small.signals.scope.reasons.find((r) => r.code === "scope.size")!.points!, 1);
    expect(config.signals.scope.reasons.find((r) => r.code === "scope.size")!.message).toContain("configuration, markup or data");
  });

  it("classifies the same path per policy and per repository (the path cache never leaks between them)", () => {
    const strict = compilePolicy(policySchema.parse({ paths: { tests: ["src/"] } }), "strict-tests");
    const change = { files: [file("src/handler.ts", 200)] };
    const byDefault = score(change);
    const byStrict = score(change, context({ policy: strict }));
    expect(codes(byDefault, "verification")).toEqual(["verification.no-tests"]);
    expect(codes(byStrict, "scope")).not.toContain("scope.size");
    expect(score(change).signals.scope.value).toBe(byDefault.signals.scope.value);
    const perRepo = compilePolicy(policySchema.parse({ services: [{ name: "api", tier: 0, paths: { "acme/api": ["src/"] } }] }), "per-repo");
    expect(score({ ...change, repo: "acme/api" }, context({ policy: perRepo })).services.map((s) => s.name)).toEqual(["api"]);
    expect(score({ ...change, repo: "acme/web" }, context({ policy: perRepo })).services).toEqual([]);
  });

  it("grows with size, sub-linearly", () => {
    const v = (n: number) => score({ files: [file("src/a.ts", n)] }).signals.scope.value;
    expect(v(10)).toBeLessThan(v(100));
    expect(v(100)).toBeLessThan(v(1000));
    expect(v(1000) - v(100)).toBeLessThan((v(100) - v(10)) * 1.5);
  });

  it("counts services touched and consumers reached through depends_on", () => {
    const a = score({ files: [file("services/payments/refund.ts", 30), file("apps/admin/page.tsx", 5)] }, context({ policy: examplePolicy() }));
    expect(codes(a, "scope")).toEqual(expect.arrayContaining(["scope.services", "scope.consumers"]));
    expect(a.services.filter((s) => s.direct).map((s) => s.name)).toEqual(["payments-api", "admin-console"]);
    expect(a.services.filter((s) => !s.direct).map((s) => s.name)).toEqual(["billing-worker", "checkout-web"]);
  });
});

describe("criticality", () => {
  const ctx = context({ policy: examplePolicy() });
  it.each([
    ["services/payments/a.ts", 1, "criticality.tier"],
    ["services/billing/a.ts", 0.75, "criticality.tier"],
    ["apps/admin/a.ts", 0.45, "criticality.tier"],
    ["apps/marketing/a.ts", 0.2, "criticality.tier"],
    ["tools/script.ts", 0, "criticality.none"],
  ])("%s → %s", (path, value, code) => {
    const a = score({ files: [file(path, 10)] }, ctx);
    expect(a.signals.criticality.value).toBe(value);
    expect(codes(a, "criticality")).toEqual([code]);
  });
  it("is unknown (and out of the formula) when the policy declares no services", () => {
    const a = score({});
    expect(a.signals.criticality.known).toBe(false);
    expect(a.signals.criticality.points).toBe(0);
    expect(a.signals.criticality.unknownReason).toMatch(/no services/);
  });
  it("moving a file out of a service still touches it (rename from the old path)", () => {
    const a = score({ files: [file("tools/moved.ts", 0, 0, { status: "renamed", previousPath: "services/payments/x.ts" })] }, ctx);
    expect(a.services[0]).toMatchObject({ name: "payments-api", direct: true });
  });
});

describe("compliance", () => {
  const ctx = context({ policy: examplePolicy() });
  it.each<[string, string, string[]]>([
    ["card path exposes PCI DSS and SOX via data classes", "services/payments/card-vault/x.ts", ["compliance.regime.pci-dss", "compliance.regime.sox"]],
    ["PHI service exposes HIPAA", "apps/patient-portal/chart.tsx", ["compliance.regime.hipaa", "compliance.regime.gdpr"]],
    ["workflow exposes SOC 2", ".github/workflows/deploy.yml", ["compliance.regime.soc2"]],
    ["secrets-like path", "config/.env.production", ["compliance.secrets"]],
    ["auth code", "src/lib/authService.ts", ["compliance.auth"]],
    ["ordinary code", "src/lib/format.ts", []],
  ])("%s", (_n, path, expected) => {
    const a = score({ files: [file(path, 10)] }, ctx);
    expect(codes(a, "compliance").sort()).toEqual([...expected].sort());
  });
  it("a test of auth code is not an auth change", () => {
    expect(codes(score({ files: [file("src/auth/session.test.ts", 10)] }), "compliance")).toEqual([]);
  });
});

describe("verification", () => {
  it.each<[string, Partial<Change>, string[]]>([
    ["code without tests", { files: [file("src/a.ts", 50)] }, ["verification.no-tests"]],
    ["configuration without tests is not untested code", { files: [file("config/flags.json", 50), file("styles/app.css", 20)] }, []],
    ["code with tests", { files: [file("src/a.ts", 50), file("src/a.test.ts", 20)] }, []],
    ["tests only", { files: [file("src/a.test.ts", 50)] }, []],
    ["failing check", { checks: [{ name: "ci/test", conclusion: "failure" }], files: [file("src/a.ts", 5), file("src/a.test.ts", 5)] }, ["verification.checks-failed"]],
    ["no checks at all", { checks: [], files: [file("src/a.ts", 5), file("src/a.test.ts", 5)] }, ["verification.no-checks"]],
    ["pending check", { checks: [{ name: "ci/test", conclusion: "pending" }], files: [file("src/a.test.ts", 5)] }, ["verification.checks-pending"]],
    ["all skipped", { checks: [{ name: "ci/test", conclusion: "skipped" }], files: [file("src/a.test.ts", 5)] }, ["verification.checks-skipped"]],
    ["checks unknown", { checks: null, files: [file("src/a.test.ts", 5)] }, []],
  ])("%s", (_n, over, expected) => {
    expect(codes(score(over), "verification")).toEqual(expected);
  });
  it("a required check that never reported is named", () => {
    const a = score({ checks: [{ name: "lint", conclusion: "success" }], files: [file("src/a.test.ts", 5)] }, context({ policy: examplePolicy() }));
    expect(codes(a, "verification")).toEqual(["verification.required-missing"]);
  });
});

describe("review", () => {
  const head = "h".repeat(40);
  it.each<[string, Partial<Change>, string[]]>([
    ["approved by another human at head", {}, []],
    ["no reviews at all", { reviews: [] }, ["review.no-human-approval"]],
    ["bot approval only", { reviews: [approval("coderabbitai[bot]", { reviewerType: "Bot" })] }, ["review.no-human-approval"]],
    ["self-approval does not count", { reviews: [approval("alice")] }, ["review.no-human-approval"]],
    ["self-merge", { mergedBy: { login: "Alice", type: "User" } }, ["review.self-merge"]],
    ["approval of an older commit", { reviews: [approval("carol", { commitSha: "o".repeat(40) })] }, ["review.stale-approval"]],
    ["approval too fast for the size", { files: [file("src/a.ts", 2000)], createdAt: "2026-03-02T13:59:00Z", commits: [], reviews: [approval("carol"), approval("dave")] }, ["review.too-fast"]],
    ["single reviewer on a large change", { files: [file("src/a.ts", 800)] }, ["review.single-reviewer"]],
    ["changes requested still standing", { reviews: [approval("carol"), { ...approval("dave"), state: "CHANGES_REQUESTED" }] }, ["review.changes-requested"]],
    ["comment after approval keeps the approval", { reviews: [approval("carol"), { ...approval("carol"), state: "COMMENTED", submittedAt: "2026-03-02T14:30:00Z" }] }, []],
  ])("%s", (_n, over, expected) => {
    expect(codes(score({ headSha: head, ...over }), "review")).toEqual(expected);
  });
  it("is unknown when the source has no reviews (git clone)", () => {
    const a = score({ reviews: null });
    expect(a.signals.review.known).toBe(false);
    expect(a.signals.review.points).toBe(0);
  });
  it("merge of main into the branch after approval makes the approval stale", () => {
    const a = score({
      headSha: "n".repeat(40),
      commits: [
        { sha: "c".repeat(40), message: "work", trailers: [] },
        { sha: "n".repeat(40), message: "Merge branch 'main' into feature", trailers: [], parentCount: 2 },
      ],
    });
    expect(codes(a, "review")).toEqual(["review.stale-approval"]);
  });
});

describe("history", () => {
  it.each<[string, Parameters<typeof emptyHistory>[0], Record<string, { changes: number; reverts: number; fixes: number; authors: number }>, string[]]>([
    ["familiar author, calm files", {}, {}, []],
    ["first change by the author", { priorChanges: 0, touchedFilesKnown: 0 }, {}, ["history.unfamiliar", "history.new-author"]],
    ["hotspot", {}, { "src/handler.ts": { changes: 12, reverts: 1, fixes: 4, authors: 3 } }, ["history.hotspot", "history.churn"]],
  ])("%s", (_n, author, files, expected) => {
    const a = score({}, context({ history: { ...emptyHistory(author), files } }));
    expect(codes(a, "history")).toEqual(expected);
  });
  it("is unknown without history", () => {
    expect(score({}, context({ history: null })).signals.history.known).toBe(false);
  });
});

describe("formula", () => {
  it("points add up to the risk and every point has a reason", () => {
    const a = score({ reviews: [], files: [file("src/auth/token.ts", 400)], mergedBy: { login: "alice", type: "User" } });
    const signalPoints = Object.values(a.signals).reduce((s, x) => s + x.points, 0);
    const reasonPoints = a.reasons.reduce((s, r) => s + (r.points ?? 0), 0);
    expect(Math.abs(signalPoints - a.risk)).toBeLessThan(0.1);
    expect(Math.abs(reasonPoints - a.risk)).toBeLessThan(0.2);
    expect(a.reasons[0]!.points).toBeGreaterThanOrEqual(a.reasons[a.reasons.length - 1]!.points!);
  });
  it("AI origin sharpens review and verification, and the extra points are their own reason", () => {
    const human = score({ reviews: [], files: [file("src/a.ts", 300)] });
    const agent = score({ reviews: [], files: [file("src/a.ts", 300)], commits: [{ sha: "c".repeat(40), message: "x", trailers: [{ key: "co-authored-by", value: "Claude <noreply@anthropic.com>" }] }] });
    expect(agent.risk).toBeGreaterThan(human.risk);
    expect(agent.signals.review.multiplier).toBe(1.5);
    const ai = agent.reasons.find((r) => r.code === "ai.origin")!;
    expect(ai.points).toBeCloseTo(agent.risk - human.risk, 0);
  });
  it("bands follow the policy thresholds", () => {
    const a = score({ reviews: [], files: [file("src/auth/a.ts", 5000)], mergedBy: { login: "alice", type: "User" }, checks: [{ name: "ci", conclusion: "failure" }] });
    expect(["high", "critical"]).toContain(a.band);
    expect(score({ files: [file("README.md", 1)] }).band).toBe("low");
  });
});
