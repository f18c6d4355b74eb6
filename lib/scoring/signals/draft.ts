import type { Evidence, SignalName } from "../types";

/** One reason with the share of the signal's value (0–1) it accounts for. */
export interface Contribution {
  code: string;
  message: string;
  evidence: Evidence[];
  amount: number;
}

/** What a signal module returns; scoreChange turns it into a SignalResult with weights and points. */
export interface SignalDraft {
  name: SignalName;
  known: boolean;
  unknownReason?: string;
  contributions: Contribution[];
}

export function unknownSignal(name: SignalName, reason: string): SignalDraft {
  return { name, known: false, unknownReason: reason, contributions: [] };
}

/** The signal value: contributions add up, capped at 1. */
export function valueOf(draft: SignalDraft): number {
  if (!draft.known) return 0;
  const sum = draft.contributions.reduce((s, c) => s + c.amount, 0);
  return Math.min(1, Math.max(0, sum));
}

/** A sub-linear curve: 0 at 0, 1 at `ref` and beyond; doubling the input adds a constant step. */
export function logScale(x: number, ref: number): number {
  if (x <= 0) return 0;
  return Math.min(1, Math.log1p(x) / Math.log1p(ref));
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
