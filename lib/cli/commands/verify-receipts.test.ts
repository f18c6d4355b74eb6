import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../../db/client";
import { FIXTURE_TOKEN, fixtureDataset } from "../../github-simulator/fixtures";
import { startSimulator } from "../../github-simulator/server";
import { runCli as cli } from "../../../test/cli";

let sim: Awaited<ReturnType<typeof startSimulator>>;

beforeAll(async () => {
  sim = await startSimulator({ dataset: fixtureDataset({ pullRequests: 20 }) });
});
afterAll(async () => sim?.stop());

it("exits 0 on an intact chain and non-zero naming the first bad link once a receipt is edited", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "rl-cli-verify-"));
  const env = { DATA_DIR: dataDir, GITHUB_TOKEN: FIXTURE_TOKEN, GITHUB_API_URL: sim.url };
  const synced = await cli(["sync", "--repo", "acme/payments", "--org", "acme"], env);
  expect(synced.code, synced.stderr).toBe(0);

  const intact = await cli(["verify-receipts", "--org", "acme"], env);
  expect(intact.code, intact.stderr).toBe(0);
  expect(intact.stdout).toMatch(/chain of acme intact: \d+ receipts, head #\d+ [0-9a-f]{64}/);
  const count = Number(/intact: (\d+) receipts/.exec(intact.stdout)![1]);
  expect(count).toBeGreaterThan(3);

  // Sync issued every receipt as it stored the merges: the backfill finds nothing missing.
  const backfill = await cli(["backfill-receipts", "--org", "acme"], env);
  expect(backfill.code, backfill.stderr).toBe(0);
  expect(backfill.stdout).toContain(`backfilled acme: 0 receipts issued; chain head #${count}`);
  expect((await cli(["backfill-receipts", "--org", "nope"], env)).code).toBe(2);

  const database = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
  await database.db.execute(sql`alter table receipts disable trigger receipts_append_only`);
  await database.db.execute(sql`update receipts set canonical = replace(canonical, '"risk":', '"risk":9') where sequence = 3`);
  await database.db.execute(sql`alter table receipts enable trigger receipts_append_only`);
  await database.close();

  const broken = await cli(["verify-receipts", "--org", "acme", "--all-signatures"], env);
  expect(broken.code).toBe(1);
  expect(broken.stderr).toMatch(/BROKEN at receipt #3 \(id \d+\): hash-mismatch/);
  expect((await cli(["verify-receipts", "--org", "nope"], env)).code).toBe(2);
}, 240_000);
