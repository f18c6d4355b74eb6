import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { authSessions, users, type AuthSession, type User } from "../schema";

export async function createAuthSession(
  db: DbOrTx,
  input: { userId: string; activeOrgId: string | null; expiresAt: Date },
): Promise<AuthSession> {
  const [row] = await db.insert(authSessions).values(input).returning();
  return row!;
}

/** The session with its user, only while it is neither revoked nor expired. */
export async function findLiveSession(
  db: DbOrTx,
  sessionId: string,
  now: Date,
): Promise<{ session: AuthSession; user: User } | undefined> {
  const [row] = await db
    .select({ session: authSessions, user: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, now)))
    .limit(1);
  return row;
}

export async function revokeAuthSession(db: DbOrTx, sessionId: string, now: Date): Promise<void> {
  await db
    .update(authSessions)
    .set({ revokedAt: now })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}

export async function revokeUserSessions(db: DbOrTx, userId: string, now: Date): Promise<void> {
  await db
    .update(authSessions)
    .set({ revokedAt: now })
    .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt)));
}

export async function setSessionOrg(db: DbOrTx, sessionId: string, orgId: string): Promise<void> {
  await db.update(authSessions).set({ activeOrgId: orgId }).where(eq(authSessions.id, sessionId));
}

export async function deleteExpiredSessions(db: DbOrTx, before: Date): Promise<void> {
  await db.delete(authSessions).where(lt(authSessions.expiresAt, before));
}
