import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { syncStatusEnum } from "./enums";
import { organisations } from "./organisations";
import { users } from "./users";

export interface SyncError {
  at: string;
  repo?: string;
  message: string;
}

export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    status: syncStatusEnum("status").notNull().default("queued"),
    /** "manual", "schedule", "webhook", "demo", "cli". */
    trigger: text("trigger").notNull(),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    reposTotal: integer("repos_total").notNull().default(0),
    reposDone: integer("repos_done").notNull().default(0),
    prsFetched: integer("prs_fetched").notNull().default(0),
    prsScored: integer("prs_scored").notNull().default(0),
    rateLimitRemaining: integer("rate_limit_remaining"),
    rateLimitResetAt: timestamp("rate_limit_reset_at", { withTimezone: true }),
    errors: jsonb("errors").$type<SyncError[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("sync_runs_org_created_idx").on(t.orgId, t.createdAt)],
);

export type SyncRun = typeof syncRuns.$inferSelect;
