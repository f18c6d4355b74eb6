import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { memberships, organisations, type Organisation } from "../schema";

export async function createOrganisation(db: DbOrTx, input: { slug: string; name: string }): Promise<Organisation> {
  const [row] = await db.insert(organisations).values(input).returning();
  return row!;
}

export async function getOrganisation(db: DbOrTx, orgId: string): Promise<Organisation | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, orgId)).limit(1);
  return row;
}

export async function getOrganisationBySlug(db: DbOrTx, slug: string): Promise<Organisation | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug)).limit(1);
  return row;
}

/** The organisations a user belongs to, with their roles in each. */
export async function listUserOrganisations(db: DbOrTx, userId: string) {
  return db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, roles: memberships.roles })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.name));
}

export async function setWebhookSecrets(
  db: DbOrTx,
  orgId: string,
  secrets: { current: string | null; previous: string | null },
): Promise<void> {
  await db
    .update(organisations)
    .set({ webhookSecretSealed: secrets.current, previousWebhookSecretSealed: secrets.previous })
    .where(eq(organisations.id, orgId));
}
