import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import { addMembership } from "../db/queries/memberships";
import { createOrganisation } from "../db/queries/organisations";
import { createUser } from "../db/queries/users";
import type { Role } from "../lib/auth/roles";

/** Unique ids per call so tests never collide, whatever runs beside them. */
export function uniqueId(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export async function makeOrg(db: Db, name = "Org") {
  const slug = uniqueId("org");
  return createOrganisation(db, { slug, name: `${name} ${slug}` });
}

export async function makeUser(db: Db, opts: { passwordHash?: string | null; name?: string } = {}) {
  const id = uniqueId("user");
  return createUser(db, { email: `${id}@example.test`, name: opts.name ?? id, passwordHash: opts.passwordHash ?? null });
}

export async function makeMember(db: Db, orgId: string, roles: Role[], opts: { passwordHash?: string | null } = {}) {
  const user = await makeUser(db, opts);
  await addMembership(db, orgId, user.id, roles);
  return user;
}
