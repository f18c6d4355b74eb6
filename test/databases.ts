import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { openDatabase, type Database, type Db } from "../db/client";
import { migrateDatabase } from "../db/migrate";

export type Driver = "pglite" | "postgres";

export function availableDrivers(): Driver[] {
  return inject("postgresAdminUrl") ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDatabase extends Database {
  /** For postgres: the URL of this run's own database (other processes can connect to it). */
  url: string | null;
  dispose(): Promise<void>;
}

/** A fresh, migrated database of its own: a new PostgreSQL database per call, or an in-memory PGlite. */
export async function createTestDatabase(driver: Driver): Promise<TestDatabase> {
  if (driver === "pglite") {
    const database = await openDatabase({ pgliteDir: "memory://" });
    await migrateDatabase(database);
    return { ...database, url: null, dispose: () => database.close() };
  }
  const adminUrl = inject("postgresAdminUrl");
  if (!adminUrl) throw new Error("PostgreSQL is not available for this run");
  const name = `${inject("testRunId")}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), max: 5 });
  await migrateDatabase(database);
  return {
    ...database,
    url: url.toString(),
    dispose: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 2 });
    },
  };
}

/**
 * Runs the same suite on every available driver, each on a fresh database of its own.
 * `ctx.db` is valid inside tests (after beforeAll).
 */
export function describeEachDriver(title: string, body: (ctx: { db: Db; database: TestDatabase; driver: Driver }) => void) {
  for (const driver of availableDrivers()) {
    describe(`${title} [${driver}]`, () => {
      const ctx = { driver } as { db: Db; database: TestDatabase; driver: Driver };
      beforeAll(async () => {
        ctx.database = await createTestDatabase(driver);
        ctx.db = ctx.database.db;
      });
      afterAll(async () => {
        await ctx.database?.dispose();
      });
      body(ctx);
    });
  }
}
