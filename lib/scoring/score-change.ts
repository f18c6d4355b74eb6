import { detectAiOrigin } from "./ai-origin";
import { evaluateChecks } from "./checks";
import type { ScoreContext } from "./context";
import { deriveFacts } from "./facts";
import { bandOf, combine } from "./formula";
import { MODEL_VERSION } from "./model-version";
import { complianceSignal, regimesExposed } from "./signals/compliance";
import { criticalitySignal, servicesReached } from "./signals/criticality";
import { round, valueOf, type SignalDraft } from "./signals/draft";
import { historySignal } from "./signals/history";
import { policySignal } from "./signals/policy";
import { reviewSignal } from "./signals/review";
import { scopeSignal } from "./signals/scope";
import { verificationSignal } from "./signals/verification";
import { SIGNAL_NAMES, type Assessment, type Change, type Reason, type SignalName, type SignalResult } from "./types";

/**
 * Scores one change against the system it enters (docs/pri.md). Pure and deterministic: the same change and
 * context always give the same assessment, and every risk point is carried by a reason.
 */
export function scoreChange(change: Change, ctx: ScoreContext): Assessment {
  const policy = ctx.policy;
  const facts = deriveFacts(change, policy);
  const services = servicesReached(facts, policy);
  const regimes = regimesExposed(facts, policy);
  const checks = evaluateChecks(change, facts, services, ctx);
  const ai = detectAiOrigin(change, policy);

  const drafts: Record<SignalName, SignalDraft> = {
    scope: scopeSignal(change, facts, policy),
    criticality: criticalitySignal(services, policy),
    compliance: complianceSignal(facts, regimes),
    policy: policySignal(checks),
    verification: verificationSignal(change, facts, ctx),
    review: reviewSignal(change, facts),
    history: historySignal(facts, ctx.history),
  };

  const inputs = SIGNAL_NAMES.map((name) => ({
    name,
    value: valueOf(drafts[name]),
    weight: policy.weights[name],
    multiplier: ai.aiOrigin ? policy.ai.multipliers[name] : 1,
    known: drafts[name].known,
  }));
  const { risk, points } = combine(inputs);

  const signals = {} as Record<SignalName, SignalResult>;
  const reasons: Reason[] = [];
  let aiPoints = 0;
  for (const input of inputs) {
    const draft = drafts[input.name];
    const p = points.get(input.name)!;
    aiPoints += p.aiPoints;
    const baseShare = p.points - p.aiPoints;
    const contributions = draft.contributions;
    let sum = 0;
    for (const c of contributions) sum += c.amount;
    const signalReasons: Reason[] = new Array<Reason>(contributions.length);
    for (let k = 0; k < contributions.length; k++) {
      const c = contributions[k]!;
      signalReasons[k] = { signal: input.name, code: c.code, message: c.message, evidence: c.evidence, points: round(sum > 0 ? (baseShare * c.amount) / sum : 0, 2) };
      reasons.push(signalReasons[k]!);
    }
    signals[input.name] = {
      name: input.name,
      value: round(input.value),
      weight: input.weight,
      multiplier: input.multiplier,
      points: round(p.points, 2),
      reasons: signalReasons,
      known: draft.known,
      ...(draft.unknownReason ? { unknownReason: draft.unknownReason } : {}),
    };
  }
  if (ai.aiOrigin) {
    const boosted = inputs.filter((i) => i.multiplier > 1 && i.known && i.value > 0).map((i) => `${i.name} ×${i.multiplier}`);
    reasons.push({
      signal: "ai",
      code: "ai.origin",
      message: `Agent-authored or co-authored (${ai.tools.join(", ")})${boosted.length ? `: ${boosted.join(", ")}` : ""}`,
      evidence: ai.evidence,
      points: round(aiPoints, 2),
    });
  }
  reasons.sort((a, b) => (b.points ?? 0) - (a.points ?? 0) || SIGNAL_ORDER(a) - SIGNAL_ORDER(b) || a.code.localeCompare(b.code));

  const roundedRisk = round(risk, 1);
  return {
    modelVersion: MODEL_VERSION,
    policyVersion: policy.version,
    risk: roundedRisk,
    band: bandOf(roundedRisk, policy.bands),
    signals,
    ai,
    checks,
    reasons,
    services,
    regimes: regimes.map((r) => r.name),
  };
}

/** Signals in their listed order, then the AI reason. */
const ORDER: Record<Reason["signal"], number> = { ...Object.fromEntries(SIGNAL_NAMES.map((n, i) => [n, i])), ai: SIGNAL_NAMES.length } as Record<Reason["signal"], number>;

function SIGNAL_ORDER(r: Reason): number {
  return ORDER[r.signal];
}
