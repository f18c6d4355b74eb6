import { isoToMillis } from "@/lib/scoring";
import { fitParams, type FitOptions, type FitResult } from "./fit";
import { policyFragment, validateFragment } from "./policy-fragment";
import { riskOf, type CalibrationRow, type ScoreParams } from "./rows";
import { aucDifference, aucEstimate, precisionEstimate, type Estimate } from "./stats";

export interface CalibrationOptions extends FitOptions {
  /** Oldest share of changes (by merge time) that the fit may see. Default 0.7. */
  trainFraction?: number;
  /**
   * Failures and non-failures a period needs before its figures are judged, and the training period before
   * anything is fitted. Default 20 (docs/calibration.md: why).
   */
  minFailures?: number;
  /** Changes the top decile needs before its precision is judged. Default 20. */
  minTopDecile?: number;
}

export interface PeriodInfo {
  changes: number;
  failures: number;
  from: string | null;
  to: string | null;
}

export interface EvaluationBlock {
  /** A repository, or "all" for every repository together. */
  scope: string;
  changes: number;
  failures: number;
  /** Enough failures and non-failures to read the AUC figures. */
  judged: boolean;
  note: string | null;
  auc: { before: Estimate; after: Estimate; linesAdded: Estimate };
  /** Paired differences on the same changes (DeLong). */
  aucDelta: { afterVsBefore: Estimate; afterVsLinesAdded: Estimate; beforeVsLinesAdded: Estimate };
  topDecile: {
    /** Changes in the top decile. */
    k: number;
    judged: boolean;
    note: string | null;
    /** Share of failures among all changes of the period: what a random top decile would hold. */
    baseRate: number | null;
    before: Estimate & { hits: number };
    after: Estimate & { hits: number };
    linesAdded: Estimate & { hits: number };
  };
}

export type Recommendation = "adopt" | "keep-current" | "worse" | "cannot-judge" | "nothing-fitted";

export interface CalibrationReport {
  trainFraction: number;
  minFailures: number;
  split: {
    /** Merge time of the first evaluation change: the fit saw only changes merged before it. */
    cutAt: string | null;
    training: PeriodInfo;
    evaluation: PeriodInfo;
    /** Changes left out because their outcome was not final yet. */
    unsettled: number;
  };
  current: ScoreParams;
  proposed: ScoreParams;
  fit: FitResult;
  /** On the newest (1 − trainFraction): the figures to read. */
  evaluation: { overall: EvaluationBlock; repositories: EvaluationBlock[] };
  /** On the training period, for reference only: the fit saw these labels, so "after" is optimistic here. */
  training: { overall: EvaluationBlock };
  recommendation: Recommendation;
  /** Plain-language reading, one sentence per line. */
  summary: string[];
  /** weights + ai.multipliers as YAML, to adopt as a new policy version. */
  policyFragment: string;
}

/**
 * Time-ordered split, fit on the older part only, figures on the newer part, per repository and overall (§5.5).
 * Pure and deterministic: the same rows in the same order give the same report.
 */
export function calibrate(rows: readonly CalibrationRow[], current: ScoreParams, options: CalibrationOptions = {}): CalibrationReport {
  const trainFraction = options.trainFraction ?? 0.7;
  if (!(trainFraction > 0 && trainFraction < 1)) throw new RangeError("trainFraction must be between 0 and 1");
  const minFailures = options.minFailures ?? 20;
  const settled = rows.filter((r) => r.settled !== false);
  const { train, evaluation } = timeSplit(settled, trainFraction);
  const fit = fitParams(train, current, { ...options, minFailures });
  const proposed = fit.params;
  const block = (scope: string, part: readonly CalibrationRow[]) => evaluate(scope, part, current, proposed, minFailures, options.minTopDecile ?? 20);
  const repos = [...new Set(settled.map((r) => r.repo))].sort();
  const overall = block("all", evaluation);
  const fragment = policyFragment(
    proposed,
    fit.fitted
      ? `Calibrated on ${fit.training.changes} changes (${fit.training.failures} failed) merged ${train[0]!.mergedAt.slice(0, 10)} to ${train[train.length - 1]!.mergedAt.slice(0, 10)}`
      : `Not calibrated (${fit.reason}): the current weights and multipliers`,
  );
  const problems = validateFragment(fragment);
  if (problems.length) throw new Error(`calibrated policy fragment is invalid: ${problems.map((p) => p.message).join("; ")}`);
  const recommendation = recommend(fit, overall);
  return {
    trainFraction,
    minFailures,
    split: {
      cutAt: evaluation[0]?.mergedAt ?? null,
      training: period(train),
      evaluation: period(evaluation),
      unsettled: rows.length - settled.length,
    },
    current,
    proposed,
    fit,
    evaluation: {
      overall,
      repositories: repos.length > 1 ? repos.map((r) => block(r, evaluation.filter((x) => x.repo === r))) : [],
    },
    training: { overall: block("all", train) },
    recommendation,
    summary: summarize(fit, overall, recommendation, trainFraction),
    policyFragment: fragment,
  };
}

/** Oldest `trainFraction` by merge time (stable for equal times) for fitting; the rest for evaluation. */
export function timeSplit<T extends Pick<CalibrationRow, "mergedAt">>(rows: readonly T[], trainFraction: number): { train: T[]; evaluation: T[] } {
  const ordered = rows.map((r, i) => ({ r, i, t: isoToMillis(r.mergedAt) ?? 0 })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.r);
  const cut = Math.floor(ordered.length * trainFraction);
  return { train: ordered.slice(0, cut), evaluation: ordered.slice(cut) };
}

function period(rows: readonly CalibrationRow[]): PeriodInfo {
  return {
    changes: rows.length,
    failures: rows.filter((r) => r.failed).length,
    from: rows[0]?.mergedAt ?? null,
    to: rows[rows.length - 1]?.mergedAt ?? null,
  };
}

function evaluate(scope: string, rows: readonly CalibrationRow[], current: ScoreParams, proposed: ScoreParams, minFailures: number, minTop: number): EvaluationBlock {
  const labels = rows.map((r) => r.failed);
  const before = rows.map((r) => r.risk);
  const after = rows.map((r) => riskOf(r, proposed));
  const lines = rows.map((r) => r.linesAdded);
  const failures = labels.filter(Boolean).length;
  const others = rows.length - failures;
  const judged = failures >= minFailures && others >= minFailures;
  const note = judged
    ? null
    : `too few failures to judge: ${failures} failed and ${others} did not in this period; at least ${minFailures} of each are needed`;
  const topBefore = precisionEstimate(before, labels);
  const topJudged = judged && topBefore.k >= minTop;
  return {
    scope,
    changes: rows.length,
    failures,
    judged,
    note,
    auc: { before: aucEstimate(before, labels), after: aucEstimate(after, labels), linesAdded: aucEstimate(lines, labels) },
    aucDelta: {
      afterVsBefore: aucDifference(after, before, labels),
      afterVsLinesAdded: aucDifference(after, lines, labels),
      beforeVsLinesAdded: aucDifference(before, lines, labels),
    },
    topDecile: {
      k: topBefore.k,
      judged: topJudged,
      note: topJudged ? null : judged ? `the top decile holds only ${topBefore.k} changes; at least ${minTop} are needed` : note,
      baseRate: rows.length ? failures / rows.length : null,
      before: topBefore,
      after: precisionEstimate(after, labels),
      linesAdded: precisionEstimate(lines, labels),
    },
  };
}

function recommend(fit: FitResult, overall: EvaluationBlock): Recommendation {
  if (!fit.fitted) return "nothing-fitted";
  if (!overall.judged) return "cannot-judge";
  const d = overall.aucDelta.afterVsBefore;
  if (d.low !== null && d.low > 0) return "adopt";
  if (d.high !== null && d.high < 0) return "worse";
  return "keep-current";
}

const f3 = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
const signed = (x: number | null) => (x === null ? "n/a" : `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`);
const interval = (e: Estimate, fmt = f3) => (e.low === null ? "" : ` (95% interval ${fmt(e.low)} to ${fmt(e.high)})`);

function summarize(fit: FitResult, o: EvaluationBlock, rec: Recommendation, trainFraction: number): string[] {
  const newest = `the newest ${Math.round((1 - trainFraction) * 100)}% of changes`;
  const out: string[] = [];
  if (!o.judged) {
    out.push(`Too few failures to judge: ${newest} hold ${o.failures} failed change${o.failures === 1 ? "" : "s"} out of ${o.changes}. No figure below should be read as evidence either way.`);
  } else {
    const auc = o.auc.before.value!;
    out.push(
      `On ${newest} (${o.changes} changes, ${o.failures} failed), the current score ranks a failed change above one that did not fail ${Math.round(auc * 100)}% of the time (ROC AUC ${f3(auc)}${interval(o.auc.before)}); lines added alone: ${f3(o.auc.linesAdded.value)}.`,
    );
    const vs = o.aucDelta.beforeVsLinesAdded;
    out.push(
      vs.low !== null && vs.low > 0
        ? `The current score ranks failures better than lines added alone (difference ${signed(vs.value)}${interval(vs, signed)}).`
        : vs.high !== null && vs.high < 0
          ? `The current score ranks failures WORSE than lines added alone (difference ${signed(vs.value)}${interval(vs, signed)}).`
          : `The current score is not distinguishable from lines added alone on this period (difference ${signed(vs.value)}${interval(vs, signed)}).`,
    );
    if (o.topDecile.judged) {
      out.push(
        `Of the ${o.topDecile.k} highest-risk changes, ${o.topDecile.before.hits} failed (precision ${f3(o.topDecile.before.value)}, against ${f3(o.topDecile.baseRate)} for a random pick).`,
      );
    }
  }
  if (!fit.fitted) {
    out.push(`No calibrated weights are offered: ${fit.reason}.`);
    return out;
  }
  const d = o.aucDelta.afterVsBefore;
  const text: Record<Exclude<Recommendation, "nothing-fitted">, string> = {
    adopt: `The calibrated weights rank the newest changes better than the current ones, by more than noise (ROC AUC ${f3(o.auc.after.value)}, ${signed(d.value)}${interval(d, signed)})${(d.value ?? 0) < 0.02 ? "; the gain is small" : ""}: the data supports adopting them as a new policy version.`,
    "keep-current": `The calibrated weights reach ROC AUC ${f3(o.auc.after.value)} on the same changes (${signed(d.value)}${interval(d, signed)}): not distinguishable from the current weights, so there is no evidence-based reason to change them.`,
    worse: `The calibrated weights rank the newest changes WORSE than the current ones (ROC AUC ${f3(o.auc.after.value)}, ${signed(d.value)}${interval(d, signed)}): keep the current weights.`,
    "cannot-judge": `Calibrated weights were fitted on the older changes, but the newest period has too few failures to tell whether they help.`,
  };
  out.push(text[rec as Exclude<Recommendation, "nothing-fitted">]);
  const zeroed = Object.entries(fit.weights).filter(([, w]) => w.status === "fitted" && w.after === 0 && w.before > 0).map(([n]) => n);
  if (zeroed.length) {
    out.push(
      `The fit sets ${zeroed.join(" and ")} to 0, which would stop ${zeroed.length > 1 ? "them" : "it"} counting at all. These labels only see failures that a later fix touches line by line or a revert undoes; keep a small weight if the signal guards against something else.`,
    );
  }
  return out;
}
