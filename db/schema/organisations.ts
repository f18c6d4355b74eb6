import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** The policy version in force; null means the built-in default policy. */
  activePolicyVersionId: uuid("active_policy_version_id"),
  /** Webhook secrets sealed with the secret box; the previous one stays valid during rotation. */
  webhookSecretSealed: text("webhook_secret_sealed"),
  previousWebhookSecretSealed: text("previous_webhook_secret_sealed"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  /**
   * Set once a receipt backfill found every merge with its receipt. Merges stored since get theirs in the
   * transaction that stores them, so the check on server start skips the organisation from then on.
   */
  receiptsBackfilledAt: timestamp("receipts_backfilled_at", { withTimezone: true }),
});

export type Organisation = typeof organisations.$inferSelect;
