import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultCompiledPolicy, loadPolicy } from "@/lib/policy";
import { precisionAtTop, rocAuc, SIGNAL_NAMES, type SignalName } from "@/lib/scoring";
import { file, makeChange } from "@/lib/scoring/testing/make-change";
import {
  adoptParams, aucDifference, aucEstimate, calibrate, createCalibrationScorer, fitNonNegativeLogistic, fitParams, formatCalibrationReport,
  paramsOf, policyFragment, precisionEstimate, proportionEstimate, riskOf, structuralComponents, timeSplit, validateFragment,
  type CalibrationRow, type ScoreParams,
} from ".";

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const current: ScoreParams = paramsOf(defaultCompiledPolicy());
const DAY = 86_400_000;
const T0 = Date.parse("2025-01-01T00:00:00Z");

interface Gen {
  n?: number;
  seed?: number;
  /** Signal values of a row, given its index, whether it will fail, and the random source. */
  values?: (i: number, failed: boolean, r: () => number) => Partial<Record<SignalName, number>>;
  failRate?: number;
  ai?: (i: number, r: () => number) => boolean;
  repo?: (i: number) => string;
}

/**
 * Rows where failure drives scope (and size) a little, so that the ranking is informative but not perfect;
 * criticality, policy and review unknown as in a git clone.
 */
function rows(g: Gen = {}): CalibrationRow[] {
  const r = rng(g.seed ?? 1);
  const n = g.n ?? 600;
  return Array.from({ length: n }, (_, i) => {
    const failed = r() < (g.failRate ?? 0.2);
    const scope = Math.min(1, Math.max(0, (failed ? 0.45 : 0.3) + (r() - 0.5) * 0.5));
    const base: Record<SignalName, number> = { scope, criticality: 0, compliance: r() < 0.2 ? 0.5 : 0, policy: 0, verification: r() * 0.4, review: 0, history: r() * 0.3 };
    const v = { ...base, ...g.values?.(i, failed, r) };
    const known = (n: SignalName) => !["criticality", "policy", "review"].includes(n);
    const row: CalibrationRow = {
      repo: g.repo?.(i) ?? "acme/app",
      id: `c${i}`,
      number: i,
      mergedAt: new Date(T0 + i * DAY).toISOString(),
      failed,
      risk: 0,
      linesAdded: Math.round(scope * 400 + r() * 200),
      aiOrigin: g.ai?.(i, r) ?? false,
      signals: Object.fromEntries(SIGNAL_NAMES.map((s) => [s, { value: Math.round(v[s] * 1000) / 1000, known: known(s) }])) as CalibrationRow["signals"],
    };
    row.risk = Math.round(riskOf(row, current) * 10) / 10;
    return row;
  });
}

describe("statistics", () => {
  it("DeLong components agree with brute force and their means with rocAuc", () => {
    const r = rng(7);
    const scores = Array.from({ length: 40 }, () => Math.round(r() * 10));
    const labels = scores.map(() => r() < 0.3);
    const c = structuralComponents(scores, labels)!;
    const pos = scores.filter((_, i) => labels[i]);
    const neg = scores.filter((_, i) => !labels[i]);
    const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
    expect(c.v10).toHaveLength(pos.length);
    pos.forEach((x, i) => expect(c.v10[i]).toBeCloseTo(neg.reduce((s, y) => s + psi(x, y), 0) / neg.length, 12));
    neg.forEach((y, j) => expect(c.v01[j]).toBeCloseTo(pos.reduce((s, x) => s + psi(x, y), 0) / pos.length, 12));
    expect(aucEstimate(scores, labels).value).toBeCloseTo(rocAuc(scores, labels)!, 12);
  });

  it("a score compared with itself differs by exactly 0; intervals widen as failures get fewer", () => {
    const data = rows({ n: 400 });
    const s = data.map((x) => x.risk);
    const y = data.map((x) => x.failed);
    expect(aucDifference(s, s, y)).toEqual({ value: 0, low: 0, high: 0 });
    const wide = aucEstimate(s.slice(0, 60), y.slice(0, 60));
    const narrow = aucEstimate(s, y);
    expect(wide.high! - wide.low!).toBeGreaterThan(narrow.high! - narrow.low!);
    expect(aucEstimate([1, 2], [true, true]).value).toBeNull();
  });

  it("Wilson intervals and top-decile precision", () => {
    const zero = proportionEstimate(0, 10);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.2775, 4);
    const half = proportionEstimate(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    const data = rows({ n: 300 });
    const p = precisionEstimate(data.map((x) => x.risk), data.map((x) => x.failed));
    expect(p.k).toBe(30);
    expect(p.value).toBe(precisionAtTop(data.map((x) => x.risk), data.map((x) => x.failed)));
  });
});

describe("non-negative logistic fit", () => {
  it("keeps a weight at 0 when its feature points the wrong way, and meets the optimality conditions", () => {
    const r = rng(3);
    const y: boolean[] = [];
    const x: number[][] = [];
    for (let i = 0; i < 800; i++) {
      const fail = r() < 0.25;
      y.push(fail);
      x.push([fail ? 0.3 + r() * 0.7 : r() * 0.7, fail ? r() * 0.4 : 0.2 + r() * 0.8, r()]);
    }
    const l2 = 1e-3;
    const fit = fitNonNegativeLogistic(x, y, { l2, tolerance: 1e-13, maxSweeps: 20_000 });
    expect(fit.weights[0]).toBeGreaterThan(1);
    expect(fit.weights[1]).toBe(0);
    for (const w of fit.weights) expect(w).toBeGreaterThanOrEqual(0);
    // KKT: zero gradient where w > 0, gradient ≥ 0 where w = 0 (and zero for the free intercept).
    const grad = [0, 0, 0];
    let gb = 0;
    x.forEach((row, i) => {
      const z = fit.intercept + row.reduce((s, v, j) => s + v * fit.weights[j]!, 0);
      const e = 1 / (1 + Math.exp(-z)) - (y[i] ? 1 : 0);
      gb += e / x.length;
      row.forEach((v, j) => (grad[j]! += (e * v) / x.length));
    });
    expect(Math.abs(gb)).toBeLessThan(1e-4);
    fit.weights.forEach((w, j) => {
      const g = grad[j]! + l2 * w;
      if (w > 0) expect(Math.abs(g)).toBeLessThan(1e-4);
      else expect(g).toBeGreaterThan(-1e-6);
    });
    expect(fitNonNegativeLogistic(x, y, { l2, tolerance: 1e-13, maxSweeps: 20_000 })).toEqual(fit);
  });
});

describe("fitParams", () => {
  it("fits only measured, varying signals; weights stay non-negative and keep the scale of what they replace", () => {
    const fit = fitParams(rows({ n: 700, values: (_i, _f, r) => ({ verification: 0.2, history: r() * 0.3 }) }), current);
    expect(fit.fitted).toBe(true);
    for (const n of SIGNAL_NAMES) expect(fit.params.weights[n]).toBeGreaterThanOrEqual(0);
    for (const n of ["criticality", "policy", "review"] as const) {
      expect(fit.weights[n]).toMatchObject({ status: "kept", reason: "not measured by this source", after: current.weights[n] });
    }
    expect(fit.weights.verification).toMatchObject({ status: "kept", after: current.weights.verification });
    expect(fit.weights.scope.status).toBe("fitted");
    const fitted = ["scope", "compliance", "history"] as const;
    const sum = (p: Record<SignalName, number>) => fitted.reduce((s, n) => s + p[n], 0);
    expect(sum(fit.params.weights)).toBeCloseTo(sum(current.weights), 2);
    expect(fit.params.weights.scope).toBeGreaterThan(fit.params.weights.history);
  });

  it("recovers a stronger AI effect as a multiplier between 1 and 3", () => {
    // AI-origin changes fail in proportion to min(1, 2 × history); human ones in proportion to history.
    const r = rng(11);
    const data: CalibrationRow[] = Array.from({ length: 3000 }, (_, i) => {
      const ai = i % 3 === 0;
      const h = r() * 0.5;
      const scope = r();
      const p = 1 / (1 + Math.exp(-(-3 + 2 * scope + 4 * Math.min(1, h * (ai ? 2 : 1)))));
      const failed = r() < p;
      const signals = Object.fromEntries(SIGNAL_NAMES.map((n) => [n, { value: n === "history" ? h : n === "scope" ? scope : 0, known: n === "history" || n === "scope" }])) as CalibrationRow["signals"];
      return { repo: "a/b", id: String(i), number: i, mergedAt: new Date(T0 + i * 3_600_000).toISOString(), failed, risk: 0, linesAdded: 0, aiOrigin: ai, signals };
    });
    const fit = fitParams(data, current);
    expect(fit.multipliers.history.status).toBe("fitted");
    expect(fit.params.multipliers.history).toBeGreaterThanOrEqual(1.6);
    expect(fit.params.multipliers.history).toBeLessThanOrEqual(2.5);
    for (const n of SIGNAL_NAMES) {
      expect(fit.params.multipliers[n]).toBeGreaterThanOrEqual(1);
      expect(fit.params.multipliers[n]).toBeLessThanOrEqual(3);
    }
  });

  it("fits nothing, and says why, when the training period has too few failures", () => {
    const fit = fitParams(rows({ n: 200, failRate: 0.05, seed: 5 }), current);
    expect(fit.fitted).toBe(false);
    expect(fit.reason).toMatch(/too few failures in the training period/);
    expect(fit.params).toEqual(current);
  });
});

describe("calibrate", () => {
  it("never fits on the evaluation period: a feature that leaks the label there only is not picked up", () => {
    const n = 1000;
    const cut = Math.floor(n * 0.7);
    // "history" equals the label in the newest 30% and is noise in the oldest 70%.
    const leaky = rows({ n, seed: 21, values: (i, failed, r) => ({ history: i >= cut ? (failed ? 1 : 0) : r() }) });
    const report = calibrate(leaky, current);
    expect(report.split.training.changes).toBe(cut);
    expect(report.fit.params.weights.history).toBeLessThan(0.05);
    expect(report.evaluation.overall.auc.after.value!).toBeLessThan(0.85);

    // Control: the same leak in the training period is found at once, so the check above can fail.
    const trained = rows({ n, seed: 21, values: (i, failed, r) => ({ history: i < cut ? (failed ? 1 : 0) : r() }) });
    expect(calibrate(trained, current).fit.params.weights.history).toBeGreaterThan(0.3);

    // And nothing in the evaluation period moves the fit at all.
    const scrambled = leaky.map((row, i) => (i < cut ? row : { ...row, failed: !row.failed, signals: { ...row.signals, scope: { value: 1 - row.signals.scope.value, known: true } } }));
    const again = calibrate(scrambled, current);
    expect(again.fit).toEqual(report.fit);
    expect(again.policyFragment).toBe(report.policyFragment);
  });

  it("is deterministic and independent of input order", () => {
    const data = rows({ n: 800, seed: 9, ai: (i) => i % 4 === 0, repo: (i) => (i % 2 ? "acme/api" : "acme/web") });
    const a = calibrate(data, current);
    const b = calibrate([...data].reverse(), current);
    expect(b).toEqual(a);
    expect(formatCalibrationReport(b)).toBe(formatCalibrationReport(a));
    expect(a.evaluation.repositories.map((x) => x.scope)).toEqual(["acme/api", "acme/web"]);
    expect(a.evaluation.repositories.reduce((s, x) => s + x.changes, 0)).toBe(a.evaluation.overall.changes);
  });

  it("reports before, after and lines added on the same evaluation changes, and the number of failures behind them", () => {
    const data = rows({ n: 900, seed: 4 });
    const report = calibrate(data, current);
    const { train, evaluation } = timeSplit(data, 0.7);
    const o = report.evaluation.overall;
    expect(o.changes).toBe(evaluation.length);
    expect(o.failures).toBe(evaluation.filter((r) => r.failed).length);
    expect(o.auc.before.value).toBeCloseTo(rocAuc(evaluation.map((r) => r.risk), evaluation.map((r) => r.failed))!, 12);
    expect(o.auc.linesAdded.value).toBeCloseTo(rocAuc(evaluation.map((r) => r.linesAdded), evaluation.map((r) => r.failed))!, 12);
    expect(o.auc.after.value).toBeCloseTo(rocAuc(evaluation.map((r) => riskOf(r, report.proposed)), evaluation.map((r) => r.failed))!, 12);
    expect(report.fit.training.changes).toBe(train.length);
    expect(report.split.cutAt).toBe(evaluation[0]!.mergedAt);
    expect(Date.parse(train[train.length - 1]!.mergedAt)).toBeLessThan(Date.parse(report.split.cutAt!));
  });

  it("says 'too few failures to judge' instead of a verdict when failures are few", () => {
    // Plenty of failures to fit on, but only a handful in the newest 30%.
    const data = rows({ n: 600, seed: 2, failRate: 0.3 }).map((r, i) => (i >= 420 && i % 20 !== 0 ? { ...r, failed: false } : r));
    const report = calibrate(data, current);
    const o = report.evaluation.overall;
    expect(o.failures).toBeLessThan(20);
    expect(o.judged).toBe(false);
    expect(o.note).toMatch(/^too few failures to judge: \d+ failed/);
    expect(o.topDecile.judged).toBe(false);
    expect(report.recommendation).toBe("cannot-judge");
    expect(report.summary[0]).toMatch(/^Too few failures to judge/);
    const text = formatCalibrationReport(report);
    expect(text).toContain("too few failures to judge");
    expect(text).not.toMatch(/current weights \(before\)\s+0\.\d{3}/);
  });

  it("leaves out changes whose outcome is not final yet", () => {
    const data = rows({ n: 500, seed: 6 }).map((r, i) => ({ ...r, settled: i < 450 }));
    const report = calibrate(data, current);
    expect(report.split.unsettled).toBe(50);
    expect(report.split.training.changes + report.split.evaluation.changes).toBe(450);
  });
});

describe("scores and policies", () => {
  it("riskOf reproduces the engine's risk from a row's signals", () => {
    const policy = defaultCompiledPolicy();
    const score = createCalibrationScorer(policy);
    const changes = [
      makeChange({ number: 1, files: [file("src/auth/login.ts", 300, 20)], mergedAt: "2026-03-01T00:00:00Z" }),
      makeChange({ number: 2, files: [file("src/auth/login.ts", 5, 1), file("src/a.test.ts", 10)], mergedAt: "2026-03-02T00:00:00Z", title: "fix: login" }),
      makeChange({ number: 3, files: [file("src/x.ts", 1200)], mergedAt: "2026-03-03T00:00:00Z", commits: [{ sha: "d".repeat(40), message: "x\n\nCo-authored-by: Claude <noreply@anthropic.com>", trailers: [{ key: "Co-authored-by", value: "Claude <noreply@anthropic.com>" }] }] }),
    ];
    const scored = changes.map((c) => score(c, String(c.number)));
    expect(scored[2]!.aiOrigin).toBe(true);
    for (const row of scored) expect(Math.abs(riskOf(row, paramsOf(policy)) - row.risk)).toBeLessThan(0.1);
  });

  it("produces a fragment that validates and adopts into an existing policy without losing the rest", () => {
    const proposed: ScoreParams = { weights: { ...current.weights, scope: 0.52, verification: 0 }, multipliers: { ...current.multipliers, history: 1.65 } };
    const fragment = policyFragment(proposed, "calibrated");
    expect(validateFragment(fragment)).toEqual([]);
    const text = readFileSync("docs/example-policy.yaml", "utf8");
    const adopted = adoptParams(text, proposed);
    expect(adopted.ok).toBe(true);
    const loaded = loadPolicy(adopted.text);
    if (!loaded.ok) throw new Error("adopted policy does not load");
    expect(loaded.policy.weights).toEqual(proposed.weights);
    expect(loaded.policy.ai.multipliers).toEqual(proposed.multipliers);
    const original = loadPolicy(text);
    if (!original.ok) throw new Error("example policy does not load");
    expect(loaded.policy.services.map((s) => s.name)).toEqual(original.policy.services.map((s) => s.name));
    expect(adoptParams("", proposed).ok).toBe(true);
    const bad = adoptParams("services: [", proposed);
    expect(bad.ok).toBe(false);
    expect(adoptParams("", { ...proposed, multipliers: { ...proposed.multipliers, review: 0.5 } })).toMatchObject({ ok: false });
  });
});
