import { SHAPE } from "../shape";
import type { PolicyCheck } from "../types";
import { unknownSignal, type SignalDraft } from "./draft";

/** Declared controls not met: each failed check adds its severity. */
export function policySignal(checks: readonly PolicyCheck[]): SignalDraft {
  const decided = checks.filter((c) => c.status === "pass" || c.status === "fail");
  if (decided.length === 0) {
    const unknown = checks.filter((c) => c.status === "unknown").map((c) => c.title.toLowerCase());
    return unknown.length
      ? unknownSignal("policy", `No control could be decided for this change (unknown: ${unknown.join(", ")})`)
      : { name: "policy", known: true, contributions: [{ code: "policy.none-applicable", message: "No declared control applies to this change", evidence: [], amount: 0 }] };
  }
  return {
    name: "policy",
    known: true,
    contributions: checks
      .filter((c) => c.status === "fail")
      .map((c) => ({
        code: `policy.${c.id}`,
        message: `${c.title}: no. ${c.reason}`,
        evidence: [{ kind: "rule" as const, value: c.id }, ...c.evidence],
        amount: SHAPE.policy[c.id] ?? 0.3,
      })),
  };
}
