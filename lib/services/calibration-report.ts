import type { Db } from "../../db/client";
import { listCalibrationInputs, listFailedChanges, summarizeFailureLabels } from "../../db/queries/labels";
import { getActivePolicyVersion } from "../../db/queries/policies";
import { adoptParams, calibrate, paramsOf, rowOf, type CalibrationReport, type CalibrationRow } from "../calibration";
import type { Assessment, Change } from "../scoring/types";
import { ConflictError, ValidationError } from "./errors";
import { getActivePolicy, PolicyValidationError, savePolicyVersion } from "./policies";

/** Below this many labelled changes there is nothing to split, let alone fit. */
const MIN_ROWS = 10;

export interface CalibrationView {
  policy: { number: number | null; version: string };
  labels: Awaited<ReturnType<typeof summarizeFailureLabels>>;
  /** Merged, scored changes, and how many of them carry no label yet (merged since labels were computed). */
  changes: { scored: number; unlabelled: number };
  report: CalibrationReport | null;
  /** Why there is no report. */
  reason: string | null;
  failedChanges: Awaited<ReturnType<typeof listFailedChanges>>;
}

/** The organisation's merged changes as calibration rows: stored assessments (no rescoring) and stored labels. */
export async function calibrationRowsOf(db: Db, orgId: string): Promise<{ rows: CalibrationRow[]; scored: number }> {
  const inputs = await listCalibrationInputs(db, orgId);
  const rows: CalibrationRow[] = [];
  for (const c of inputs) {
    if (c.failed === null || c.settled === null) continue;
    // rowOf reads only these fields of the change and the assessment; the stored columns hold them.
    const change = { repo: c.repo, number: c.number, mergedAt: c.mergedAt!.toISOString(), createdAt: c.createdAt.toISOString(), files: [{ additions: c.additions }] };
    const assessment = { risk: c.risk, signals: c.signals, ai: c.ai };
    rows.push({ ...rowOf(change as unknown as Change, assessment as unknown as Assessment, String(c.id)), failed: c.failed, settled: c.settled });
  }
  return { rows, scored: inputs.length };
}

export async function buildCalibrationView(db: Db, orgId: string): Promise<CalibrationView> {
  const [policy, labels, failedChanges, { rows, scored }] = await Promise.all([
    getActivePolicy(db, orgId),
    summarizeFailureLabels(db, orgId),
    listFailedChanges(db, orgId),
    calibrationRowsOf(db, orgId),
  ]);
  const base = { policy: { number: policy.number, version: policy.version }, labels, changes: { scored, unlabelled: scored - rows.length }, failedChanges };
  if (rows.length < MIN_ROWS) {
    return {
      ...base,
      report: null,
      reason: `Only ${rows.length} merged change${rows.length === 1 ? "" : "s"} carry a failure label; calibration needs at least ${MIN_ROWS} to split, and far more to judge.`,
    };
  }
  return { ...base, report: calibrate(rows, paramsOf(policy.compiled)), reason: null };
}

/**
 * Adopts the calibrated weights and AI multipliers as a new, active policy version: the report is computed again
 * here (never taken from the browser), against the version the admin was looking at.
 */
export async function adoptCalibration(db: Db, actor: { orgId: string; userId: string | null }, input: { basedOnVersion: string }) {
  const policy = await getActivePolicy(db, actor.orgId);
  if (policy.version !== input.basedOnVersion) {
    throw new ConflictError("The policy changed since you opened the report. Read the new report before adopting.");
  }
  const { rows } = await calibrationRowsOf(db, actor.orgId);
  if (rows.length < MIN_ROWS) throw new ValidationError("There is not enough labelled history to calibrate.");
  const report = calibrate(rows, paramsOf(policy.compiled));
  if (!report.fit.fitted) throw new ValidationError(`Nothing was fitted: ${report.fit.reason}. The policy in force stays as it is.`);
  const active = await getActivePolicyVersion(db, actor.orgId);
  const adopted = adoptParams(active?.yaml ?? "", report.proposed);
  if (!adopted.ok) throw new PolicyValidationError(adopted.errors);
  const t = report.fit.training;
  const version = await savePolicyVersion(db, actor, {
    yaml: adopted.text,
    note: `Calibrated weights adopted: fit on ${t.changes} changes (${t.failures} failed) merged before ${report.split.cutAt?.slice(0, 10) ?? "the cut"}; recommendation: ${report.recommendation}.`,
  });
  return { versionId: version.id, number: version.number, recommendation: report.recommendation };
}
