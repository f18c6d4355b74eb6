import { sql, type SQL } from "drizzle-orm";
import { TIER_WEIGHT, UNKNOWN_TIER_WEIGHT, type PriResult } from "../../lib/scoring/pri";
import type { DbOrTx } from "../client";
import { BOARD_CHANGES, DAY_MS, isoDay, ROLLUP_SUMS, staleDayIntervals } from "./board-rollups";
import { rowsOf } from "./rows";

export type BoardSlice = { kind: "org" } | { kind: "repo"; repositoryId: string } | { kind: "service"; service: string };

/** The PRI of one bucket (the engine's PRI and the counts that keep it honest, docs/pri.md). */
export interface PriBucket extends PriResult {
  /** Start of the bucket (ISO), or null for the whole window. */
  start: string | null;
}

/** The tier weights of lib/scoring/pri.ts, written as SQL so the database computes the same weighted mean. */
const weightSql = sql.raw(
  `case tier ${TIER_WEIGHT.map((w, t) => `when ${t} then ${w}`).join(" ")} else ${UNKNOWN_TIER_WEIGHT} end`,
);

function sliceSql(slice: BoardSlice): SQL {
  if (slice.kind === "repo") return sql`and repository_id = ${slice.repositoryId}`;
  // `= any`, not `@>`: the live days are a few hundred rows found by merge time, which the services GIN index
  // (every change of the service, all time) would only slow down.
  if (slice.kind === "service") return sql`and ${slice.service} = any(services)`;
  return sql``;
}

/** The rollup rows of a slice (db/schema/board-rollups.ts). */
function sliceKeySql(slice: BoardSlice): SQL {
  if (slice.kind === "repo") return sql`slice_kind = 'repository' and slice_key = lower(${slice.repositoryId})`;
  if (slice.kind === "service") return sql`slice_kind = 'service' and slice_key = ${slice.service}`;
  return sql`slice_kind = 'org' and slice_key = ''`;
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
 * PRI per day, week, quarter, or for the whole window, aggregated in the database straight from `changes` (never by
 * loading changes into JavaScript). Buckets are UTC days, weeks (Monday) and quarters; empty buckets are absent.
 * The board itself reads the daily rollups (`loadBoard`); this is the reference they must equal.
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

/** Tier-keyed sums (ROLLUP_SUMS plus `bucket` and `tier`) weighted and added up per bucket. */
function weighBuckets(tierSums: SQL): SQL {
  return sql`
    select bucket,
           sum((${weightSql}) * risk_sum) as weighted,
           sum((${weightSql}) * merged)::bigint as weight_sum,
           sum(risk_sum) as risk_sum,
           sum(merged)::int as merged,
           sum(high)::int as high,
           sum(high_attested)::int as high_attested,
           sum(ai)::int as ai,
           sum(failed)::int as failed,
           sum(known)::int as known
    from (${tierSums}) t
    group by bucket
    order by bucket`;
}

function sumsOfRows(rows: RawBucket[]): PriSums[] {
  return rows.map((r) => ({
    start: r.bucket === null ? null : new Date(typeof r.bucket === "string" && r.bucket.length === 10 ? `${r.bucket}T00:00:00Z` : r.bucket).toISOString(),
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

async function aggregateSums(
  db: DbOrTx,
  input: { orgId: string; from: Date; to: Date; slice?: BoardSlice; bucket: "day" | "week" | "quarter" | "none" },
): Promise<PriSums[]> {
  const bucketExpr = input.bucket === "none" ? sql`null::timestamptz` : sql`date_trunc(${input.bucket}, merged_at, 'UTC')`;
  const result = await db.execute(
    weighBuckets(sql`
      select ${bucketExpr} as bucket, coalesce(tier, -1) as tier, ${ROLLUP_SUMS}
      from changes
      where org_id = ${input.orgId} and ${BOARD_CHANGES}
        and merged_at >= ${input.from.toISOString()} and merged_at < ${input.to.toISOString()}
        ${sliceSql(input.slice ?? { kind: "org" })}
      group by 1, 2`),
  );
  return sumsOfRows(rowsOf<RawBucket>(result));
}


/**
 * The same sums per UTC day as `aggregateSums(…, "day")`, read from the daily rollups: whole days from
 * `board_rollups`, and from `changes` only the days a write has marked stale since the last refresh and the partial
 * days at either end of the window (today, up to `to`). Each day comes from exactly one of the two.
 */
async function rolledUpDaySums(db: DbOrTx, input: { orgId: string; from: Date; to: Date; slice?: BoardSlice }): Promise<PriSums[]> {
  const slice = input.slice ?? { kind: "org" };
  const from = input.from.getTime();
  const to = input.to.getTime();
  const fullFrom = Math.ceil(from / DAY_MS) * DAY_MS;
  const fullTo = Math.floor(to / DAY_MS) * DAY_MS;
  const live: Array<[number, number]> = [];
  let stale: Array<[number, number]> = [];
  if (fullFrom >= fullTo) {
    if (from < to) live.push([from, to]);
  } else {
    if (from < fullFrom) live.push([from, fullFrom]);
    if (fullTo < to) live.push([fullTo, to]);
    stale = await staleDayIntervals(db, input.orgId, fullFrom, fullTo);
    live.push(...stale);
  }
  const parts: SQL[] = [];
  if (live.length) {
    // Ranges as constants, so the planner reads them from the merge-time index with true row estimates.
    const ranges = live.map(([lo, hi]) => sql`(merged_at >= ${new Date(lo).toISOString()} and merged_at < ${new Date(hi).toISOString()})`);
    parts.push(sql`
      select (merged_at at time zone 'UTC')::date as bucket, coalesce(tier, -1) as tier, ${ROLLUP_SUMS}
      from changes
      where org_id = ${input.orgId} and ${BOARD_CHANGES} and (${sql.join(ranges, sql` or `)}) ${sliceSql(slice)}
      group by 1, 2`);
  }
  if (fullFrom < fullTo) {
    const notStale = stale.map(([lo, hi]) => sql` and not (day >= ${isoDay(lo)}::date and day < ${isoDay(hi)}::date)`);
    parts.push(sql`
      select day as bucket, tier, merged, risk_sum, high, high_attested, ai, failed, known
      from board_rollups
      where org_id = ${input.orgId} and ${sliceKeySql(slice)}
        and day >= ${isoDay(fullFrom)}::date and day < ${isoDay(fullTo)}::date${sql.join(notStale)}`);
  }
  if (!parts.length) return [];
  return sumsOfRows(rowsOf<RawBucket>(await db.execute(weighBuckets(sql.join(parts, sql` union all `)))));
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
 * quarter against the last, from the daily rollups.
 */
export async function loadBoard(db: DbOrTx, input: BoardInput): Promise<BoardData> {
  return boardFromDays(input, (window) => rolledUpDaySums(db, { orgId: input.orgId, slice: input.slice, ...window }));
}

/** The same board computed from `changes` alone: what the rollups must reproduce exactly (tests, benchmark). */
export async function loadBoardFromChanges(db: DbOrTx, input: BoardInput): Promise<BoardData> {
  return boardFromDays(input, (window) => aggregateSums(db, { orgId: input.orgId, slice: input.slice, ...window, bucket: "day" }));
}

export interface BoardInput {
  orgId: string;
  now: Date;
  slice?: BoardSlice;
  quarters?: number;
}

async function boardFromDays(input: BoardInput, daySums: (window: { from: Date; to: Date }) => Promise<PriSums[]>): Promise<BoardData> {
  const quarters = Math.min(4, Math.max(1, input.quarters ?? 4));
  const from = quarterStart(input.now, -(quarters - 1));
  const to = new Date(input.now.getTime() + 1);
  const currentStart = quarterStart(input.now);
  const previousStart = quarterStart(input.now, -1);
  // Sums by UTC day; weeks and quarters are sums of days.
  const days = await daySums({ from, to });
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
