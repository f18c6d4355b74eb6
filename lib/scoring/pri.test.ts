import { describe, expect, it } from "vitest";
import { precisionAtTop, rocAuc } from "./metrics";
import { computePri, type PriRow } from "./pri";
import { isoToMillis } from "./time";

const row = (over: Partial<PriRow>): PriRow => ({ mergedAt: "2026-02-10T00:00:00Z", risk: 20, band: "low", tier: null, aiOrigin: false, failed: false, attested: false, ...over });
const Q1 = { from: "2026-01-01T00:00:00Z", to: "2026-04-01T00:00:00Z" };

describe("computePri", () => {
  it("is 100 minus the criticality-weighted mean risk, with honest counts", () => {
    const rows = [
      row({ risk: 80, band: "critical", tier: 0, attested: true, aiOrigin: true, failed: true }),
      row({ risk: 20, tier: 3 }),
      row({ risk: 60, band: "high", tier: null, failed: null }),
      row({ risk: 99, mergedAt: "2026-05-01T00:00:00Z" }),
    ];
    const r = computePri(rows, Q1);
    // weights 4, 1, 1 → (320 + 20 + 60) / 6
    expect(r.pri).toBeCloseTo(100 - 400 / 6, 1);
    expect(r).toMatchObject({ merged: 3, highRisk: 2, highRiskAttested: 1, aiOrigin: 1, failed: 1, outcomeKnown: 2, changeFailureRate: 0.5 });
    expect(r.aiShare).toBeCloseTo(1 / 3);
  });
  it("slices by repository, service and team; empty windows give null", () => {
    const rows = [row({ repo: "a/x", services: ["pay"], teams: ["@t"], risk: 50 }), row({ repo: "a/y", risk: 10 })];
    expect(computePri(rows, Q1, { kind: "repo", repo: "A/X" }).pri).toBe(50);
    expect(computePri(rows, Q1, { kind: "service", service: "pay" }).merged).toBe(1);
    expect(computePri(rows, Q1, { kind: "team", team: "@t" }).merged).toBe(1);
    expect(computePri(rows, { from: "2027-01-01", to: "2027-02-01" }).pri).toBeNull();
  });
});

describe("metrics", () => {
  it("ROC AUC: perfect, inverted, ties, undefined", () => {
    expect(rocAuc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(rocAuc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
    expect(rocAuc([1, 1, 1, 1], [false, true, false, true])).toBe(0.5);
    expect(rocAuc([1, 2], [true, true])).toBeNull();
    expect(precisionAtTop([9, 1, 8, 2, 7, 3, 6, 4, 5, 0], [true, false, false, false, false, false, false, false, false, false])).toBe(1);
  });
  it("parses ISO times without the clock", () => {
    expect(isoToMillis("2026-01-01T00:00:00Z")).toBe(Date.UTC(2026, 0, 1));
    expect(isoToMillis("2024-02-29T12:30:15.250+02:00")).toBe(Date.UTC(2024, 1, 29, 10, 30, 15, 250));
    expect(isoToMillis("1999-12-31")).toBe(Date.UTC(1999, 11, 31));
    expect(isoToMillis("yesterday")).toBeNull();
  });
});
