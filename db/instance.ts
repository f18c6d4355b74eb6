import { getEnv } from "../lib/env";
import { openDatabase, type Database, type Db } from "./client";
import { migrateDatabase } from "./migrate";

/**
 * The process-wide database, opened and migrated once (cached across hot reloads). The embedded database is
 * locked to this process; a second process gets a DatabaseLockedError naming the holder.
 */
const globalKey = Symbol.for("risk-ledger.database");
type Holder = { [globalKey]?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  if (!holder[globalKey]) {
    const env = getEnv();
    holder[globalKey] = (async () => {
      const database = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.pgliteDir });
      await migrateDatabase(database);
      return database;
    })();
    holder[globalKey].catch(() => {
      delete holder[globalKey];
    });
  }
  return holder[globalKey];
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[globalKey];
  delete holder[globalKey];
  if (pending) await (await pending).close();
}
