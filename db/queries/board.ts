import { sql, type SQL } from "drizzle-orm";
import { TIER_WEIGHT, UNKNOWN_TIER_WEIGHT } from "../../lib/scoring/pri";
import type { DbOrTx } from "../client";
import { rowsOf } from "./rows";

export type BoardSlice = { kind: "org" } | { kind: "repo"; repositoryId: string } | { kind: "service"; service: string };

/** The PRI of one bucket and the counts that keep it honest (PRODUCT.md §5.4). */
export interface PriBucket {
  /** Start of the bucket (ISO), or null for the whole window. */
  start: string | null;
  pri: number | null;
  meanRisk: number | null;
  merged: number;
  highRisk: number;
  highRiskAttested: number;
  aiOrigin: number;
  aiShare: number | null;
  failed: number;
  outcomeKnown: number;
  changeFailureRate: number | null;
}

/** The tier weights of lib/scoring/pri.ts, written as SQL so the database computes the same weighted mean. */
const weightSql = sql.raw(
  `case tier ${TIER_WEIGHT.map((w, t) => `when ${t} then ${w}`).join(" ")} else ${UNKNOWN_TIER_WEIGHT} end`,
);

function sliceSql(slice: BoardSlice): SQL {
  if (slice.kind === "repo") return sql`and repository_id = ${slice.repositoryId}`;
  if (slice.kind === "service") return sql`and services @> array[${slice.service}]::text[]`;
  return sql``;
}

interface RawBucket {
  bucket: string | Date | null;
  weighted: string | number;
  weight_sum: string | number;
  risk_sum: string | number;
  merged: number;
  high: number;
  high_attested: number;
  ai: number;
  failed: number;
  known: number;
}

/**
 * PRI per week, per quarter, or for the whole window, aggregated in the database from the covering index on
 * merged changes (never by loading changes into JavaScript). Buckets are UTC weeks (Monday) and quarters; empty
 * buckets are absent.
 */
export async function aggregatePri(
  db: DbOrTx,
  input: { orgId: string; from: Date; to: Date; slice?: BoardSlice; bucket: "day" | "week" | "quarter" | "none" },
): Promise<PriBucket[]> {
  return (await aggregateSums(db, input)).map(toBucket);
}

/** The additive sums behind a bucket: buckets of days fold into weeks and quarters without another scan. */
export interface PriSums {
  start: string | null;
  weighted: number;
  weightSum: number;
  riskSum: number;
  merged: number;
  high: number;
  highAttested: number;
  ai: number;
  failed: number;
  known: number;
}

async function aggregateSums(
  db: DbOrTx,
  input: { orgId: string; from: Date; to: Date; slice?: BoardSlice; bucket: "day" | "week" | "quarter" | "none" },
): Promise<PriSums[]> {
  const bucketExpr = input.bucket === "none" ? sql`null::timestamptz` : sql`date_trunc(${input.bucket}, merged_at, 'UTC')`;
  const result = await db.execute(sql`
    select ${bucketExpr} as bucket,
           sum((${weightSql}) * risk::float8)::float8 as weighted,
           sum(${weightSql})::bigint as weight_sum,
           sum(risk::float8)::float8 as risk_sum,
           count(*)::int as merged,
           count(*) filter (where band in ('high', 'critical'))::int as high,
           count(*) filter (where band in ('high', 'critical') and attested)::int as high_attested,
           count(*) filter (where ai_origin)::int as ai,
           count(*) filter (where failed)::int as failed,
           count(failed)::int as known
    from changes
    where org_id = ${input.orgId} and state = 'merged' and risk is not null
      and merged_at >= ${input.from.toISOString()} and merged_at < ${input.to.toISOString()}
      ${sliceSql(input.slice ?? { kind: "org" })}
    group by 1
    order by 1`);
  return rowsOf<RawBucket>(result).map((r) => ({
    start: r.bucket === null ? null : new Date(r.bucket).toISOString(),
    weighted: Number(r.weighted),
    weightSum: Number(r.weight_sum),
    riskSum: Number(r.risk_sum),
    merged: Number(r.merged),
    high: Number(r.high),
    highAttested: Number(r.high_attested),
    ai: Number(r.ai),
    failed: Number(r.failed),
    known: Number(r.known),
  }));
}

/** Adds day buckets into the bucket each belongs to (its week or quarter start, as `keyOf` says). */
export function foldSums(days: readonly PriSums[], keyOf: (start: Date) => Date): PriSums[] {
  const out = new Map<string, PriSums>();
  for (const d of days) {
    const key = keyOf(new Date(d.start!)).toISOString();
    const acc = out.get(key) ?? { start: key, weighted: 0, weightSum: 0, riskSum: 0, merged: 0, high: 0, highAttested: 0, ai: 0, failed: 0, known: 0 };
    acc.weighted += d.weighted;
    acc.weightSum += d.weightSum;
    acc.riskSum += d.riskSum;
    acc.merged += d.merged;
    acc.high += d.high;
    acc.highAttested += d.highAttested;
    acc.ai += d.ai;
    acc.failed += d.failed;
    acc.known += d.known;
    out.set(key, acc);
  }
  return [...out.values()].sort((a, b) => a.start!.localeCompare(b.start!));
}

/** Monday 00:00 UTC of the week holding `at` (as date_trunc('week') in the database). */
export function weekStart(at: Date): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

export function toBucket(r: PriSums): PriBucket {
  const { merged, weighted, weightSum, known, failed, ai } = r;
  return {
    start: r.start,
    // Rounded as computePri rounds.
    pri: merged > 0 ? Math.round((100 - weighted / weightSum) * 10) / 10 : null,
    meanRisk: merged > 0 ? Math.round((r.riskSum / merged) * 10) / 10 : null,
    merged,
    highRisk: r.high,
    highRiskAttested: r.highAttested,
    aiOrigin: ai,
    aiShare: merged > 0 ? ai / merged : null,
    failed,
    outcomeKnown: known,
    changeFailureRate: known > 0 ? failed / known : null,
  };
}

/** Start of the UTC quarter holding `at`, shifted by `offset` quarters. */
export function quarterStart(at: Date, offset = 0): Date {
  const q = Math.floor(at.getUTCMonth() / 3) + offset;
  return new Date(Date.UTC(at.getUTCFullYear(), q * 3, 1));
}

export interface BoardData {
  weeks: PriBucket[];
  current: PriBucket;
  previous: PriBucket;
  window: { from: string; to: string };
  quarters: { current: string; previous: string };
}

/**
 * The board: weekly PRI and velocity over the last `quarters` quarters (this one included), and the figures of this
 * quarter against the last.
 */
export async function loadBoard(
  db: DbOrTx,
  input: { orgId: string; now: Date; slice?: BoardSlice; quarters?: number },
): Promise<BoardData> {
  const quarters = Math.min(4, Math.max(1, input.quarters ?? 4));
  const from = quarterStart(input.now, -(quarters - 1));
  const to = new Date(input.now.getTime() + 1);
  const currentStart = quarterStart(input.now);
  const previousStart = quarterStart(input.now, -1);
  // One scan by UTC day; weeks and quarters are sums of days.
  const days = await aggregateSums(db, { orgId: input.orgId, from, to, slice: input.slice, bucket: "day" });
  const weeks = foldSums(days, weekStart).map(toBucket);
  const byQuarter = foldSums(days, (d) => quarterStart(d)).map(toBucket);
  const find = (start: Date) => byQuarter.find((b) => b.start === start.toISOString()) ?? emptyBucket(start.toISOString());
  return {
    weeks,
    current: find(currentStart),
    previous: find(previousStart),
    window: { from: from.toISOString(), to: to.toISOString() },
    quarters: { current: currentStart.toISOString(), previous: previousStart.toISOString() },
  };
}

export function emptyBucket(start: string | null): PriBucket {
  return { start, pri: null, meanRisk: null, merged: 0, highRisk: 0, highRiskAttested: 0, aiOrigin: 0, aiShare: null, failed: 0, outcomeKnown: 0, changeFailureRate: null };
}
