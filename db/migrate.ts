import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./client";

export const MIGRATIONS_DIR = path.resolve(/*turbopackIgnore: true*/ process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), "db", "migrations"));

/** Applies the committed drizzle-kit migrations with the migrator of the active driver. */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  // The two migrators differ only in their driver type; the database object is the same Drizzle instance.
  if (database.driver === "pglite") await migratePglite(database.db as never, config);
  else await migratePostgres(database.db as never, config);
}
