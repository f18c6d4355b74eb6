import type { Db } from "../../db/client";
import { listUserOrganisations } from "../../db/queries/organisations";
import { findLiveSession, setSessionOrg } from "../../db/queries/sessions";
import type { Role } from "../auth/roles";
import { ForbiddenError } from "./errors";

export interface OrgSummary {
  id: string;
  slug: string;
  name: string;
  roles: Role[];
}

/** Everything the server knows about who is asking: resolved from the database on every request. */
export interface SessionContext {
  sessionId: string;
  user: { id: string; name: string; email: string; githubLogin: string | null };
  /** The organisation the session is working in; null when the user belongs to none. */
  org: OrgSummary | null;
  roles: Role[];
  orgs: OrgSummary[];
}

export async function loadSessionContext(db: Db, sessionId: string, now: Date): Promise<SessionContext | null> {
  const live = await findLiveSession(db, sessionId, now);
  if (!live) return null;
  const orgs: OrgSummary[] = (await listUserOrganisations(db, live.user.id)).map((o) => ({ ...o, roles: o.roles }));
  // Membership is re-read every time: a removed member loses access at once, even with a live session.
  const org = orgs.find((o) => o.id === live.session.activeOrgId) ?? orgs[0] ?? null;
  return {
    sessionId,
    user: { id: live.user.id, name: live.user.name, email: live.user.email, githubLogin: live.user.githubLogin },
    org,
    roles: org?.roles ?? [],
    orgs,
  };
}

export async function switchOrganisation(db: Db, ctx: SessionContext, orgId: string): Promise<OrgSummary> {
  const target = ctx.orgs.find((o) => o.id === orgId);
  if (!target) throw new ForbiddenError("You are not a member of that organisation.");
  await setSessionOrg(db, ctx.sessionId, orgId);
  return target;
}
