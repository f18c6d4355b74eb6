"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/guard";
import { ROLES } from "@/lib/auth/roles";
import { cancelInvitation, changeMemberRoles, inviteMember, removeMember } from "@/lib/services/members";

const roles = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(ROLES)).min(1, "Pick at least one role.").max(ROLES.length),
);

export const inviteMemberAction = defineAction(
  "members:write",
  z.object({ email: z.email("Enter a valid email address.").max(320), roles }),
  async (ctx, input) => {
    const outcome = await inviteMember(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }, input, new Date());
    revalidatePath("/settings/members");
    return outcome.kind === "added"
      ? { kind: "added" as const, email: input.email }
      : { kind: "invited" as const, email: input.email, path: `/invite/${outcome.token}`, expiresAt: outcome.expiresAt.toISOString() };
  },
);

export const changeMemberRolesAction = defineAction(
  "members:write",
  z.object({ userId: z.uuid(), roles }),
  async (ctx, input) => {
    await changeMemberRoles(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }, input);
    revalidatePath("/settings/members");
  },
);

export const removeMemberAction = defineAction("members:write", z.object({ userId: z.uuid() }), async (ctx, input) => {
  await removeMember(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }, input);
  revalidatePath("/settings/members");
});

export const cancelInvitationAction = defineAction(
  "members:write",
  z.object({ invitationId: z.uuid() }),
  async (ctx, input) => {
    await cancelInvitation(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }, input, new Date());
    revalidatePath("/settings/members");
  },
);
