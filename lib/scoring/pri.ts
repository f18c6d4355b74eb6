import { isoToMillis } from "./time";
import type { Band } from "./types";

/** One scored, merged change as the PRI needs it. */
export interface PriRow {
  mergedAt: string;
  risk: number;
  band: Band;
  /** Highest tier reached (0 most critical); null when no service is declared or reached. */
  tier: number | null;
  aiOrigin: boolean;
  /** Reverted or fixed within 30 days; null when not yet known (merged less than 30 days ago, or no labels). */
  failed: boolean | null;
  /** Whether a high-risk change carried an attestation. */
  attested: boolean;
  repo?: string;
  services?: readonly string[];
  teams?: readonly string[];
}

/** A half-open interval [from, to) of ISO times. */
export interface PriWindow {
  from: string;
  to: string;
}

export type PriSlice =
  | { kind: "org" }
  | { kind: "repo"; repo: string }
  | { kind: "service"; service: string }
  | { kind: "team"; team: string };

export interface PriResult {
  /** 100 − criticality-weighted mean risk; null when nothing merged in the window. */
  pri: number | null;
  meanRisk: number | null;
  merged: number;
  highRisk: number;
  highRiskAttested: number;
  aiOrigin: number;
  aiShare: number | null;
  /** Failed among the changes whose outcome is known. */
  failed: number;
  outcomeKnown: number;
  changeFailureRate: number | null;
}

/** Weight of a change in the PRI by the most critical tier it reaches: tier 0 counts four times tier 3. */
export const TIER_WEIGHT = [4, 3, 2, 1] as const;
export const UNKNOWN_TIER_WEIGHT = 1;

/**
 * docs/pri.md: the Production Reliability Index of a window and slice, with the counts that keep it honest.
 */
export function computePri(rows: readonly PriRow[], window: PriWindow, slice: PriSlice = { kind: "org" }): PriResult {
  const from = isoToMillis(window.from) ?? -Infinity;
  const to = isoToMillis(window.to) ?? Infinity;
  let weightSum = 0;
  let weighted = 0;
  let riskSum = 0;
  const r: PriResult = { pri: null, meanRisk: null, merged: 0, highRisk: 0, highRiskAttested: 0, aiOrigin: 0, aiShare: null, failed: 0, outcomeKnown: 0, changeFailureRate: null };
  for (const row of rows) {
    const at = isoToMillis(row.mergedAt);
    if (at === null || at < from || at >= to || !inSlice(row, slice)) continue;
    const w = row.tier === null ? UNKNOWN_TIER_WEIGHT : (TIER_WEIGHT[row.tier] ?? UNKNOWN_TIER_WEIGHT);
    weightSum += w;
    weighted += w * row.risk;
    riskSum += row.risk;
    r.merged++;
    if (row.band === "high" || row.band === "critical") {
      r.highRisk++;
      if (row.attested) r.highRiskAttested++;
    }
    if (row.aiOrigin) r.aiOrigin++;
    if (row.failed !== null) {
      r.outcomeKnown++;
      if (row.failed) r.failed++;
    }
  }
  if (r.merged > 0) {
    r.pri = Math.round((100 - weighted / weightSum) * 10) / 10;
    r.meanRisk = Math.round((riskSum / r.merged) * 10) / 10;
    r.aiShare = r.aiOrigin / r.merged;
  }
  if (r.outcomeKnown > 0) r.changeFailureRate = r.failed / r.outcomeKnown;
  return r;
}

function inSlice(row: PriRow, slice: PriSlice): boolean {
  switch (slice.kind) {
    case "org":
      return true;
    case "repo":
      return row.repo?.toLowerCase() === slice.repo.toLowerCase();
    case "service":
      return row.services?.includes(slice.service) ?? false;
    case "team":
      return row.teams?.includes(slice.team) ?? false;
  }
}
