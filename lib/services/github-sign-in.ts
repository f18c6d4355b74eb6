import type { Db } from "../../db/client";
import { listUserOrganisations } from "../../db/queries/organisations";
import { createAuthSession } from "../../db/queries/sessions";
import { findUserByEmail, findUserByGithubLogin, linkGithubLogin } from "../../db/queries/users";

/**
 * GitHub OAuth sign-in for an existing account: matched by linked login first, then by verified email (and the
 * login is linked then). Unknown people are refused: membership comes from an invitation, not from GitHub.
 */
export async function signInWithGithub(
  db: Db,
  input: { login: string | null; email: string | null; now: Date },
  sessionHours: number,
): Promise<{ userId: string; sessionId: string } | null> {
  let user = input.login ? await findUserByGithubLogin(db, input.login) : undefined;
  if (!user && input.email) {
    user = await findUserByEmail(db, input.email);
    if (user && input.login && !user.githubLogin) await linkGithubLogin(db, user.id, input.login);
  }
  if (!user) return null;
  const orgs = await listUserOrganisations(db, user.id);
  const session = await createAuthSession(db, {
    userId: user.id,
    activeOrgId: orgs[0]?.id ?? null,
    expiresAt: new Date(input.now.getTime() + sessionHours * 3_600_000),
  });
  return { userId: user.id, sessionId: session.id };
}
