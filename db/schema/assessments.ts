import { bigint, index, jsonb, pgTable, real, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { AiVerdict, PolicyCheck, Reason, ServiceHit, SignalName, SignalResult } from "../../lib/scoring/types";
import { bandEnum } from "./enums";
import { changes } from "./changes";
import { organisations } from "./organisations";
import { policyVersions } from "./policies";

/** Every score ever computed for a change; the change row points at the current one. */
export const assessments = pgTable(
  "assessments",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    changeId: bigint("change_id", { mode: "number" })
      .notNull()
      .references(() => changes.id, { onDelete: "cascade" }),
    policyVersionId: uuid("policy_version_id").references(() => policyVersions.id, { onDelete: "set null" }),
    /** sha256 of the policy text, or "default". */
    policyVersion: text("policy_version").notNull(),
    modelVersion: text("model_version").notNull(),
    risk: real("risk").notNull(),
    band: bandEnum("band").notNull(),
    signals: jsonb("signals").$type<Record<SignalName, SignalResult>>().notNull(),
    reasons: jsonb("reasons").$type<Reason[]>().notNull(),
    checks: jsonb("checks").$type<PolicyCheck[]>().notNull(),
    ai: jsonb("ai").$type<AiVerdict>().notNull(),
    services: jsonb("services").$type<ServiceHit[]>().notNull(),
    regimes: text("regimes").array().notNull().default([]),
    /** What caused it: "sync", "webhook", "rescore", "import". */
    trigger: text("trigger").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("assessments_change_idx").on(t.changeId, t.id)],
);

export type AssessmentRow = typeof assessments.$inferSelect;
