import { openDatabase, type Database } from "../../db/client";
import { DatabaseLockedError } from "../../db/lock";
import { migrateDatabase } from "../../db/migrate";
import { getOrganisationBySlug } from "../../db/queries/organisations";
import { getEnv } from "../env";
import { CliError } from "./errors";

/**
 * Opens the configured database for a command (PostgreSQL with DATABASE_URL, else the embedded one, which must not
 * be open in another process), runs `fn`, and closes it whatever happens.
 */
export async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const env = getEnv();
  let database: Database;
  try {
    database = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.pgliteDir });
  } catch (err) {
    if (err instanceof DatabaseLockedError) throw new CliError(err.message, 3);
    throw err;
  }
  try {
    await migrateDatabase(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function requireOrganisation(database: Pick<Database, "db">, slug: string) {
  const org = await getOrganisationBySlug(database.db, slug);
  if (!org) throw new CliError(`No organisation with slug "${slug}".`, 2);
  return org;
}
