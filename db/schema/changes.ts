import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { CheckResult, Provenance, Trailer } from "../../lib/scoring/types";
import { bandEnum, changeStateEnum } from "./enums";
import { organisations } from "./organisations";
import { repositories } from "./github";

/**
 * A pull request (or a merged commit seen in git history). The latest assessment's headline figures are
 * denormalized here so the ledger filters and pages on one table with covering indexes.
 */
export const changes = pgTable(
  "changes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    repositoryId: uuid("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    number: integer("number"),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    url: text("url"),
    state: changeStateEnum("state").notNull(),
    authorLogin: text("author_login").notNull(),
    authorType: text("author_type").notNull().default("User"),
    mergedByLogin: text("merged_by_login"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    mergedAt: timestamp("merged_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }),
    baseRef: text("base_ref").notNull(),
    headRef: text("head_ref").notNull(),
    headSha: text("head_sha"),
    mergeSha: text("merge_sha"),
    labels: text("labels").array().notNull().default([]),
    requestedReviewers: text("requested_reviewers").array().notNull().default([]),
    checks: jsonb("checks").$type<CheckResult[] | null>(),
    additions: integer("additions").notNull().default(0),
    deletions: integer("deletions").notNull().default(0),
    fileCount: integer("file_count").notNull().default(0),
    truncatedReason: text("truncated_reason"),
    provenance: jsonb("provenance").$type<Provenance | null>(),
    // Headline of the current assessment (null until scored).
    currentAssessmentId: bigint("current_assessment_id", { mode: "number" }),
    risk: real("risk"),
    band: bandEnum("band"),
    aiOrigin: boolean("ai_origin").notNull().default(false),
    topReason: text("top_reason"),
    services: text("services").array().notNull().default([]),
    /** Highest tier among services reached (0 most critical); null when none matched. */
    tier: smallint("tier"),
    failedControls: text("failed_controls").array().notNull().default([]),
    /** Code owners of the touched paths, for the review queue. */
    owners: text("owners").array().notNull().default([]),
    attested: boolean("attested").notNull().default(false),
    /** Reverted or fixed within 30 days (failure label), when known. */
    failed: boolean("failed"),
    isRevert: boolean("is_revert").notNull().default(false),
    isFix: boolean("is_fix").notNull().default(false),
    /** sha256 of what was stored (normalized change + policy and model versions): a re-sync of the same data is a no-op. */
    contentHash: text("content_hash"),
    /** sha256 of the current assessment's content: a rescore that reaches the same verdict stores nothing. */
    assessmentDigest: text("assessment_digest"),
    /** sha256 of the history summary the current assessment saw: the history pass rescores only where it moved. */
    historyDigest: text("history_digest"),
    /**
     * When the stored copy was requested from GitHub: a copy fetched earlier never replaces it (a sync and a webhook
     * refresh may store the same pull request in either order). Null when the source has no fetch time (git history).
     */
    fetchedAt: timestamp("fetched_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("changes_repo_number_uq").on(t.repositoryId, t.number),
    uniqueIndex("changes_repo_merge_sha_uq").on(t.repositoryId, t.mergeSha).where(sql`${t.number} is null`),
    // The ledger's access path: keyset on (merged_at, id), scanned forward for oldest first and backward for newest
    // first. Ascending with PostgreSQL's default NULLS LAST, so both `order by … asc` and `… desc` (NULLS FIRST) are
    // this order or its mirror; a `desc()` column here (drizzle writes DESC NULLS LAST) matches neither, and the
    // ledger would sort the whole window for every page.
    index("changes_org_merged_at_idx").on(t.orgId, t.mergedAt, t.id).where(sql`${t.state} = 'merged'`),
    index("changes_org_band_merged_at_idx").on(t.orgId, t.band, t.mergedAt, t.id).where(sql`${t.state} = 'merged'`),
    index("changes_org_repo_merged_at_idx").on(t.orgId, t.repositoryId, t.mergedAt, t.id),
    index("changes_services_gin").using("gin", t.services),
    index("changes_owners_gin").using("gin", t.owners),
    index("changes_requested_gin").using("gin", t.requestedReviewers),
    index("changes_merge_sha_idx").on(t.orgId, t.mergeSha),
    // The ledger sorted by risk: keyset on (risk, id), scanned either way; merged_at rides along so the window is
    // checked in the index. The expression must stay exactly the ledger's sort key (`coalesce(risk, -1)`, real).
    index("changes_org_risk_idx")
      .on(t.orgId, sql`coalesce(${t.risk}, -1)`, t.id, t.mergedAt)
      .where(sql`${t.state} = 'merged'`),
    // The same within one band (a band is a run of risks, so without it a band filter walks every riskier row).
    index("changes_org_band_risk_idx")
      .on(t.orgId, t.band, sql`coalesce(${t.risk}, -1)`, t.id, t.mergedAt)
      .where(sql`${t.state} = 'merged'`),
    // Open pull requests riskiest first (ledger's open tab, review queue).
    index("changes_org_open_risk_idx")
      .on(t.orgId, sql`coalesce(${t.risk}, -1)`, t.id)
      .where(sql`${t.state} = 'open'`),
    // Author filter (case-insensitive), and pull request number search across the organisation's repositories.
    index("changes_org_author_merged_at_idx")
      .on(t.orgId, sql`lower(${t.authorLogin})`, t.mergedAt, t.id)
      .where(sql`${t.state} = 'merged'`),
    index("changes_org_number_idx").on(t.orgId, t.number),
    index("changes_failed_controls_gin").using("gin", t.failedControls),
    // Title search: words anywhere in the title (ILIKE), answered from trigrams (pg_trgm, migration 0011).
    index("changes_title_trgm").using("gin", t.title.op("gin_trgm_ops")),
  ],
);

export const changeFiles = pgTable(
  "change_files",
  {
    changeId: bigint("change_id", { mode: "number" })
      .notNull()
      .references(() => changes.id, { onDelete: "cascade" }),
    orgId: uuid("org_id").notNull(),
    path: text("path").notNull(),
    previousPath: text("previous_path"),
    status: text("status").notNull(),
    additions: integer("additions"),
    deletions: integer("deletions"),
    service: text("service"),
  },
  (t) => [primaryKey({ columns: [t.changeId, t.path] }), index("change_files_org_path_idx").on(t.orgId, t.path)],
);

export const changeCommits = pgTable(
  "change_commits",
  {
    changeId: bigint("change_id", { mode: "number" })
      .notNull()
      .references(() => changes.id, { onDelete: "cascade" }),
    orgId: uuid("org_id").notNull(),
    sha: text("sha").notNull(),
    message: text("message").notNull(),
    authorName: text("author_name"),
    authorEmail: text("author_email"),
    authorLogin: text("author_login"),
    committedAt: timestamp("committed_at", { withTimezone: true }),
    parentCount: smallint("parent_count").notNull().default(1),
    trailers: jsonb("trailers").$type<Trailer[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.changeId, t.sha] })],
);

export const changeReviews = pgTable(
  "change_reviews",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    changeId: bigint("change_id", { mode: "number" })
      .notNull()
      .references(() => changes.id, { onDelete: "cascade" }),
    orgId: uuid("org_id").notNull(),
    reviewer: text("reviewer").notNull(),
    reviewerType: text("reviewer_type").notNull().default("User"),
    state: text("state").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    commitSha: text("commit_sha"),
  },
  (t) => [index("change_reviews_change_idx").on(t.changeId), index("change_reviews_org_reviewer_idx").on(t.orgId, t.reviewer)],
);

export type ChangeRow = typeof changes.$inferSelect;
export type ChangeFileRow = typeof changeFiles.$inferSelect;
export type ChangeCommitRow = typeof changeCommits.$inferSelect;
export type ChangeReviewRow = typeof changeReviews.$inferSelect;
