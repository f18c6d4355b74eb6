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
  input: { orgId: string; from: Date; to: Date; slice?: BoardSlice; bucket: "week" | "quarter" | "none" },
): Promise<PriBucket[]> {
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
  return rowsOf<RawBucket>(result).map(toBucket);
}

function toBucket(r: RawBucket): PriBucket {
  const merged = Number(r.merged);
  const weighted = Number(r.weighted);
  const weightSum = Number(r.weight_sum);
  const known = Number(r.known);
  const failed = Number(r.failed);
  const ai = Number(r.ai);
  return {
    start: r.bucket === null ? null : new Date(r.bucket).toISOString(),
    // Rounded as computePri rounds, so the two always agree.
    pri: merged > 0 ? Math.round((100 - weighted / weightSum) * 10) / 10 : null,
    meanRisk: merged > 0 ? Math.round((Number(r.risk_sum) / merged) * 10) / 10 : null,
    merged,
    highRisk: Number(r.high),
    highRiskAttested: Number(r.high_attested),
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
  const [weeks, byQuarter] = await Promise.all([
    aggregatePri(db, { orgId: input.orgId, from, to, slice: input.slice, bucket: "week" }),
    aggregatePri(db, { orgId: input.orgId, from: previousStart, to, slice: input.slice, bucket: "quarter" }),
  ]);
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
