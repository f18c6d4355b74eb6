import { getDatabase } from "../../db/instance";
import { getOrganisationBySlug } from "../../db/queries/organisations";
import { listUnfinishedSyncRuns } from "../../db/queries/sync-runs";
import { getEnv } from "../env";
import { getJobQueue } from "../jobs";
import { backfillAllReceipts } from "./backfill-receipts";
import { DEFAULT_DEMO_PASSWORD, DEMO_TENANT, DEMO_USERS, seedDemoOrganisation } from "./demo-org";
import { startDemoGitHub } from "./demo-data";
import { demoPolicyYaml } from "./demo-policy";
import { savePolicyVersion } from "./policies";
import { getSecretBox } from "./secrets";

/**
 * Opens (and migrates) the database when the server starts, so the first request does not wait; seeds the demo
 * organisation on a fresh embedded database and serves its GitHub from the simulator; resumes syncs that a stop
 * interrupted. Fails fast with a clear message when the database cannot be opened.
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
  const db = database.db;
  const queue = await getJobQueue(database, { work: env.WORKERS === "1" });

  const seedDemo = env.DEMO_SEED ? env.DEMO_SEED === "1" : env.embedded;
  const password = env.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  const seeded = seedDemo ? await seedDemoOrganisation(db, password) : null;
  const demoOrg = seedDemo ? await getOrganisationBySlug(db, DEMO_TENANT.slug) : undefined;
  if (seeded) {
    // The demo's rich policy is version 1, in force before its first sync scores anything.
    await savePolicyVersion(db, { orgId: seeded.orgId, userId: null }, { yaml: demoPolicyYaml(), note: "Demo policy" });
  }
  let demoNote = "";
  if (demoOrg) {
    const github = await startDemoGitHub(db, getSecretBox(), demoOrg.id);
    demoNote = `Demo GitHub (simulator): ${github.url}`;
  }
  for (const run of await listUnfinishedSyncRuns(db)) {
    await queue.send("sync", { orgId: run.orgId, runId: run.id }, { singletonKey: `sync:${run.orgId}` });
  }
  // Merges stored before receipts existed get their original receipts, in the background (idempotent).
  const receiptsLog = (line: string) => process.stdout.write(`[receipts] ${line}\n`);
  void backfillAllReceipts(db, { box: getSecretBox(), log: receiptsLog }).catch((err: unknown) =>
    receiptsLog(`backfill failed: ${err instanceof Error ? err.message : String(err)}`),
  );

  const url = env.APP_URL ?? `http://localhost:${env.PORT}`;
  const lines = [
    "",
    `Risk Ledger is running at ${url}${seeded ? " (demo organisation created; its data is syncing in the background)" : ""}`,
    env.embedded ? `Embedded database: ${env.pgliteDir}` : "Database: PostgreSQL (DATABASE_URL)",
  ];
  if (demoNote) lines.push(demoNote);
  if (seedDemo) {
    lines.push(`Demo sign-ins (password: ${password}):`, ...DEMO_USERS.map((u) => `  ${u.role.padEnd(10)} ${u.email}`));
  }
  process.stdout.write(lines.join("\n") + "\n\n");
}
