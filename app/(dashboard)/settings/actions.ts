"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/guard";
import { getEnv } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { connectGitHub, selectRepositories } from "@/lib/services/github-connection";
import { getSecretBox } from "@/lib/services/secrets";
import { requestSync } from "@/lib/services/sync";
import { rotateWebhookSecret } from "@/lib/services/webhook-secrets";

export const connectGitHubAction = defineAction(
  "tokens:write",
  z.object({
    token: z.string().trim().min(20, "Paste the whole token.").max(400),
    apiUrl: z.url("Enter the API URL, e.g. https://api.github.com").optional().or(z.literal("")),
  }),
  async (ctx, input) => {
    const result = await connectGitHub(
      ctx.db,
      getSecretBox(),
      { orgId: ctx.org.id, userId: ctx.user.id },
      { token: input.token, apiUrl: input.apiUrl || getEnv().GITHUB_API_URL },
      new Date(),
    );
    revalidatePath("/settings");
    return result;
  },
);

export const selectRepositoriesAction = defineAction(
  "tokens:write",
  z.object({
    repositories: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(200)).max(1000)),
  }),
  async (ctx, input) => {
    const count = await selectRepositories(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id }, input.repositories);
    revalidatePath("/settings");
    return { selected: count };
  },
);

export const startSyncAction = defineAction("sync:run", z.object({}), async (ctx) => {
  const { run, created } = await requestSync(ctx.db, { orgId: ctx.org.id, trigger: "manual", requestedBy: ctx.user.id });
  await enqueueJob("sync", { orgId: ctx.org.id, runId: run.id }, `sync:${ctx.org.id}`);
  return { runId: run.id, alreadyRunning: !created };
});

export const rotateWebhookSecretAction = defineAction("tokens:write", z.object({}), async (ctx) => {
  const secret = await rotateWebhookSecret(ctx.db, getSecretBox(), { orgId: ctx.org.id, userId: ctx.user.id });
  return { secret };
});
