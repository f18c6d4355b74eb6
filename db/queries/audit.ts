import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { auditEvents, users } from "../schema";

export async function recordAuditEvent(
  db: DbOrTx,
  input: { orgId: string; actorUserId: string | null; action: string; target?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditEvents).values({ ...input, data: input.data ?? {} });
}

export async function listAuditEvents(db: DbOrTx, orgId: string, limit = 50) {
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      target: auditEvents.target,
      data: auditEvents.data,
      at: auditEvents.at,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(eq(auditEvents.orgId, orgId))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}
