"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/guard";
import { attestChange, RATIONALE_MAX, RATIONALE_MIN } from "@/lib/services/attest";
import { getSecretBox } from "@/lib/services/secrets";

const id = z.coerce.number({ error: "Missing." }).int().positive().max(Number.MAX_SAFE_INTEGER);

/** An engineer accepts the current score of a high-risk change; eligibility is decided by the service, not the form. */
export const attestChangeAction = defineAction(
  "change:attest",
  z.object({
    changeId: id,
    assessmentId: id,
    rationale: z
      .string({ error: "Say why you accept this risk." })
      .trim()
      .min(RATIONALE_MIN, `Write at least ${RATIONALE_MIN} characters.`)
      .max(RATIONALE_MAX, `Keep it under ${RATIONALE_MAX} characters.`),
  }),
  async (ctx, input) => {
    const result = await attestChange(
      ctx.db,
      getSecretBox(),
      { id: ctx.user.id, name: ctx.user.name, githubLogin: ctx.user.githubLogin },
      { orgId: ctx.org.id, ...input },
    );
    revalidatePath("/receipts/attest");
    revalidatePath(`/ledger/${input.changeId}`);
    return { attestationId: result.attestationId, receiptSequence: result.receipt?.sequence ?? null };
  },
);
