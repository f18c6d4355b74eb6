import { expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeMember, makeOrg, makeUser, uniqueId } from "../../test/factories";
import { getMembership, listMembers } from "../../db/queries/memberships";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { acceptInvitation, changeMemberRoles, findOpenInvitation, inviteMember, removeMember } from "./members";

const now = new Date("2026-11-21T12:00:00Z");

describeEachDriver("members", (ctx) => {
  it("invites a new person by link; the link works once", async () => {
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, ["admin"]);
    const email = `${uniqueId()}@Example.test`;
    const outcome = await inviteMember(ctx.db, { orgId: org.id, userId: admin.id }, { email, roles: ["engineer"] }, now);
    expect(outcome.kind).toBe("invited");
    if (outcome.kind !== "invited") return;
    expect(await findOpenInvitation(ctx.db, outcome.token, now)).toBeTruthy();
    const joined = await acceptInvitation(ctx.db, { token: outcome.token, name: "New", password: "long-enough-pw" }, now);
    expect(joined.email).toBe(email.toLowerCase());
    expect((await getMembership(ctx.db, org.id, joined.userId))?.roles).toEqual(["engineer"]);
    await expect(
      acceptInvitation(ctx.db, { token: outcome.token, name: "Again", password: "long-enough-pw" }, now),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses an expired invitation", async () => {
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, ["admin"]);
    const outcome = await inviteMember(ctx.db, { orgId: org.id, userId: admin.id }, { email: `${uniqueId()}@x.test`, roles: ["counsel"] }, now);
    if (outcome.kind !== "invited") throw new Error("expected a link");
    const later = new Date(now.getTime() + 8 * 86_400_000);
    expect(await findOpenInvitation(ctx.db, outcome.token, later)).toBeNull();
  });

  it("adds an existing account at once, and refuses a second invitation of a member", async () => {
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, ["admin"]);
    const existing = await makeUser(ctx.db);
    const outcome = await inviteMember(ctx.db, { orgId: org.id, userId: admin.id }, { email: existing.email, roles: ["executive"] }, now);
    expect(outcome).toEqual({ kind: "added", userId: existing.id });
    await expect(
      inviteMember(ctx.db, { orgId: org.id, userId: admin.id }, { email: existing.email, roles: ["executive"] }, now),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("keeps at least one admin: the last admin can neither leave nor drop the role", async () => {
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, ["admin"]);
    const actor = { orgId: org.id, userId: admin.id };
    await expect(removeMember(ctx.db, actor, { userId: admin.id })).rejects.toBeInstanceOf(ValidationError);
    await expect(changeMemberRoles(ctx.db, actor, { userId: admin.id, roles: ["engineer"] })).rejects.toBeInstanceOf(ValidationError);
    const second = await makeMember(ctx.db, org.id, ["engineer"]);
    await changeMemberRoles(ctx.db, actor, { userId: second.id, roles: ["admin", "engineer"] });
    await removeMember(ctx.db, actor, { userId: admin.id });
    expect((await listMembers(ctx.db, org.id)).map((m) => m.userId)).toEqual([second.id]);
  });
});
