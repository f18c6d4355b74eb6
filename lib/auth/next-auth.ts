import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "../../db/instance";
import { revokeAuthSession } from "../../db/queries/sessions";
import { getEnv } from "../env";
import { authenticate } from "../services/authenticate";
import { signInWithGithub } from "../services/github-sign-in";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsInput = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

async function clientAddress(): Promise<string> {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "local";
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const limits = {
    maxFailures: env.SIGN_IN_MAX_ATTEMPTS,
    windowMinutes: env.SIGN_IN_WINDOW_MINUTES,
    sessionHours: env.AUTH_SESSION_HOURS,
  };
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const result = await authenticate(
          await getDb(),
          { ...parsed.data, clientAddress: await clientAddress(), now: new Date() },
          limits,
        );
        if (!result.ok) throw result.error === "rate_limited" ? new TooManyAttempts() : new InvalidCredentials();
        return { id: result.userId, sessionId: result.sessionId };
      },
    }),
  ];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(
      GitHub({
        clientId: env.AUTH_GITHUB_ID,
        clientSecret: env.AUTH_GITHUB_SECRET,
        ...(env.AUTH_GITHUB_BASE_URL ? { enterprise: { baseUrl: env.AUTH_GITHUB_BASE_URL } } : {}),
      }),
    );
  }
  return {
    secret: env.authSecret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: env.AUTH_SESSION_HOURS * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "github") return true;
        // Only people already known (invited, or linked by email) may sign in with GitHub.
        const login = typeof profile?.login === "string" ? profile.login : null;
        const email = typeof profile?.email === "string" ? profile.email : null;
        const linked = await signInWithGithub(await getDb(), { login, email, now: new Date() }, limits.sessionHours);
        if (!linked) return "/sign-in?error=github_unknown";
        (account as Record<string, unknown>).riskLedgerSession = linked;
        return true;
      },
      async jwt({ token, user, account }) {
        const fromGithub = (account as Record<string, unknown> | null)?.riskLedgerSession as
          | { userId: string; sessionId: string }
          | undefined;
        if (fromGithub) {
          token.sub = fromGithub.userId;
          token.sid = fromGithub.sessionId;
        } else if (user && "sessionId" in user) {
          token.sid = (user as { sessionId: string }).sessionId;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, sid: typeof token.sid === "string" ? token.sid : undefined };
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (token && typeof token.sid === "string") await revokeAuthSession(await getDb(), token.sid, new Date());
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
