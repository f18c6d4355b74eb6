"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/next-auth";

export interface SignInState {
  error?: string;
  email?: string;
}

const input = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(320),
  password: z.string().min(1, "Enter your password.").max(1024),
  callbackUrl: z.string().optional(),
});

/** Public on purpose: this is how a session starts. Rate-limited and non-enumerating (lib/services/authenticate). */
export async function signInWithPassword(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = input.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return { error: parsed.error.issues.map((i) => i.message).join(" "), email: String(form.get("email") ?? "") };
  }
  const { email, password, callbackUrl } = parsed.data;
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  const redirectTo = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  try {
    await signIn("credentials", { email, password, redirectTo });
    return {};
  } catch (err) {
    if (err instanceof CredentialsSignin) {
      return {
        email,
        error:
          err.code === "rate_limited"
            ? "Too many failed attempts. Wait a few minutes before trying again."
            : "That email and password do not match an account.",
      };
    }
    if (err instanceof AuthError) return { email, error: "Sign-in failed. Try again." };
    throw err;
  }
}

export async function signInWithGithub(): Promise<void> {
  await signIn("github", { redirectTo: "/" });
}
