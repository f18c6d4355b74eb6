/**
 * Uncertainty of the ranking figures, so that the report never claims more than the data supports: DeLong's
 * variance for ROC AUC (and for the difference of two AUCs measured on the same changes), Wilson's interval for a
 * precision. Point estimates agree with rocAuc/precisionAtTop in lib/scoring.
 */

export interface Estimate {
  value: number | null;
  /** 95% interval; null when the value is. */
  low: number | null;
  high: number | null;
}

const Z95 = 1.959963984540054;
const none: Estimate = { value: null, low: null, high: null };

/** Mid-ranks (1-based, ties share their average rank). */
function midRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/**
 * DeLong's structural components of one score: for each failure, the share of non-failures it outranks (ties
 * half), and for each non-failure, the share of failures that outrank it. Their means are the AUC.
 */
export function structuralComponents(scores: readonly number[], labels: readonly boolean[]): { v10: number[]; v01: number[] } | null {
  const pos: number[] = [];
  const neg: number[] = [];
  scores.forEach((s, i) => (labels[i] ? pos : neg).push(s));
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) return null;
  const all = midRanks([...pos, ...neg]);
  const rp = midRanks(pos);
  const rn = midRanks(neg);
  const v10 = pos.map((_, i) => (all[i]! - rp[i]!) / n);
  const v01 = neg.map((_, j) => 1 - (all[m + j]! - rn[j]!) / m);
  return { v10, v01 };
}

function covariance(a: readonly number[], b: readonly number[]): number {
  const k = a.length;
  if (k < 2) return 0;
  const ma = a.reduce((s, x) => s + x, 0) / k;
  const mb = b.reduce((s, x) => s + x, 0) / k;
  let c = 0;
  for (let i = 0; i < k; i++) c += (a[i]! - ma) * (b[i]! - mb);
  return c / (k - 1);
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** ROC AUC with DeLong's 95% interval. */
export function aucEstimate(scores: readonly number[], labels: readonly boolean[]): Estimate {
  const c = structuralComponents(scores, labels);
  if (!c) return none;
  const auc = c.v10.reduce((s, x) => s + x, 0) / c.v10.length;
  const se = Math.sqrt(covariance(c.v10, c.v10) / c.v10.length + covariance(c.v01, c.v01) / c.v01.length);
  return { value: auc, low: clamp(auc - Z95 * se, 0, 1), high: clamp(auc + Z95 * se, 0, 1) };
}

/** AUC(a) − AUC(b) on the same changes, with DeLong's paired 95% interval. */
export function aucDifference(a: readonly number[], b: readonly number[], labels: readonly boolean[]): Estimate {
  const ca = structuralComponents(a, labels);
  const cb = structuralComponents(b, labels);
  if (!ca || !cb) return none;
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const diff = mean(ca.v10) - mean(cb.v10);
  const var10 = covariance(ca.v10, ca.v10) + covariance(cb.v10, cb.v10) - 2 * covariance(ca.v10, cb.v10);
  const var01 = covariance(ca.v01, ca.v01) + covariance(cb.v01, cb.v01) - 2 * covariance(ca.v01, cb.v01);
  const se = Math.sqrt(Math.max(0, var10 / ca.v10.length + var01 / ca.v01.length));
  return { value: diff, low: clamp(diff - Z95 * se, -1, 1), high: clamp(diff + Z95 * se, -1, 1) };
}

/** A proportion `hits / k` with Wilson's 95% interval. */
export function proportionEstimate(hits: number, k: number): Estimate {
  if (k <= 0) return none;
  const p = hits / k;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * k)) / (1 + z2 / k);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / k + z2 / (4 * k * k))) / (1 + z2 / k);
  return { value: p, low: clamp(centre - half, 0, 1), high: clamp(centre + half, 0, 1) };
}

/**
 * Precision among the top `fraction` by score (ties broken by position, as precisionAtTop does), with its interval
 * and the number of changes it rests on.
 */
export function precisionEstimate(scores: readonly number[], labels: readonly boolean[], fraction = 0.1): Estimate & { k: number; hits: number } {
  const n = scores.length;
  if (n === 0) return { ...none, k: 0, hits: 0 };
  const k = Math.max(1, Math.round(n * fraction));
  const order = scores.map((_, i) => i).sort((x, y) => scores[y]! - scores[x]! || x - y);
  let hits = 0;
  for (let i = 0; i < k; i++) if (labels[order[i]!]) hits++;
  return { ...proportionEstimate(hits, k), k, hits };
}
