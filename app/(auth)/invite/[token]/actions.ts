"use server";

import { z } from "zod";
import { getDb } from "@/db/instance";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { AppError } from "@/lib/services/errors";
import { acceptInvitation } from "@/lib/services/members";

export interface AcceptState {
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  done?: { email: string };
}

const input = z.object({
  token: z.string().min(10).max(200),
  name: z.string().trim().min(1, "Enter your name.").max(120),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1024),
});

/** Public on purpose: the one-time token in the link is the capability. */
export async function acceptInvitationAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const parsed = input.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Some fields need attention.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    const { email } = await acceptInvitation(await getDb(), parsed.data, new Date());
    return { done: { email } };
  } catch (err) {
    if (err instanceof AppError) return { error: err.message };
    throw err;
  }
}
