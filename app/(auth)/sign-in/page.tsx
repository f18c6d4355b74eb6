import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/auth/current-session";
import { getEnv } from "@/lib/env";
import { signInWithGithub } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const MESSAGES: Record<string, string> = {
  github_unknown: "No Risk Ledger account is linked to that GitHub user. Ask an admin to invite you.",
  expired: "Your session has ended. Sign in again.",
  CredentialsSignin: "That email and password do not match an account.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  if (await getCurrentSession()) redirect("/");
  const env = getEnv();
  const message = (params.error && MESSAGES[params.error]) || (params.reason && MESSAGES[params.reason]);
  return (
    <main className="auth-wrap">
      <div className="panel auth-card">
        <h1>Sign in to Risk Ledger</h1>
        {message ? (
          <div className="notice notice-error" role="status">
            {message}
          </div>
        ) : null}
        <SignInForm callbackUrl={params.callbackUrl} />
        {env.AUTH_GITHUB_ID ? (
          <form action={signInWithGithub} style={{ marginTop: 12 }}>
            <button className="btn" type="submit">
              Sign in with GitHub
            </button>
          </form>
        ) : null}
        {env.embedded ? (
          <p className="muted" style={{ marginTop: 16, fontSize: 12.5 }}>
            Demo: sign in as admin@, engineer@, executive@ or counsel@demo.riskledger.test with the password printed
            when the server started (see README).
          </p>
        ) : null}
      </div>
    </main>
  );
}
