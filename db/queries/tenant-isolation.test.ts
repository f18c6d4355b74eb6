import { beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeMember, makeOrg, uniqueId } from "../../test/factories";
import { changes, repositories } from "../schema";
import { recordAuditEvent, listAuditEvents } from "./audit";
import {
  countAdmins,
  createInvitation,
  getMembership,
  listMembers,
  listPendingInvitations,
  removeMembership,
  revokeInvitation,
  setMemberRoles,
} from "./memberships";
import { getOrgDataCounts } from "./overview";
import { loadSessionContext, switchOrganisation } from "../../lib/services/session-context";
import { createAuthSession } from "./sessions";
import { ForbiddenError } from "../../lib/services/errors";

const now = new Date("2026-11-21T12:00:00Z");

describeEachDriver("tenant isolation: organisation A reads nothing of B", (ctx) => {
  let a: { id: string };
  let b: { id: string };
  let userA: { id: string };
  let userB: { id: string };
  let invitationB: { id: string };

  beforeAll(async () => {
    a = await makeOrg(ctx.db, "A");
    b = await makeOrg(ctx.db, "B");
    userA = await makeMember(ctx.db, a.id, ["admin"]);
    userB = await makeMember(ctx.db, b.id, ["admin", "engineer"]);
    invitationB = await createInvitation(ctx.db, {
      orgId: b.id,
      email: `${uniqueId()}@b.test`,
      roles: ["counsel"],
      tokenHash: uniqueId("hash"),
      invitedBy: userB.id,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
    await recordAuditEvent(ctx.db, { orgId: b.id, actorUserId: userB.id, action: "secret.b" });
    const [repo] = await ctx.db.insert(repositories).values({ orgId: b.id, fullName: "b/repo" }).returning();
    await ctx.db.insert(changes).values({
      orgId: b.id,
      repositoryId: repo!.id,
      number: 1,
      title: "B's change",
      state: "merged",
      authorLogin: "someone",
      createdAt: now,
      mergedAt: now,
      baseRef: "main",
      headRef: "x",
    });
  });

  it("members and memberships", async () => {
    expect((await listMembers(ctx.db, a.id)).map((m) => m.userId)).toEqual([userA.id]);
    expect(await getMembership(ctx.db, a.id, userB.id)).toBeUndefined();
    expect(await countAdmins(ctx.db, a.id)).toBe(1);
  });

  it("writes aimed across the boundary change nothing", async () => {
    expect(await setMemberRoles(ctx.db, a.id, userB.id, ["counsel"])).toBe(false);
    expect(await removeMembership(ctx.db, a.id, userB.id)).toBe(false);
    expect(await revokeInvitation(ctx.db, a.id, invitationB.id, now)).toBe(false);
    expect((await getMembership(ctx.db, b.id, userB.id))?.roles).toEqual(["admin", "engineer"]);
    expect((await listPendingInvitations(ctx.db, b.id, now)).map((i) => i.id)).toEqual([invitationB.id]);
  });

  it("invitations, audit events and data counts", async () => {
    expect(await listPendingInvitations(ctx.db, a.id, now)).toEqual([]);
    expect((await listAuditEvents(ctx.db, a.id)).map((e) => e.action)).not.toContain("secret.b");
    expect(await getOrgDataCounts(ctx.db, a.id)).toEqual({ mergedChanges: 0, openChanges: 0, repositories: 0, receipts: 0 });
    expect((await getOrgDataCounts(ctx.db, b.id)).mergedChanges).toBe(1);
  });

  it("a session cannot switch into an organisation it does not belong to", async () => {
    const session = await createAuthSession(ctx.db, { userId: userA.id, activeOrgId: b.id, expiresAt: new Date(now.getTime() + 60_000) });
    const context = await loadSessionContext(ctx.db, session.id, now);
    // The stored active org is ignored when the membership is missing.
    expect(context?.org?.id).toBe(a.id);
    await expect(switchOrganisation(ctx.db, context!, b.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
