import { sql } from "drizzle-orm";
import { bigint, index, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { bandEnum, receiptKindEnum } from "./enums";
import { assessments } from "./assessments";
import { changes } from "./changes";
import { organisations } from "./organisations";
import { users } from "./users";

/** Ed25519 key per organisation; the private key is sealed with the secret box. */
export const signingKeys = pgTable("signing_keys", {
  id: text("id").primaryKey(),
  orgId: uuid("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  publicKeyPem: text("public_key_pem").notNull(),
  privateKeySealed: text("private_key_sealed").notNull(),
  fingerprint: text("fingerprint").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Append-only (triggers refuse UPDATE and DELETE): one per observed merge, plus amendments. */
export const receipts = pgTable(
  "receipts",
  {
    // By default, not always: the issuer takes the id first, because the signed document names it.
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    sequence: bigint("sequence", { mode: "number" }).notNull(),
    kind: receiptKindEnum("kind").notNull(),
    changeId: bigint("change_id", { mode: "number" })
      .notNull()
      .references(() => changes.id, { onDelete: "restrict" }),
    amendsReceiptId: bigint("amends_receipt_id", { mode: "number" }),
    /**
     * The signed envelope exactly as exported (canonical JSON): the one copy of record, read by every view,
     * download and verification. Not jsonb, which reorders keys; `canonical::jsonb` serves ad-hoc queries.
     */
    canonical: text("canonical").notNull(),
    hash: text("hash").notNull(),
    previousHash: text("previous_hash"),
    signature: text("signature").notNull(),
    keyId: text("key_id").notNull(),
    // Searchable copies of what the document says.
    mergeSha: text("merge_sha"),
    repo: text("repo").notNull(),
    number: bigint("number", { mode: "number" }),
    mergedAt: timestamp("merged_at", { withTimezone: true }),
    risk: real("risk").notNull(),
    band: bandEnum("band").notNull(),
    approvers: text("approvers").array().notNull().default([]),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("receipts_org_sequence_uq").on(t.orgId, t.sequence),
    // One merge receipt per change, whoever observes the merge first; later ones are amendments.
    uniqueIndex("receipts_change_merge_uq").on(t.changeId).where(sql`${t.kind} = 'merge'`),
    index("receipts_org_merge_sha_idx").on(t.orgId, t.mergeSha),
    index("receipts_org_merged_idx").on(t.orgId, t.mergedAt),
    index("receipts_org_repo_number_idx").on(t.orgId, t.repo, t.number),
    index("receipts_change_idx").on(t.changeId),
    index("receipts_approvers_gin").using("gin", t.approvers),
  ],
);

/**
 * Where each organisation's chain ends. Issuers lock this row (SELECT … FOR UPDATE), which serialises them per
 * organisation; verification compares the chain's last receipt with it, so removing the newest receipts is noticed.
 */
export const receiptChainHeads = pgTable("receipt_chain_heads", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  sequence: bigint("sequence", { mode: "number" }).notNull().default(0),
  hash: text("hash"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Append-only: an engineer accepted the risk of a high or critical change. */
export const attestations = pgTable(
  "attestations",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    changeId: bigint("change_id", { mode: "number" })
      .notNull()
      .references(() => changes.id, { onDelete: "restrict" }),
    assessmentId: bigint("assessment_id", { mode: "number" })
      .notNull()
      .references(() => assessments.id, { onDelete: "restrict" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    login: text("login"),
    rationale: text("rationale").notNull(),
    /** Why this person could attest: "codeowner", "reviewer" or both. */
    standing: text("standing").notNull().default("unrecorded"),
    risk: real("risk").notNull(),
    band: bandEnum("band").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("attestations_change_idx").on(t.changeId),
    uniqueIndex("attestations_user_assessment_uq").on(t.changeId, t.userId, t.assessmentId),
  ],
);

export type ReceiptRow = typeof receipts.$inferSelect;
export type AttestationRow = typeof attestations.$inferSelect;
export type SigningKey = typeof signingKeys.$inferSelect;
