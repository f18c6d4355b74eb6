import type { Db } from "../../db/client";
import { createOrganisation } from "../../db/queries/organisations";
import { addMembership } from "../../db/queries/memberships";
import { countUsers, createUser } from "../../db/queries/users";
import { recordAuditEvent } from "../../db/queries/audit";
import { hashPassword } from "../auth/password";
import type { Role } from "../auth/roles";
import { DEMO_GITHUB_ORG } from "../demo";

/** The demo tenant; it tracks the simulated GitHub organisation of lib/demo. */
export const DEMO_TENANT = { slug: "demo", name: `${DEMO_GITHUB_ORG.name} (demo)` } as const;
export const DEFAULT_DEMO_PASSWORD = "demo-ledger-2026";

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  githubLogin: string;
}

/** One sign-in per role; the GitHub logins match people in the demo dataset. */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: "admin@demo.riskledger.test", name: "Ada Admin", role: "admin", githubLogin: "demo-admin" },
  { email: "engineer@demo.riskledger.test", name: "Eli Engineer", role: "engineer", githubLogin: "demo-engineer" },
  { email: "executive@demo.riskledger.test", name: "Erin Executive", role: "executive", githubLogin: "demo-executive" },
  { email: "counsel@demo.riskledger.test", name: "Cora Counsel", role: "counsel", githubLogin: "demo-counsel" },
];

/**
 * Creates the demo organisation with one user per role, only on a database with no users at all, so a real
 * installation is never given known passwords. Returns the organisation id when it seeded.
 */
export async function seedDemoOrganisation(db: Db, password: string): Promise<{ orgId: string } | null> {
  if ((await countUsers(db)) > 0) return null;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const org = await createOrganisation(tx, DEMO_TENANT);
    for (const u of DEMO_USERS) {
      const user = await createUser(tx, { email: u.email, name: u.name, passwordHash, githubLogin: u.githubLogin });
      await addMembership(tx, org.id, user.id, [u.role]);
    }
    await recordAuditEvent(tx, { orgId: org.id, actorUserId: null, action: "org.seed-demo", target: org.slug });
    return { orgId: org.id };
  });
}
