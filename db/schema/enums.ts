import { pgEnum } from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ["admin", "engineer", "executive", "counsel"]);
export const bandEnum = pgEnum("band", ["low", "elevated", "high", "critical"]);
export const changeStateEnum = pgEnum("change_state", ["open", "merged", "closed"]);
export const syncStatusEnum = pgEnum("sync_status", ["queued", "running", "succeeded", "failed", "cancelled"]);
export const receiptKindEnum = pgEnum("receipt_kind", ["merge", "amendment"]);
