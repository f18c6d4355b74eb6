import { bigint, boolean, index, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { changes } from "./changes";
import { organisations } from "./organisations";

/** Why a change counts as failed, from synced data (docs/calibration.md). */
export type SyncedFailureEvidence =
  | {
      kind: "revert";
      byChangeId: number;
      byNumber: number | null;
      byTitle: string;
      /** How the revert names the change: its merge sha, its pull request number, or its title. */
      matchedBy: "sha" | "title" | "pull-request";
      daysAfter: number;
    }
  | {
      /** File-level, weaker than line-level SZZ: a later fix touched the same (non-test, non-doc) files. */
      kind: "fix-files";
      byChangeId: number;
      byNumber: number | null;
      byTitle: string;
      daysAfter: number;
      paths: string[];
    };

/** The failure label of a merged change, with its evidence; `changes.failed` carries the headline. */
export const failureLabels = pgTable(
  "failure_labels",
  {
    changeId: bigint("change_id", { mode: "number" })
      .primaryKey()
      .references(() => changes.id, { onDelete: "cascade" }),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    failed: boolean("failed").notNull(),
    /** false while a fix may still come (merged less than the label window before the newest merge seen). */
    settled: boolean("settled").notNull(),
    evidence: jsonb("evidence").$type<SyncedFailureEvidence[]>().notNull().default([]),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("failure_labels_org_idx").on(t.orgId, t.failed)],
);

export type FailureLabelRow = typeof failureLabels.$inferSelect;
