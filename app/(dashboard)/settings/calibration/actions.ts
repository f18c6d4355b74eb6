"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/guard";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { adoptCalibration } from "@/lib/services/calibration-report";
import { setMergeGate } from "@/lib/services/merge-gate";

export const setMergeGateAction = defineAction(
  "tokens:write",
  z.object({ repositoryId: z.uuid(), enabled: z.boolean() }),
  async (ctx, input) => {
    await setMergeGate(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }, input);
    // Statuses for the open pull requests are posted by a job, one at a time, never by this request.
    if (input.enabled) await enqueueJob("gate", { orgId: ctx.org.id, repositoryIds: [input.repositoryId] });
    revalidatePath("/settings");
    return { enabled: input.enabled };
  },
);

export const adoptCalibrationAction = defineAction(
  "policy:write",
  z.object({ basedOnVersion: z.string().min(1).max(100) }),
  async (ctx, input) => {
    const adopted = await adoptCalibration(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }, input);
    await enqueueJob("rescore", { orgId: ctx.org.id, trigger: "rescore" }, `rescore:${ctx.org.id}`);
    revalidatePath("/settings/calibration");
    revalidatePath("/settings");
    return adopted;
  },
);
