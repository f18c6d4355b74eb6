import { createHash, randomBytes } from "node:crypto";
import type { Db, DbOrTx } from "../../db/client";
import { recordAuditEvent } from "../../db/queries/audit";
import {
  addMembership,
  countAdmins,
  createInvitation,
  findInvitationByTokenHash,
  getMembership,
  markInvitationAccepted,
  removeMembership,
  revokeInvitation,
  setMemberRoles,
} from "../../db/queries/memberships";
import { createUser, findUserByEmail, normalizeEmail } from "../../db/queries/users";
import { hashPassword } from "../auth/password";
import type { Role } from "../auth/roles";
import { ConflictError, NotFoundError, ValidationError } from "./errors";

const INVITATION_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type InviteOutcome =
  | { kind: "added"; userId: string }
  | { kind: "invited"; invitationId: string; token: string; expiresAt: Date };

/**
 * Invites by email. Someone who already has an account is added at once; anyone else gets a one-time link
 * (shown to the admin once) where they choose a name and password.
 */
export async function inviteMember(
  db: Db,
  actor: { orgId: string; userId: string },
  input: { email: string; roles: Role[] },
  now: Date,
): Promise<InviteOutcome> {
  const email = normalizeEmail(input.email);
  return db.transaction(async (tx) => {
    const existing = await findUserByEmail(tx, email);
    if (existing) {
      if (await getMembership(tx, actor.orgId, existing.id)) throw new ConflictError(`${email} is already a member.`);
      await addMembership(tx, actor.orgId, existing.id, input.roles);
      await recordAuditEvent(tx, {
        orgId: actor.orgId,
        actorUserId: actor.userId,
        action: "member.add",
        target: email,
        data: { roles: input.roles },
      });
      return { kind: "added", userId: existing.id };
    }
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
    const invitation = await createInvitation(tx, {
      orgId: actor.orgId,
      email,
      roles: input.roles,
      tokenHash: hashInvitationToken(token),
      invitedBy: actor.userId,
      expiresAt,
    });
    await recordAuditEvent(tx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: "member.invite",
      target: email,
      data: { roles: input.roles },
    });
    return { kind: "invited", invitationId: invitation.id, token, expiresAt };
  });
}

export async function findOpenInvitation(db: Db, token: string, now: Date) {
  const invitation = await findInvitationByTokenHash(db, hashInvitationToken(token));
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) return null;
  return invitation;
}

export async function acceptInvitation(
  db: Db,
  input: { token: string; name: string; password: string },
  now: Date,
): Promise<{ userId: string; email: string }> {
  const invitation = await findOpenInvitation(db, input.token, now);
  if (!invitation) throw new NotFoundError("This invitation link is invalid, used or expired. Ask your admin for a new one.");
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (await findUserByEmail(tx, invitation.email)) {
      throw new ConflictError("An account with this email already exists. Sign in instead.");
    }
    const user = await createUser(tx, { email: invitation.email, name: input.name, passwordHash });
    await addMembership(tx, invitation.orgId, user.id, invitation.roles);
    await markInvitationAccepted(tx, invitation.id, now);
    await recordAuditEvent(tx, {
      orgId: invitation.orgId,
      actorUserId: user.id,
      action: "member.join",
      target: invitation.email,
      data: { roles: invitation.roles },
    });
    return { userId: user.id, email: invitation.email };
  });
}

async function assertAdminRemains(tx: DbOrTx, orgId: string, userId: string, willBeAdmin: boolean): Promise<void> {
  const current = await getMembership(tx, orgId, userId);
  if (!current) throw new NotFoundError("That person is not a member of this organisation.");
  if (current.roles.includes("admin") && !willBeAdmin && (await countAdmins(tx, orgId)) <= 1) {
    throw new ValidationError("The organisation needs at least one admin: make someone else admin first.");
  }
}

export async function changeMemberRoles(
  db: Db,
  actor: { orgId: string; userId: string },
  input: { userId: string; roles: Role[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    await assertAdminRemains(tx, actor.orgId, input.userId, input.roles.includes("admin"));
    await setMemberRoles(tx, actor.orgId, input.userId, input.roles);
    await recordAuditEvent(tx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: "member.roles",
      target: input.userId,
      data: { roles: input.roles },
    });
  });
}

export async function removeMember(db: Db, actor: { orgId: string; userId: string }, input: { userId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await assertAdminRemains(tx, actor.orgId, input.userId, false);
    await removeMembership(tx, actor.orgId, input.userId);
    await recordAuditEvent(tx, { orgId: actor.orgId, actorUserId: actor.userId, action: "member.remove", target: input.userId });
  });
}

export async function cancelInvitation(
  db: Db,
  actor: { orgId: string; userId: string },
  input: { invitationId: string },
  now: Date,
): Promise<void> {
  if (!(await revokeInvitation(db, actor.orgId, input.invitationId, now))) {
    throw new NotFoundError("That invitation no longer exists.");
  }
  await recordAuditEvent(db, { orgId: actor.orgId, actorUserId: actor.userId, action: "member.invite.cancel", target: input.invitationId });
}
