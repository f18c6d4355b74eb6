import { date, index, integer, numeric, pgTable, primaryKey, smallint, text, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";

/**
 * The board's daily rollups: per organisation, slice, UTC day and tier, the additive sums the PRI and the KPI cards
 * are made of (docs/pri.md). A slice is the whole organisation (`org`, key ''), one repository (`repository`,
 * key = its id) or one service (`service`, key = its name; a change counts once in each service it reaches).
 * Tier is a key rather than a pre-weighted sum so the tier weights stay in code (-1 when no tier is known).
 * Written only by db/queries/board-rollups.ts, from `changes`.
 */
export const boardRollups = pgTable(
  "board_rollups",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    sliceKind: text("slice_kind").$type<"org" | "repository" | "service">().notNull(),
    sliceKey: text("slice_key").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    tier: smallint("tier").notNull(),
    merged: integer("merged").notNull(),
    /** Exact (numeric) sum of risk, so sums of days equal a sum over the changes whatever the order. */
    riskSum: numeric("risk_sum").notNull(),
    high: integer("high").notNull(),
    highAttested: integer("high_attested").notNull(),
    ai: integer("ai").notNull(),
    failed: integer("failed").notNull(),
    /** Changes whose failure outcome is known (`failed` not null). */
    known: integer("known").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.sliceKind, t.sliceKey, t.day, t.tier] })],
);

/**
 * UTC days whose rollups no longer match `changes`: appended by a trigger on `changes` in the same transaction as
 * the write, consumed by the refresh. Until then the board reads those days from `changes` itself, so it is never
 * stale. Insert-only (no unique key), so concurrent writers never wait on each other here.
 */
export const boardRollupStale = pgTable("board_rollup_stale", {
  orgId: uuid("org_id").notNull(),
  day: date("day", { mode: "string" }).notNull(),
}, (t) => [index("board_rollup_stale_org_day_idx").on(t.orgId, t.day)]);

export type BoardRollupRow = typeof boardRollups.$inferSelect;
