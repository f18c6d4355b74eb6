import { bigint, boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { BranchProtection } from "../../lib/scoring/types";
import { organisations } from "./organisations";
import { users } from "./users";

/** One GitHub connection per organisation; the token is sealed (AES-256-GCM) and never leaves the server. */
export const githubConnections = pgTable("github_connections", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  apiUrl: text("api_url").notNull(),
  tokenSealed: text("token_sealed").notNull(),
  login: text("login").notNull(),
  scopes: text("scopes").array().notNull().default([]),
  connectedBy: uuid("connected_by").references(() => users.id, { onDelete: "set null" }),
  checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
});

export const repositories = pgTable(
  "repositories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** "owner/name" */
    fullName: text("full_name").notNull(),
    githubId: bigint("github_id", { mode: "number" }),
    defaultBranch: text("default_branch").notNull().default("main"),
    /** Picked for sync by an admin. */
    selected: boolean("selected").notNull().default(false),
    codeowners: text("codeowners"),
    codeownersPath: text("codeowners_path"),
    protection: jsonb("protection").$type<BranchProtection | null>(),
    /** Incremental sync position (GitHub updatedAt / cursor), advanced only after the page is stored. */
    syncCursor: text("sync_cursor"),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
    /** Merge gate: post commit statuses (off by default: read-only first). */
    gateEnabled: boolean("gate_enabled").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("repositories_org_name_uq").on(t.orgId, t.fullName), index("repositories_org_idx").on(t.orgId)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    deliveryId: text("delivery_id").primaryKey(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    error: text("error"),
  },
  (t) => [index("webhook_deliveries_org_idx").on(t.orgId, t.receivedAt)],
);

export type Repository = typeof repositories.$inferSelect;
export type GithubConnection = typeof githubConnections.$inferSelect;
