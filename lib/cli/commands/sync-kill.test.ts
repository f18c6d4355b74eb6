import { spawn } from "node:child_process";
import path from "node:path";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableDrivers, createTestDatabase, type TestDatabase } from "../../../test/databases";
import { changes, organisations, syncRuns } from "../../../db/schema";
import { FIXTURE_TOKEN, fixtureDataset } from "../../github-simulator/fixtures";
import { startSimulator } from "../../github-simulator/server";

const root = path.resolve(import.meta.dirname, "../../..");
// Several store batches (100 changes each), so a kill can land between two of them.
const dataset = fixtureDataset({ pullRequests: 320 });
const expected = dataset.repos[0]!.pullRequests.filter((p) => p.state !== "closed").length;

/** A sync process killed with SIGKILL halfway resumes on the next run and ends identical to an uninterrupted one. */
describe.runIf(availableDrivers().includes("postgres"))("sync killed halfway [postgres]", () => {
  let database: TestDatabase;
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    sim = await startSimulator({ dataset });
  });
  afterAll(async () => {
    await sim?.stop();
    await database?.dispose();
  });

  const run = (org: string) =>
    spawn(path.join(root, "node_modules/.bin/tsx"), ["lib/cli/main.ts", "sync", "--repo", "acme/payments", "--org", org], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url!, GITHUB_TOKEN: FIXTURE_TOKEN, GITHUB_API_URL: sim.url, ENCRYPTION_KEYS: "t:" + Buffer.alloc(32, 7).toString("base64") },
      stdio: "ignore",
    });
  const finished = (child: ReturnType<typeof run>) => new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const orgId = async (slug: string) => (await database.db.select().from(organisations).where(eq(organisations.slug, slug)))[0]?.id;
  const snapshot = async (slug: string) =>
    database.db
      .select({ number: changes.number, risk: changes.risk, band: changes.band, title: changes.title, files: changes.fileCount })
      .from(changes)
      .where(eq(changes.orgId, (await orgId(slug))!))
      .orderBy(asc(changes.number));

  it("resumes from its stored cursor", async () => {
    expect(await finished(run("reference"))).toBe(0);
    const reference = await snapshot("reference");
    expect(reference).toHaveLength(expected);

    // Slow GitHub down so the kill lands in the middle.
    sim.faults.inject({ kind: "slow", path: "/graphql", times: 1000, delayMs: 150 });
    const victim = run("victim");
    const exited = finished(victim);
    for (;;) {
      const id = await orgId("victim");
      const [row] = id ? await database.db.select({ n: count() }).from(changes).where(eq(changes.orgId, id)) : [{ n: 0 }];
      if (row!.n >= 10) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    victim.kill("SIGKILL");
    await exited;
    sim.faults.clear();
    const partial = await snapshot("victim");
    expect(partial.length).toBeGreaterThanOrEqual(10);
    expect(partial.length).toBeLessThan(expected);
    const [left] = await database.db
      .select({ n: count() })
      .from(syncRuns)
      .where(and(eq(syncRuns.orgId, (await orgId("victim"))!), sql`${syncRuns.status} = 'running'`));
    expect(left!.n).toBe(1);

    expect(await finished(run("victim"))).toBe(0);
    expect(await snapshot("victim")).toEqual(reference);
  }, 300_000);
});
