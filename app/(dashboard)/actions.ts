"use server";

import { z } from "zod";
import { signOut } from "@/lib/auth/next-auth";
import { defineAction } from "@/lib/auth/guard";
import { switchOrganisation } from "@/lib/services/session-context";

export const switchOrganisationAction = defineAction("org:switch", z.object({ orgId: z.uuid() }), async (ctx, input) => {
  const org = await switchOrganisation(ctx.db, ctx, input.orgId);
  return { slug: org.slug };
});

/** Ends the session for real: the server-side session row is revoked, not only the cookie dropped. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
