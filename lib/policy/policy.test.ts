import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePolicy, DEFAULT_POLICY, defaultCompiledPolicy, formatPolicyError, loadPolicy, parsePolicy, policyVersionOf } from ".";

const example = readFileSync(new URL("../../docs/example-policy.yaml", import.meta.url), "utf8");

describe("policy parsing", () => {
  it("parses the example policy cleanly and compiles it", () => {
    const r = loadPolicy(example);
    expect(r.errors.map(formatPolicyError)).toEqual([]);
    expect(r.ok).toBe(true);
    const p = r.policy!;
    expect(p.services.map((s) => s.name)).toContain("payments-api");
    expect(p.classify("acme/platform", "services/payments/card-vault/store.ts").services).toEqual([0]);
    expect(p.classify("acme/other", "services/payments/card-vault/store.ts").services).toEqual([]);
    expect(p.regimes.map((r) => r.id)).toEqual(["pci-dss", "hipaa", "soc2", "sox", "gdpr"]);
    expect(p.controls.approvalsFor(0)).toBe(2);
    expect(p.controls.approvalsFor(null)).toBe(1);
    expect(r.version).toBe(policyVersionOf(example));
    expect(r.version).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts an empty document and applies the defaults", () => {
    const r = parsePolicy("");
    expect(r.ok).toBe(true);
    expect(r.policy).toEqual(parsePolicy("{}").policy);
  });

  it("default policy recognises conventional paths", () => {
    const p = defaultCompiledPolicy();
    const kinds = (path: string) => [...p.classify("a/b", path).kinds].sort();
    expect(kinds("src/auth/session.ts")).toContain("auth");
    expect(kinds("db/migrations/001_init.sql")).toContain("migrations");
    expect(kinds("apps/web/.env.production")).toContain("secrets");
    expect(kinds("src/user.test.ts")).toEqual(["tests"]);
    expect(kinds(".github/workflows/ci.yml")).toContain("infra");
    expect(kinds("api/schema.graphql")).toContain("contracts");
    expect(kinds("README.md")).toEqual(["docs"]);
    expect(kinds("pnpm-lock.yaml")).toContain("generated");
    expect(kinds("apps/web/locales/de.json")).toContain("translations");
    expect(p.version).toBe("default");
    expect(DEFAULT_POLICY.services).toEqual([]);
  });

  it("reports every schema error with line, column and field path", () => {
    const text = [
      "services:", //                      1
      "  - name: payments", //              2
      "    tier: 0", //                     3
      "    paths: [services/payments/]", // 4
      "  - name: web", //                   5
      "    tier: 1", //                     6
      "    paths: [apps/web/]", //          7
      "    depends_on: [nowhere]", //       8
      "  - name: ledger", //                9
      "    tier: 7", //                     10
      "    paths: [libs/ledger/]", //       11
      "    colour: blue", //                12
      "weights:", //                        13
      "  scope: -1", //                     14
      "controls:", //                       15
      '  ticket_pattern: "[A-"', //         16
      "bands: { elevated: 60, high: 50, critical: 75 }", // 17
    ].join("\n");
    const r = parsePolicy(text);
    expect(r.ok).toBe(false);
    const msgs = r.errors.map(formatPolicyError);
    expect(msgs).toContain("line 10, column 11: services[2].tier: expected a number from 0 to 3");
    expect(msgs).toContain('line 12, column 5: services[2].colour: unknown field "colour"');
    expect(msgs).toContain("line 14, column 10: weights.scope: expected a weight ≥ 0");
    expect(msgs.some((m) => m.startsWith("line 16, column 19: controls.ticket_pattern: invalid regular expression"))).toBe(true);
    expect(msgs.some((m) => m.startsWith("line 17, column 8: bands: band thresholds must rise"))).toBe(true);
    expect(r.errors.length).toBeGreaterThanOrEqual(5);
  });

  it("names a missing required field at its parent", () => {
    const r = parsePolicy("services:\n  - name: x\n    tier: 1\n");
    expect(r.errors.map(formatPolicyError)).toEqual(["line 2, column 5: services[0].paths: required field is missing"]);
  });

  it("checks depends_on names once the rest is valid", () => {
    const r = parsePolicy("services:\n  - name: a\n    tier: 1\n    paths: [a/]\n    depends_on: [b]\n");
    expect(r.errors.map(formatPolicyError)).toEqual(['line 5, column 18: services[0].depends_on[0]: unknown service "b"']);
  });

  it("reports YAML syntax errors with their position", () => {
    const r = parsePolicy("services:\n  - name: a\n   tier: [1\n");
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.line).toBeGreaterThanOrEqual(2);
    expect(r.errors[0]!.column).toBeGreaterThan(0);
  });

  it("rejects duplicate keys and duplicate service names", () => {
    expect(parsePolicy("weights:\n  scope: 1\n  scope: 2\n").ok).toBe(false);
    const r = parsePolicy("services:\n  - { name: a, tier: 1, paths: [a/] }\n  - { name: a, tier: 2, paths: [b/] }\n");
    expect(r.errors.map(formatPolicyError)).toEqual(['line 3, column 13: services[1].name: duplicate service name "a"']);
  });

  it("compiles per-repository service paths and weights over defaults", () => {
    const r = parsePolicy("services:\n  - name: a\n    tier: 2\n    paths:\n      acme/one: [x/]\n      '*': [shared/a/]\nweights: { scope: 1 }\n");
    const p = compilePolicy(r.policy!, "v");
    expect(p.classify("acme/one", "x/y.ts").services).toEqual([0]);
    expect(p.classify("ACME/One", "x/y.ts").services).toEqual([0]);
    expect(p.classify("acme/two", "x/y.ts").services).toEqual([]);
    expect(p.classify("acme/two", "shared/a/z.ts").services).toEqual([0]);
    expect(p.weights.scope).toBe(1);
    expect(p.weights.review).toBeGreaterThan(0);
  });
});
