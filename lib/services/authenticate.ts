import type { Db } from "../../db/client";
import { createAuthSession } from "../../db/queries/sessions";
import { clearSignInFailures, countSignInFailures, recordSignInFailure } from "../../db/queries/sign-in-attempts";
import { findUserByEmail, normalizeEmail } from "../../db/queries/users";
import { listUserOrganisations } from "../../db/queries/organisations";
import { verifyPassword } from "../auth/password";

export interface SignInLimits {
  maxFailures: number;
  windowMinutes: number;
  sessionHours: number;
}

export type AuthenticateResult =
  | { ok: true; userId: string; sessionId: string; expiresAt: Date }
  | { ok: false; error: "invalid_credentials" }
  | { ok: false; error: "rate_limited"; retryAfterSeconds: number };

function windowStartOf(now: Date, minutes: number): Date {
  const size = minutes * 60_000;
  return new Date(Math.floor(now.getTime() / size) * size);
}

/**
 * Email + password sign-in. The answer never says whether the email exists, and failures are counted per email
 * and per client address so neither can be brute-forced.
 */
export async function authenticate(
  db: Db,
  input: { email: string; password: string; clientAddress: string; now: Date },
  limits: SignInLimits,
): Promise<AuthenticateResult> {
  const email = normalizeEmail(input.email);
  const keys = [`email:${email}`, `ip:${input.clientAddress}`];
  const windowStart = windowStartOf(input.now, limits.windowMinutes);
  for (const key of keys) {
    // The address limit is looser: several people may share one.
    const max = key.startsWith("ip:") ? limits.maxFailures * 5 : limits.maxFailures;
    if ((await countSignInFailures(db, key, windowStart)) >= max) {
      const retryAfterSeconds = Math.ceil(
        (windowStart.getTime() + limits.windowMinutes * 60_000 - input.now.getTime()) / 1000,
      );
      return { ok: false, error: "rate_limited", retryAfterSeconds };
    }
  }

  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !valid) {
    for (const key of keys) await recordSignInFailure(db, key, windowStart);
    return { ok: false, error: "invalid_credentials" };
  }
  await clearSignInFailures(db, `email:${email}`);
  const orgs = await listUserOrganisations(db, user.id);
  const expiresAt = new Date(input.now.getTime() + limits.sessionHours * 3_600_000);
  const session = await createAuthSession(db, { userId: user.id, activeOrgId: orgs[0]?.id ?? null, expiresAt });
  return { ok: true, userId: user.id, sessionId: session.id, expiresAt };
}
