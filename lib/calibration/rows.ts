import type { CompiledPolicy } from "@/lib/policy";
import { combine, createHistoryTracker, scoreChange, SIGNAL_NAMES, type Assessment, type Change, type SignalName } from "@/lib/scoring";

/** The weights and AI multipliers of the §5.3 formula: what calibration fits and a policy version adopts. */
export interface ScoreParams {
  weights: Record<SignalName, number>;
  multipliers: Record<SignalName, number>;
}

/** One scored, labelled change: everything calibration needs, and nothing that ties it to a data source. */
export interface CalibrationRow {
  repo: string;
  /** Merge sha, or any stable id. */
  id: string;
  number: number | null;
  mergedAt: string;
  failed: boolean;
  /**
   * false when the outcome is not final yet (merged less than the label window before the newest change seen):
   * such rows take no part in fitting or in the figures.
   */
  settled?: boolean;
  /** Risk as scored with the current policy. */
  risk: number;
  /** The baseline: lines added over all files (binary files count 0). */
  linesAdded: number;
  aiOrigin: boolean;
  signals: Record<SignalName, { value: number; known: boolean }>;
}

export type UnlabelledRow = Omit<CalibrationRow, "failed" | "settled">;

export function paramsOf(policy: CompiledPolicy): ScoreParams {
  return { weights: { ...policy.weights }, multipliers: { ...policy.ai.multipliers } };
}

export function rowOf(change: Change, assessment: Assessment, id: string): UnlabelledRow {
  return {
    repo: change.repo,
    id,
    number: change.number,
    mergedAt: change.mergedAt ?? change.createdAt,
    risk: assessment.risk,
    linesAdded: change.files.reduce((s, f) => s + (f.additions ?? 0), 0),
    aiOrigin: assessment.ai.aiOrigin,
    signals: Object.fromEntries(
      SIGNAL_NAMES.map((n) => [n, { value: assessment.signals[n].value, known: assessment.signals[n].known !== false }]),
    ) as UnlabelledRow["signals"],
  };
}

/**
 * Scores a repository's changes for calibration, the way the product scores them: oldest first, each with the
 * history of the changes before it only (createHistoryTracker), with the given policy. Feed changes in merge order.
 */
export function createCalibrationScorer(policy: CompiledPolicy): (change: Change, id: string) => UnlabelledRow {
  const trackers = new Map<string, ReturnType<typeof createHistoryTracker>>();
  return (change, id) => {
    let tracker = trackers.get(change.repo);
    if (!tracker) {
      tracker = createHistoryTracker({ windowDays: policy.history.windowDays, fixPattern: policy.history.fixPattern });
      trackers.set(change.repo, tracker);
    }
    const history = tracker.next(change);
    const assessment = scoreChange(change, { policy, codeowners: null, protection: null, history });
    return rowOf(change, assessment, id);
  };
}

/** The §5.3 risk of a row under other weights and multipliers, computed by the engine's own formula. */
export function riskOf(row: Pick<CalibrationRow, "signals" | "aiOrigin">, params: ScoreParams): number {
  return combine(
    SIGNAL_NAMES.map((name) => ({
      name,
      value: row.signals[name].value,
      weight: params.weights[name],
      multiplier: row.aiOrigin ? params.multipliers[name] : 1,
      known: row.signals[name].known,
    })),
  ).risk;
}
