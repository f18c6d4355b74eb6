import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { rowsOf } from "./rows";

/**
 * The board's daily rollups (db/schema/board-rollups.ts): the one place that turns `changes` into their sums.
 *
 * A trigger on `changes` (migration 0013) appends the UTC day of every merged change whose board figures moved to
 * `board_rollup_stale`, in the writer's own transaction. `refreshBoardRollups` consumes those marks and recomputes
 * exactly those days from `changes`. Until it runs, the board reads the marked days from `changes` directly, so the
 * figures are exact at every moment; the refresh only keeps that live part small.
 */

/**
 * The additive sums of a set of merged, scored changes, over the columns of `changes` (unqualified). Risk is summed
 * as numeric, exactly: sums of days (or of tiers, repositories) equal the sum over the changes in any order.
 */
export const ROLLUP_SUMS = sql.raw(`count(*)::int as merged,
  coalesce(sum(risk::numeric), 0) as risk_sum,
  (count(*) filter (where band in ('high', 'critical')))::int as high,
  (count(*) filter (where band in ('high', 'critical') and attested))::int as high_attested,
  (count(*) filter (where ai_origin))::int as ai,
  (count(*) filter (where failed))::int as failed,
  count(failed)::int as known`);

/** The changes the board counts. */
export const BOARD_CHANGES = sql.raw(`state = 'merged' and risk is not null`);

export const DAY_MS = 86_400_000;

/** The UTC day ('yyyy-mm-dd') of an instant in milliseconds. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);


/** Recomputes the rollups of the given UTC days ('yyyy-mm-dd') of one organisation from `changes` (all slices). */
export async function recomputeRollupDays(db: DbOrTx, orgId: string, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  // Runs of days as constant ranges, so the planner sees how much it reads: a few days by the merge-time index,
  // a first sync's whole history by one scan.
  const ranges = dayRanges([...new Set(days)].map((d) => Date.parse(`${d}T00:00:00Z`)).sort((a, b) => a - b), Infinity);
  const onDays = ranges.map(([lo, hi]) => sql`(day >= ${isoDay(lo)}::date and day < ${isoDay(hi)}::date)`);
  const onMergedAt = ranges.map(([lo, hi]) => sql`(merged_at >= ${new Date(lo).toISOString()} and merged_at < ${new Date(hi).toISOString()})`);
  await db.execute(sql`delete from board_rollups where org_id = ${orgId} and (${sql.join(onDays, sql` or `)})`);
  await db.execute(sql`
    with base as materialized (
      select org_id, repository_id, services, (merged_at at time zone 'UTC')::date as day, coalesce(tier, -1)::smallint as tier,
             risk, band, attested, ai_origin, failed
      from changes
      where org_id = ${orgId} and ${BOARD_CHANGES} and (${sql.join(onMergedAt, sql` or `)})
    )
    insert into board_rollups (org_id, slice_kind, slice_key, day, tier, merged, risk_sum, high, high_attested, ai, failed, known)
    select org_id, 'org', '', day, tier, ${ROLLUP_SUMS} from base group by org_id, day, tier
    union all
    select org_id, 'repository', repository_id::text, day, tier, ${ROLLUP_SUMS} from base group by org_id, repository_id, day, tier
    union all
    select org_id, 'service', service, day, tier, ${ROLLUP_SUMS}
    from base cross join lateral (select distinct unnest(base.services) as service) s
    group by org_id, service, day, tier`);
}

/**
 * Brings the rollups of one organisation (or of every organisation with stale days) up to date: takes the stale
 * marks and recomputes those days, in one transaction so a failure leaves the marks in place. Refreshes of one
 * organisation are serialised; a write that lands meanwhile leaves a mark of its own for the next refresh.
 */
export async function refreshBoardRollups(db: DbOrTx, orgId?: string): Promise<{ days: number }> {
  const orgIds = orgId
    ? [orgId]
    : rowsOf<{ org_id: string }>(await db.execute(sql`select distinct org_id from board_rollup_stale`)).map((r) => r.org_id);
  let days = 0;
  for (const id of orgIds) {
    days += await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`board-rollups:${id}`}, 0))`);
      const taken = rowsOf<{ day: string | Date }>(await tx.execute(sql`delete from board_rollup_stale where org_id = ${id} returning day`));
      const unique = [...new Set(taken.map((r) => dayString(r.day)))];
      await recomputeRollupDays(tx, id, unique);
      return unique.length;
    });
  }
  return { days };
}

/** At most this many ranges of stale days are read from `changes`; more are merged across the smallest gaps. */
export const MAX_STALE_RANGES = 16;

/**
 * The stale days of an organisation within [fromMs, toMs) (UTC midnights), as ranges [start, end) in milliseconds:
 * adjacent days joined, and at most `max` ranges (joining across the smallest gaps, which only moves a few clean
 * days from the rollups to the live read).
 */
export async function staleDayIntervals(db: DbOrTx, orgId: string, fromMs: number, toMs: number, max = MAX_STALE_RANGES): Promise<Array<[number, number]>> {
  const rows = rowsOf<{ day: string | Date }>(
    await db.execute(sql`select distinct day from board_rollup_stale
      where org_id = ${orgId} and day >= ${isoDay(fromMs)}::date and day < ${isoDay(toMs)}::date order by day`),
  );
  return dayRanges(rows.map((r) => Date.parse(`${dayString(r.day)}T00:00:00Z`)), max);
}

/** Sorted day starts (ms) as at most `max` ranges [start, end) covering them all. */
export function dayRanges(dayStarts: readonly number[], max: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const d of dayStarts) {
    const last = ranges[ranges.length - 1];
    if (last && d <= last[1]) last[1] = Math.max(last[1], d + DAY_MS);
    else ranges.push([d, d + DAY_MS]);
  }
  while (ranges.length > Math.max(1, max)) {
    let at = 0;
    for (let i = 1; i < ranges.length - 1; i++) if (ranges[i + 1]![0] - ranges[i]![1] < ranges[at + 1]![0] - ranges[at]![1]) at = i;
    ranges.splice(at, 2, [ranges[at]![0], ranges[at + 1]![1]]);
  }
  return ranges;
}

/** How many stale days an organisation has (for tests and the benchmark). */
export async function countStaleDays(db: DbOrTx, orgId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(distinct day)::int as n from board_rollup_stale where org_id = ${orgId}`));
  return Number(row?.n ?? 0);
}

/** A `date` column as 'yyyy-mm-dd' (postgres.js may hand it over as a Date at UTC midnight). */
export function dayString(v: string | Date): string {
  return typeof v === "string" ? v.slice(0, 10) : v.toISOString().slice(0, 10);
}
