import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { BranchProtection } from "../../lib/scoring/types";
import type { DbOrTx } from "../client";
import { githubConnections, organisations, repositories, webhookDeliveries, type GithubConnection, type Repository } from "../schema";

export async function getGithubConnection(db: DbOrTx, orgId: string): Promise<GithubConnection | undefined> {
  const [row] = await db.select().from(githubConnections).where(eq(githubConnections.orgId, orgId)).limit(1);
  return row;
}

export async function upsertGithubConnection(db: DbOrTx, values: typeof githubConnections.$inferInsert): Promise<void> {
  await db
    .insert(githubConnections)
    .values(values)
    .onConflictDoUpdate({
      target: githubConnections.orgId,
      set: {
        apiUrl: values.apiUrl,
        tokenSealed: values.tokenSealed,
        login: values.login,
        scopes: values.scopes,
        connectedBy: values.connectedBy,
        checkedAt: values.checkedAt,
      },
    });
}

export async function deleteGithubConnection(db: DbOrTx, orgId: string): Promise<void> {
  await db.delete(githubConnections).where(eq(githubConnections.orgId, orgId));
}

export async function setGithubApiUrl(db: DbOrTx, orgId: string, apiUrl: string): Promise<void> {
  await db.update(githubConnections).set({ apiUrl }).where(eq(githubConnections.orgId, orgId));
}

export async function listRepositories(db: DbOrTx, orgId: string): Promise<Repository[]> {
  return db.select().from(repositories).where(eq(repositories.orgId, orgId)).orderBy(asc(repositories.fullName));
}

export async function listSelectedRepositories(db: DbOrTx, orgId: string): Promise<Repository[]> {
  return db
    .select()
    .from(repositories)
    .where(and(eq(repositories.orgId, orgId), eq(repositories.selected, true)))
    .orderBy(asc(repositories.fullName));
}

export async function getRepositoryByName(db: DbOrTx, orgId: string, fullName: string): Promise<Repository | undefined> {
  const [row] = await db
    .select()
    .from(repositories)
    .where(and(eq(repositories.orgId, orgId), eq(repositories.fullName, fullName)))
    .limit(1);
  return row;
}

/** Records repositories the token reaches; existing rows keep their selection and sync position. */
export async function upsertRepositories(
  db: DbOrTx,
  orgId: string,
  repos: Array<{ fullName: string; defaultBranch: string }>,
): Promise<void> {
  if (!repos.length) return;
  await db
    .insert(repositories)
    .values(repos.map((r) => ({ orgId, fullName: r.fullName, defaultBranch: r.defaultBranch })))
    .onConflictDoUpdate({
      target: [repositories.orgId, repositories.fullName],
      set: { defaultBranch: repositories.defaultBranch },
    });
}

export async function setSelectedRepositories(db: DbOrTx, orgId: string, fullNames: string[]): Promise<number> {
  await db.update(repositories).set({ selected: false }).where(eq(repositories.orgId, orgId));
  if (!fullNames.length) return 0;
  const rows = await db
    .update(repositories)
    .set({ selected: true })
    .where(and(eq(repositories.orgId, orgId), inArray(repositories.fullName, fullNames)))
    .returning({ id: repositories.id });
  return rows.length;
}

export async function setRepositorySettings(
  db: DbOrTx,
  orgId: string,
  repositoryId: string,
  settings: { defaultBranch: string; codeowners: string | null; codeownersPath: string | null; protection: BranchProtection | null },
): Promise<void> {
  await db
    .update(repositories)
    .set(settings)
    .where(and(eq(repositories.orgId, orgId), eq(repositories.id, repositoryId)));
}

export async function setRepositoryCursor(
  db: DbOrTx,
  orgId: string,
  repositoryId: string,
  cursor: string | null,
): Promise<void> {
  await db
    .update(repositories)
    .set({ syncCursor: cursor })
    .where(and(eq(repositories.orgId, orgId), eq(repositories.id, repositoryId)));
}

export async function markRepositorySynced(db: DbOrTx, orgId: string, repositoryId: string, at: Date): Promise<void> {
  await db
    .update(repositories)
    .set({ lastSyncedAt: at })
    .where(and(eq(repositories.orgId, orgId), eq(repositories.id, repositoryId)));
}

/**
 * Organisations that track a repository, with their sealed webhook secrets: how an incoming webhook finds whose
 * secret to verify it with. Deliberately not scoped to one organisation; nothing here is returned to a caller.
 */
export async function findWebhookTargets(db: DbOrTx, fullName: string) {
  return db
    .select({
      id: organisations.id,
      webhookSecretSealed: organisations.webhookSecretSealed,
      previousWebhookSecretSealed: organisations.previousWebhookSecretSealed,
    })
    .from(repositories)
    .innerJoin(organisations, eq(organisations.id, repositories.orgId))
    .where(and(eq(repositories.fullName, fullName), isNotNull(organisations.webhookSecretSealed)));
}

/** Records a delivery once; false when this delivery id was already received (a replay). */
export async function recordWebhookDelivery(
  db: DbOrTx,
  input: { deliveryId: string; orgId: string; event: string },
): Promise<boolean> {
  const rows = await db
    .insert(webhookDeliveries)
    .values(input)
    .onConflictDoNothing({ target: webhookDeliveries.deliveryId })
    .returning({ id: webhookDeliveries.deliveryId });
  return rows.length > 0;
}

export async function markWebhookDelivery(db: DbOrTx, deliveryId: string, result: { error: string | null; at: Date }): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ processedAt: result.at, error: result.error })
    .where(eq(webhookDeliveries.deliveryId, deliveryId));
}
