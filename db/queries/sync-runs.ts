import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { syncRuns, type SyncError, type SyncRun } from "../schema";

export async function createSyncRun(
  db: DbOrTx,
  input: { orgId: string; trigger: string; requestedBy: string | null },
): Promise<SyncRun> {
  const [row] = await db.insert(syncRuns).values(input).returning();
  return row!;
}

export async function getSyncRun(db: DbOrTx, orgId: string, runId: string): Promise<SyncRun | undefined> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)))
    .limit(1);
  return row;
}

export async function listSyncRuns(db: DbOrTx, orgId: string, limit = 20): Promise<SyncRun[]> {
  return db.select().from(syncRuns).where(eq(syncRuns.orgId, orgId)).orderBy(desc(syncRuns.createdAt)).limit(limit);
}

/** Runs that were queued or running when their process stopped: resumed on the next start. */
export async function listUnfinishedSyncRuns(db: DbOrTx): Promise<SyncRun[]> {
  return db.select().from(syncRuns).where(inArray(syncRuns.status, ["queued", "running"]));
}

export async function findActiveSyncRun(db: DbOrTx, orgId: string): Promise<SyncRun | undefined> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, orgId), inArray(syncRuns.status, ["queued", "running"])))
    .orderBy(desc(syncRuns.createdAt))
    .limit(1);
  return row;
}

export async function updateSyncRun(
  db: DbOrTx,
  orgId: string,
  runId: string,
  values: Partial<Omit<typeof syncRuns.$inferInsert, "id" | "orgId">>,
): Promise<void> {
  await db
    .update(syncRuns)
    .set(values)
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)));
}

export async function appendSyncError(db: DbOrTx, orgId: string, runId: string, error: SyncError): Promise<void> {
  await db
    .update(syncRuns)
    .set({ errors: sql`${syncRuns.errors} || ${JSON.stringify([error])}::jsonb` })
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)));
}
