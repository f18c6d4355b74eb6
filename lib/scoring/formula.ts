import type { Band, SignalName } from "./types";

export interface FormulaInput {
  name: SignalName;
  value: number;
  weight: number;
  multiplier: number;
  known: boolean;
}

/**
 * §5.3: risk = 100 × Σ wₖ · min(1, sₖ · mₖ) / Σ wₖ, the sums running over the signals the source could measure.
 * Returns the risk and each signal's points (they add up to the risk) with the share due to the AI multiplier.
 */
export function combine(inputs: readonly FormulaInput[]): { risk: number; points: Map<SignalName, { points: number; aiPoints: number }> } {
  const known = inputs.filter((i) => i.known && i.weight > 0);
  const totalWeight = known.reduce((s, i) => s + i.weight, 0);
  const points = new Map<SignalName, { points: number; aiPoints: number }>();
  let risk = 0;
  for (const i of inputs) {
    if (!known.includes(i) || totalWeight === 0) {
      points.set(i.name, { points: 0, aiPoints: 0 });
      continue;
    }
    const effective = Math.min(1, i.value * i.multiplier);
    const base = Math.min(1, i.value);
    const p = (100 * i.weight * effective) / totalWeight;
    const basePoints = (100 * i.weight * base) / totalWeight;
    points.set(i.name, { points: p, aiPoints: p - basePoints });
    risk += p;
  }
  return { risk: Math.min(100, Math.max(0, risk)), points };
}

export function bandOf(risk: number, bands: { elevated: number; high: number; critical: number }): Band {
  if (risk >= bands.critical) return "critical";
  if (risk >= bands.high) return "high";
  if (risk >= bands.elevated) return "elevated";
  return "low";
}

const ORDER: Record<Band, number> = { low: 0, elevated: 1, high: 2, critical: 3 };

/** Whether `band` is at or above `threshold` (used by the merge gate). */
export function bandAtLeast(band: Band, threshold: Band): boolean {
  return ORDER[band] >= ORDER[threshold];
}
