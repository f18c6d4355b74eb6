"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/guard";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { activatePolicyVersion, savePolicyVersion } from "@/lib/services/policies";

export const savePolicyAction = defineAction(
  "policy:write",
  z.object({
    yaml: z.string().min(1, "The policy is empty.").max(500_000, "The policy is larger than 500 kB."),
    note: z.string().trim().max(500).optional(),
  }),
  async (ctx, input) => {
    const version = await savePolicyVersion(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }, { yaml: input.yaml, note: input.note || null });
    // The new version is in force at once; stored changes are rescored under it in the background.
    await enqueueJob("rescore", { orgId: ctx.org.id, trigger: "policy" }, `rescore:${ctx.org.id}`);
    revalidatePath("/settings/policy");
    return { id: version.id, number: version.number, sha256: version.sha256 };
  },
);

export const activatePolicyAction = defineAction("policy:write", z.object({ versionId: z.uuid() }), async (ctx, input) => {
  const version = await activatePolicyVersion(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }, input.versionId);
  await enqueueJob("rescore", { orgId: ctx.org.id, trigger: "policy" }, `rescore:${ctx.org.id}`);
  revalidatePath("/settings/policy");
  return { number: version.number };
});
