import { SIGNAL_NAMES } from "@/lib/scoring";
import type { CalibrationReport, EvaluationBlock } from "./report";
import type { Estimate } from "./stats";

const f3 = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
const signed = (x: number | null) => (x === null ? "n/a" : `${x >= 0 ? "+" : "-"}${Math.abs(x).toFixed(3)}`);
const ci = (e: Estimate, fmt: (x: number | null) => string = f3) => (e.low === null ? "" : `[${fmt(e.low)}, ${fmt(e.high)}]`);
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "");

function blockLines(b: EvaluationBlock, title: string): string[] {
  const out = [`${title}: ${b.changes} changes, ${b.failures} failed`];
  if (!b.judged) {
    out.push(`  ${b.note}`);
    return out;
  }
  const row = (label: string, e: Estimate) => `  ${label.padEnd(30)} ${f3(e.value).padStart(6)}  ${ci(e)}`;
  out.push(
    `  ROC AUC                          value   95% interval`,
    row("current weights (before)", b.auc.before),
    row("calibrated weights (after)", b.auc.after),
    row("lines added (baseline)", b.auc.linesAdded),
    `  ${"after - before".padEnd(30)} ${signed(b.aucDelta.afterVsBefore.value).padStart(6)}  ${ci(b.aucDelta.afterVsBefore, signed)}`,
    `  ${"after - lines added".padEnd(30)} ${signed(b.aucDelta.afterVsLinesAdded.value).padStart(6)}  ${ci(b.aucDelta.afterVsLinesAdded, signed)}`,
    `  ${"before - lines added".padEnd(30)} ${signed(b.aucDelta.beforeVsLinesAdded.value).padStart(6)}  ${ci(b.aucDelta.beforeVsLinesAdded, signed)}`,
  );
  const t = b.topDecile;
  if (!t.judged) {
    out.push(`  precision in the top decile: ${t.note}`);
  } else {
    const prow = (label: string, e: Estimate & { hits: number }) => `  ${label.padEnd(30)} ${f3(e.value).padStart(6)}  ${ci(e)}  ${e.hits}/${t.k} failed`;
    out.push(
      `  precision, top decile (${t.k} changes; base rate ${f3(t.baseRate)})`,
      prow("current weights (before)", t.before),
      prow("calibrated weights (after)", t.after),
      prow("lines added (baseline)", t.linesAdded),
    );
  }
  return out;
}

/** The report as the CLI prints it (the same content the settings page shows). */
export function formatCalibrationReport(r: CalibrationReport, heading?: string): string {
  const pct = Math.round(r.trainFraction * 100);
  const out: string[] = [];
  if (heading) out.push(heading, "");
  out.push(...r.summary, "");
  const span = (p: CalibrationReport["split"]["training"]) =>
    `${p.changes} changes, ${p.failures} failed${p.from ? `, ${day(p.from)} to ${day(p.to)}` : ""}`;
  out.push(
    `Split by merge time: fit on the oldest ${pct}% (${span(r.split.training)}),`,
    `report on the newest ${100 - pct}% (${span(r.split.evaluation)}).`,
  );
  if (r.split.unsettled) out.push(`${r.split.unsettled} changes merged too recently for their outcome to be final are left out.`);
  out.push(`Figures are judged only with at least ${r.minFailures} failed and ${r.minFailures} non-failed changes.`, "");
  out.push(...blockLines(r.evaluation.overall, `Evaluation period (newest ${100 - pct}%), all repositories`));
  for (const b of r.evaluation.repositories) out.push("", ...blockLines(b, `Evaluation period, ${b.scope}`));
  out.push("");
  out.push(`Fit (training period only: ${r.fit.training.changes} changes, ${r.fit.training.failures} failed; AI-origin ${r.fit.training.aiChanges}, ${r.fit.training.aiFailures} failed)`);
  if (!r.fit.fitted) out.push(`  nothing fitted: ${r.fit.reason}`);
  out.push(`  ${"signal".padEnd(14)} ${"weight".padStart(7)} ${"->".padStart(3)} ${"new".padStart(6)}   ${"AI x".padStart(5)} ${"->".padStart(3)} ${"new".padStart(5)}   note`);
  // One reason shared by every multiplier (e.g. too few AI-origin failures) is printed once, below the table.
  const reasons = SIGNAL_NAMES.map((n) => r.fit.multipliers[n]).map((m) => (m.status === "kept" ? m.reason : null));
  const shared = reasons.every((x) => x !== null && x === reasons[0]) ? reasons[0] : null;
  for (const n of SIGNAL_NAMES) {
    const w = r.fit.weights[n];
    const m = r.fit.multipliers[n];
    const notes = [
      !r.fit.fitted ? "" : w.status === "kept" ? `weight kept: ${w.reason}` : w.after === 0 ? "weight 0: this signal would no longer count" : "",
      !shared && m.status === "kept" && w.status === "fitted" ? `multiplier kept: ${m.reason}` : "",
    ].filter(Boolean);
    out.push(
      `  ${n.padEnd(14)} ${w.before.toFixed(3).padStart(7)} ${"->".padStart(3)} ${w.after.toFixed(3).padStart(6)}   ${m.before.toFixed(2).padStart(5)} ${"->".padStart(3)} ${m.after.toFixed(2).padStart(5)}   ${notes.join("; ")}`,
    );
  }
  if (shared && r.fit.fitted) out.push(`  AI multipliers kept: ${shared}`);
  const t = r.training.overall;
  if (t.judged) {
    out.push(`  on the training period itself (in-sample, optimistic): before ${f3(t.auc.before.value)}, after ${f3(t.auc.after.value)}, lines added ${f3(t.auc.linesAdded.value)}`);
  }
  if (r.fit.fitted) out.push("", "Policy fragment (weights and AI multipliers) to adopt as a new policy version:", "", r.policyFragment.trimEnd());
  else out.push("", "Nothing to adopt: the policy in force stays as it is.");
  return `${out.map((l) => l.trimEnd()).join("\n")}\n`;
}
