import type { ScoreContext } from "../context";
import { pathEvidence, type ChangeFacts } from "../facts";
import { SHAPE } from "../shape";
import type { Change, Evidence } from "../types";
import { logScale, type Contribution, type SignalDraft } from "./draft";

const FAILED = new Set(["failure", "timed_out", "error", "cancelled", "action_required", "stale"]);

/** Behaviour changed without tests changing, and what the checks said at merge. */
export function verificationSignal(change: Change, facts: ChangeFacts, ctx: ScoreContext): SignalDraft {
  const S = SHAPE.verification;
  const out: Contribution[] = [];

  // Behaviour lives in program code: a change to configuration, markup or data alone is not "untested code".
  const behaviour = facts.productionFiles.filter((f) => f.code && !f.info.kinds.has("manifests") && (f.added > 0 || f.deleted > 0 || f.binary));
  if (behaviour.length && facts.testFiles.length === 0 && facts.codeAdded + facts.codeDeleted > 0) {
    out.push({
      code: "verification.no-tests",
      message: `Program code changed (${facts.codeAdded} lines added, ${facts.codeDeleted} removed) with no test file changed`,
      evidence: pathEvidence(behaviour.map((f) => f.file.path), 3),
      amount: S.untestedBase + S.untestedSize * logScale(facts.weightedLines, S.untestedRefLines),
    });
  }

  if (change.checks) {
    const failed = change.checks.filter((c) => FAILED.has(c.conclusion));
    const pending = change.checks.filter((c) => c.conclusion === "pending");
    const skipped = change.checks.filter((c) => c.conclusion === "skipped");
    const required = [...new Set([...ctx.policy.controls.requiredChecks, ...(ctx.protection?.requiredChecks ?? [])])];
    const missing = required.filter((name) => !change.checks!.some((c) => c.name === name));
    const ev = (list: typeof failed): Evidence[] => list.slice(0, 5).map((c) => ({ kind: "check", value: c.name, detail: c.conclusion }));
    if (change.checks.length === 0) {
      out.push({ code: "verification.no-checks", message: "No check or status reported at merge", evidence: [], amount: S.checksMissing });
    }
    if (failed.length) {
      out.push({ code: "verification.checks-failed", message: `Merged with ${failed.length} check${failed.length === 1 ? "" : "s"} not passing`, evidence: ev(failed), amount: S.checksFailed });
    }
    if (missing.length && change.checks.length) {
      out.push({
        code: "verification.required-missing",
        message: `Required check${missing.length === 1 ? "" : "s"} never reported: ${missing.join(", ")}`,
        evidence: missing.map((name) => ({ kind: "check" as const, value: name, detail: "missing" })),
        amount: S.requiredMissing,
      });
    }
    if (pending.length) {
      out.push({ code: "verification.checks-pending", message: `Merged while ${pending.length} check${pending.length === 1 ? " was" : "s were"} still running`, evidence: ev(pending), amount: S.checksPending });
    }
    if (skipped.length && skipped.length === change.checks.length) {
      out.push({ code: "verification.checks-skipped", message: "Every check was skipped", evidence: ev(skipped), amount: S.checksSkipped });
    }
  }
  return { name: "verification", known: true, contributions: out };
}
