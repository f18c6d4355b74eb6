import { SIGNAL_NAMES, type SignalName } from "@/lib/scoring";
import type { CalibrationRow, ScoreParams } from "./rows";

/**
 * Non-negative logistic regression by cyclic coordinate descent: minimises
 *   (1/n) Σ [log(1 + e^zᵢ) − yᵢ zᵢ] + (λ/2) Σ wⱼ²,   zᵢ = b + Σ wⱼ xᵢⱼ,   wⱼ ≥ 0 (b free).
 * Each coordinate takes a Newton step projected onto wⱼ ≥ 0; a step that would raise the loss is replaced by the
 * step of the quadratic upper bound (curvature ¼ Σ x²), which never does, so the loss falls monotonically and the
 * result is deterministic for a given input.
 */
export function fitNonNegativeLogistic(
  x: readonly (readonly number[])[],
  y: readonly boolean[],
  options: { l2?: number; maxSweeps?: number; tolerance?: number; start?: { intercept: number; weights: readonly number[] } } = {},
): { intercept: number; weights: number[]; loss: number; sweeps: number } {
  const n = x.length;
  const k = n ? x[0]!.length : 0;
  const l2 = options.l2 ?? 1e-3;
  const maxSweeps = options.maxSweeps ?? 2000;
  const tol = options.tolerance ?? 1e-9;
  const w = options.start ? [...options.start.weights] : new Array<number>(k).fill(0);
  const positives = y.filter(Boolean).length;
  const base = Math.min(Math.max(positives / Math.max(1, n), 1e-6), 1 - 1e-6);
  let b = options.start?.intercept ?? Math.log(base / (1 - base));
  const z = x.map((row) => b + row.reduce((s, v, j) => s + v * w[j]!, 0));
  const col = (j: number) => (j < 0 ? (_: number) => 1 : (i: number) => x[i]![j]!);
  const lossAt = (j: number, delta: number) => {
    const xj = col(j);
    let s = 0;
    for (let i = 0; i < n; i++) s += softplus(z[i]! + delta * xj(i)) - (y[i] ? z[i]! + delta * xj(i) : 0);
    let pen = 0;
    for (let m = 0; m < k; m++) pen += (m === j ? w[m]! + delta : w[m]!) ** 2;
    return s / n + (l2 / 2) * pen;
  };
  let loss = lossAt(-1, 0);
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    const before = loss;
    for (let j = -1; j < k; j++) {
      const xj = col(j);
      let g = 0;
      let h = 0;
      let bound = 0;
      for (let i = 0; i < n; i++) {
        const p = sigmoid(z[i]!);
        const v = xj(i);
        g += (p - (y[i] ? 1 : 0)) * v;
        h += p * (1 - p) * v * v;
        bound += (v * v) / 4;
      }
      const reg = j < 0 ? 0 : l2;
      const current = j < 0 ? b : w[j]!;
      g = g / n + reg * current;
      h = h / n + reg;
      bound = bound / n + reg;
      if (bound <= 0) continue;
      const project = (step: number) => (j < 0 ? step : Math.max(-current, step));
      let delta = project(h > 1e-12 ? -g / h : -g / bound);
      let trial = lossAt(j, delta);
      if (!(trial <= loss)) {
        delta = project(-g / bound);
        trial = lossAt(j, delta);
        if (!(trial <= loss)) continue;
      }
      if (delta === 0) continue;
      for (let i = 0; i < n; i++) z[i]! += delta * xj(i);
      if (j < 0) b += delta;
      else w[j] = current + delta;
      loss = trial;
    }
    if (before - loss < tol) {
      sweeps++;
      break;
    }
  }
  return { intercept: b, weights: w, loss, sweeps };
}

function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

export interface FitOptions {
  /** Ridge penalty λ on the weights (features are 0–1). Default 0.001: only steadies collinear signals. */
  l2?: number;
  /** Failures (and non-failures) the training period needs before anything is fitted. Default 20. */
  minFailures?: number;
  /** A signal is fitted only when it was measured on at least this many training changes. Default 30. */
  minKnown?: number;
  /** AI-origin failures (and non-failures) in training needed to fit multipliers. Default: minFailures. */
  minAiFailures?: number;
  /** Multipliers are searched on [1, 3] in this step. Default 0.05. */
  multiplierStep?: number;
}

export type ParamStatus = { status: "fitted" } | { status: "kept"; reason: string };

export interface FitResult {
  /** The proposed weights and multipliers (rounded as a policy would hold them). */
  params: ScoreParams;
  /** true when the training period held enough failures to fit anything. */
  fitted: boolean;
  reason: string | null;
  weights: Record<SignalName, ParamStatus & { before: number; after: number }>;
  multipliers: Record<SignalName, ParamStatus & { before: number; after: number }>;
  training: { changes: number; failures: number; aiChanges: number; aiFailures: number };
  /** Penalised mean log-loss on the training period at the fitted point, and the logistic intercept. */
  loss: number | null;
  intercept: number | null;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** x for one row and signal: the formula's capped, multiplied signal value (0 when the signal is unknown). */
function feature(row: CalibrationRow, name: SignalName, multiplier: number): number {
  const s = row.signals[name];
  if (!s.known) return 0;
  return Math.min(1, s.value * (row.aiOrigin ? multiplier : 1));
}

/**
 * Fits non-negative signal weights and AI multipliers (1–3) on `train` ONLY, by logistic loss on the formula's
 * numerator Σ wₖ·min(1, sₖ·mₖ). Weights and multipliers alternate: weights by fitNonNegativeLogistic, then each
 * multiplier by a grid search with the weights held, until neither moves (at most 5 rounds).
 *
 * Signals measured on too few training changes, or constant there, keep their current weight: nothing in the
 * data speaks for or against them. Fitted weights are rescaled so that they add up to what the same signals
 * weighed before, which keeps their balance against the kept signals (the formula is scale-free otherwise).
 */
export function fitParams(train: readonly CalibrationRow[], current: ScoreParams, options: FitOptions = {}): FitResult {
  const minFailures = options.minFailures ?? 20;
  const minKnown = options.minKnown ?? 30;
  const minAi = options.minAiFailures ?? minFailures;
  const step = options.multiplierStep ?? 0.05;
  const failures = train.filter((r) => r.failed).length;
  const ai = train.filter((r) => r.aiOrigin);
  const aiFailures = ai.filter((r) => r.failed).length;
  const training = { changes: train.length, failures, aiChanges: ai.length, aiFailures };
  const keepAll = (reason: string): FitResult => ({
    params: { weights: { ...current.weights }, multipliers: { ...current.multipliers } },
    fitted: false,
    reason,
    weights: statusAll(current.weights, current.weights, { status: "kept", reason }),
    multipliers: statusAll(current.multipliers, current.multipliers, { status: "kept", reason }),
    training,
    loss: null,
    intercept: null,
  });
  if (failures < minFailures || train.length - failures < minFailures) {
    return keepAll(`too few failures in the training period to fit (${failures} failed, ${train.length - failures} did not; ${minFailures} of each needed)`);
  }

  const weightStatus = {} as Record<SignalName, ParamStatus>;
  const fittedNames: SignalName[] = [];
  for (const name of SIGNAL_NAMES) {
    const known = train.filter((r) => r.signals[name].known);
    if (known.length < minKnown) {
      weightStatus[name] = { status: "kept", reason: known.length ? `measured on only ${known.length} training changes` : "not measured by this source" };
      continue;
    }
    const first = known[0]!.signals[name].value;
    if (known.every((r) => r.signals[name].value === first)) {
      weightStatus[name] = { status: "kept", reason: `the same value (${first}) on every training change` };
      continue;
    }
    weightStatus[name] = { status: "fitted" };
    fittedNames.push(name);
  }
  if (!fittedNames.length) return keepAll("no signal varies across the training changes");

  const multiplierStatus = {} as Record<SignalName, ParamStatus>;
  const aiFittable = aiFailures >= minAi && ai.length - aiFailures >= minAi;
  const searchMultipliers: SignalName[] = [];
  for (const name of SIGNAL_NAMES) {
    if (!aiFittable) {
      multiplierStatus[name] = { status: "kept", reason: `too few AI-origin changes in the training period (${aiFailures} failed, ${ai.length - aiFailures} did not; ${minAi} of each needed)` };
    } else if (!fittedNames.includes(name)) {
      multiplierStatus[name] = { status: "kept", reason: "its signal is not fitted" };
    } else if (ai.filter((r) => r.signals[name].known && r.signals[name].value > 0).length < minKnown) {
      multiplierStatus[name] = { status: "kept", reason: "too few AI-origin training changes where the signal is above 0" };
    } else {
      multiplierStatus[name] = { status: "fitted" };
      searchMultipliers.push(name);
    }
  }

  const labels = train.map((r) => r.failed);
  const multipliers = { ...current.multipliers };
  const matrix = () => train.map((r) => fittedNames.map((n) => feature(r, n, multipliers[n])));
  let model = fitNonNegativeLogistic(matrix(), labels, { l2: options.l2 });
  const grid: number[] = [];
  for (let m = 1; m <= 3 + 1e-9; m += step) grid.push(round(m, 4));
  for (let pass = 0; pass < 5 && searchMultipliers.length; pass++) {
    let moved = false;
    for (const name of searchMultipliers) {
      const j = fittedNames.indexOf(name);
      const w = model.weights;
      const lossWith = (m: number) => {
        let s = 0;
        for (const r of train) {
          let z = model.intercept;
          for (let q = 0; q < fittedNames.length; q++) z += w[q]! * feature(r, fittedNames[q]!, q === j ? m : multipliers[fittedNames[q]!]);
          s += softplus(z) - (r.failed ? z : 0);
        }
        return s / train.length;
      };
      let best = multipliers[name];
      let bestLoss = lossWith(best);
      for (const m of grid) {
        const l = lossWith(m);
        // Strictly better by a margin, or equal and closer to the current value: the search is deterministic.
        if (l < bestLoss - 1e-12 || (Math.abs(l - bestLoss) <= 1e-12 && Math.abs(m - current.multipliers[name]) < Math.abs(best - current.multipliers[name]))) {
          best = m;
          bestLoss = l;
        }
      }
      if (best !== multipliers[name]) {
        multipliers[name] = best;
        moved = true;
      }
    }
    if (!moved) break;
    model = fitNonNegativeLogistic(matrix(), labels, { l2: options.l2, start: model });
  }

  const fittedSum = model.weights.reduce((s, v) => s + v, 0);
  if (!(fittedSum > 0)) return keepAll("no signal ranks the training failures above the other changes (every fitted weight is 0)");
  const previousSum = fittedNames.reduce((s, n) => s + current.weights[n], 0);
  const scale = (previousSum > 0 ? previousSum : 1) / fittedSum;
  const weights = { ...current.weights };
  fittedNames.forEach((n, j) => (weights[n] = round(model.weights[j]! * scale, 3)));
  for (const n of SIGNAL_NAMES) {
    multipliers[n] = round(multipliers[n], 2);
    if (weights[n] === 0 && multiplierStatus[n].status === "fitted") {
      multipliers[n] = current.multipliers[n];
      multiplierStatus[n] = { status: "kept", reason: "its fitted weight is 0, so the multiplier has no effect" };
    }
  }

  return {
    params: { weights, multipliers },
    fitted: true,
    reason: null,
    weights: Object.fromEntries(SIGNAL_NAMES.map((n) => [n, { ...weightStatus[n], before: current.weights[n], after: weights[n] }])) as FitResult["weights"],
    multipliers: Object.fromEntries(SIGNAL_NAMES.map((n) => [n, { ...multiplierStatus[n], before: current.multipliers[n], after: multipliers[n] }])) as FitResult["multipliers"],
    training,
    loss: model.loss,
    intercept: model.intercept,
  };
}

function statusAll(before: Record<SignalName, number>, after: Record<SignalName, number>, status: ParamStatus) {
  return Object.fromEntries(SIGNAL_NAMES.map((n) => [n, { ...status, before: before[n], after: after[n] }])) as FitResult["weights"];
}
