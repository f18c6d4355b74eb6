import { bigint, index, integer, primaryKey, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { changes } from "./changes";
import { repositories } from "./github";
import { organisations } from "./organisations";

/**
 * The merge gate's commit statuses, one row per (repository, sha, context): what was last posted to GitHub, so a
 * status is posted only when its state or description changes, and what went wrong when a post failed (retried on
 * the next evaluation).
 */
export const gateStatuses = pgTable(
  "gate_statuses",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    repositoryId: uuid("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    sha: text("sha").notNull(),
    context: text("context").notNull(),
    changeId: bigint("change_id", { mode: "number" }).references(() => changes.id, { onDelete: "set null" }),
    /** Last state and description GitHub accepted (null until a post succeeds). */
    state: text("state"),
    description: text("description"),
    targetUrl: text("target_url"),
    postedAt: timestamp("posted_at", { withTimezone: true }),
    /** Set while one evaluator posts this status: a concurrent one skips it instead of posting it twice. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    lastError: text("last_error"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.repositoryId, t.sha, t.context] }), index("gate_statuses_change_idx").on(t.changeId)],
);

export type GateStatusRow = typeof gateStatuses.$inferSelect;
