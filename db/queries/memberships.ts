import { and, arrayContains, asc, count, eq, isNull, gt } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { invitations, memberships, users, type Invitation, type Membership } from "../schema";
import type { Role } from "../../lib/auth/roles";

export async function getMembership(db: DbOrTx, orgId: string, userId: string): Promise<Membership | undefined> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

export async function listMembers(db: DbOrTx, orgId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      githubLogin: users.githubLogin,
      roles: memberships.roles,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.name));
}

export async function addMembership(db: DbOrTx, orgId: string, userId: string, roles: Role[]): Promise<void> {
  await db
    .insert(memberships)
    .values({ orgId, userId, roles })
    .onConflictDoUpdate({ target: [memberships.orgId, memberships.userId], set: { roles } });
}

export async function setMemberRoles(db: DbOrTx, orgId: string, userId: string, roles: Role[]): Promise<boolean> {
  const rows = await db
    .update(memberships)
    .set({ roles })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

export async function removeMembership(db: DbOrTx, orgId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

export async function countAdmins(db: DbOrTx, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), arrayContains(memberships.roles, ["admin"])));
  return row?.n ?? 0;
}

export async function createInvitation(
  db: DbOrTx,
  input: { orgId: string; email: string; roles: Role[]; tokenHash: string; invitedBy: string | null; expiresAt: Date },
): Promise<Invitation> {
  const [row] = await db.insert(invitations).values(input).returning();
  return row!;
}

export async function listPendingInvitations(db: DbOrTx, orgId: string, now: Date): Promise<Invitation[]> {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(asc(invitations.createdAt));
}

/** An invitation found by its token hash: not org-scoped, because the token itself is the capability. */
export async function findInvitationByTokenHash(db: DbOrTx, tokenHash: string): Promise<Invitation | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).limit(1);
  return row;
}

export async function markInvitationAccepted(db: DbOrTx, invitationId: string, now: Date): Promise<void> {
  await db.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitationId));
}

export async function revokeInvitation(db: DbOrTx, orgId: string, invitationId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, invitationId), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}
