import { getDatabase } from "../../db/instance";
import { getEnv } from "../env";
import { DEFAULT_DEMO_PASSWORD, DEMO_USERS, seedDemoOrganisation } from "./demo-org";

/**
 * Opens (and migrates) the database when the server starts, so the first request does not wait, and seeds the demo
 * organisation on a fresh embedded database. Fails fast with a clear message when the database cannot be opened.
 */
export async function startServerServices(): Promise<void> {
  const env = getEnv();
  let database;
  try {
    database = await getDatabase();
  } catch (err) {
    process.stderr.write(`\nRisk Ledger cannot open its database: ${(err as Error).message}\n\n`);
    process.exit(1);
  }
  const seedDemo = env.DEMO_SEED ? env.DEMO_SEED === "1" : env.embedded;
  if (!seedDemo) return;
  const password = env.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  const seeded = await seedDemoOrganisation(database.db, password);
  const url = env.APP_URL ?? `http://localhost:${env.PORT}`;
  const lines = [
    "",
    `Risk Ledger is running at ${url}${seeded ? " (demo organisation created)" : ""}`,
    env.embedded ? `Embedded database: ${env.pgliteDir}` : "Database: PostgreSQL (DATABASE_URL)",
    "Demo sign-ins (password: " + password + "):",
    ...DEMO_USERS.map((u) => `  ${u.role.padEnd(10)} ${u.email}`),
    "",
  ];
  process.stdout.write(lines.join("\n") + "\n");
}
