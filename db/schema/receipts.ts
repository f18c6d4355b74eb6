import { bigint, index, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    sequence: bigint("sequence", { mode: "number" }).notNull(),
    kind: receiptKindEnum("kind").notNull(),
    changeId: bigint("change_id", { mode: "number" })
      .notNull()
      .references(() => changes.id, { onDelete: "restrict" }),
    amendsReceiptId: bigint("amends_receipt_id", { mode: "number" }),
    /** The signed envelope as exported (receipt body, hash, signature, key id). */
    document: jsonb("document").$type<Record<string, unknown>>().notNull(),
    hash: text("hash").notNull(),
    previousHash: text("previous_hash"),
    signature: text("signature").notNull(),
    keyId: text("key_id").notNull(),
    // Searchable copies of what the document says.
    mergeSha: text("merge_sha"),
    repo: text("repo").notNull(),
    number: bigint("number", { mode: "number" }),
    risk: real("risk").notNull(),
    band: bandEnum("band").notNull(),
    approvers: text("approvers").array().notNull().default([]),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("receipts_org_sequence_uq").on(t.orgId, t.sequence),
    index("receipts_org_merge_sha_idx").on(t.orgId, t.mergeSha),
    index("receipts_org_repo_number_idx").on(t.orgId, t.repo, t.number),
    index("receipts_change_idx").on(t.changeId),
    index("receipts_approvers_gin").using("gin", t.approvers),
  ],
);

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
    risk: real("risk").notNull(),
    band: bandEnum("band").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("attestations_change_idx").on(t.changeId)],
);

export type ReceiptRow = typeof receipts.$inferSelect;
export type AttestationRow = typeof attestations.$inferSelect;
export type SigningKey = typeof signingKeys.$inferSelect;
