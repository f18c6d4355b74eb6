import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeMember, makeOrg } from "../../test/factories";
import { testSecretBox } from "../../test/secret-box";
import { assessments, changes } from "../../db/schema";
import { listRepositories } from "../../db/queries/github";
import { FIXTURE_TOKEN, fixtureDataset } from "../github-simulator/fixtures";
import { startSimulator } from "../github-simulator/server";
import type { FaultKind } from "../github-simulator/faults";
import type { Db } from "../../db/client";
import { connectGitHub, selectRepositories } from "./github-connection";
import { requestSync, runSync } from "./sync";

const box = testSecretBox();
const fast = { timeUnitMs: 1, retries: 4 };
const dataset = fixtureDataset({ pullRequests: 45, bigFiles: { 7: 3100 } });
const expectedPrs = dataset.repos[0]!.pullRequests.filter((p) => p.state !== "closed");

async function snapshot(db: Db, orgId: string) {
  const rows = await db
    .select({ number: changes.number, state: changes.state, risk: changes.risk, band: changes.band, files: changes.fileCount, title: changes.title, truncated: changes.truncatedReason })
    .from(changes)
    .where(eq(changes.orgId, orgId))
    .orderBy(changes.number);
  const [a] = await db.select({ n: count() }).from(assessments).where(eq(assessments.orgId, orgId));
  return { rows, assessments: a!.n };
}

describeEachDriver("sync through the GitHub simulator", (ctx) => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  beforeAll(async () => {
    sim = await startSimulator({ dataset });
  });
  afterAll(async () => sim?.stop());

  async function connectedOrg() {
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, ["admin"]);
    const actor = { orgId: org.id, userId: admin.id };
    await connectGitHub(ctx.db, box, actor, { token: FIXTURE_TOKEN, apiUrl: sim.url }, new Date(), fast);
    await selectRepositories(ctx.db, actor, ["acme/payments"]);
    return { org, admin };
  }

  async function syncOnce(orgId: string) {
    const { run } = await requestSync(ctx.db, { orgId, trigger: "test", requestedBy: null });
    return runSync(ctx.db, orgId, run.id, { box, clientOptions: fast, pageSize: { initial: 10, max: 10 }, batchSize: 5 });
  }

  let reference: Awaited<ReturnType<typeof snapshot>>;

  it("stores every merged and open pull request, scored, with a 3,100-file change truncated", async () => {
    const { org } = await connectedOrg();
    const run = await syncOnce(org.id);
    expect(run.errors).toEqual([]);
    expect(run.status).toBe("succeeded");
    reference = await snapshot(ctx.db, org.id);
    expect(reference.rows.map((r) => r.number)).toEqual(expectedPrs.map((p) => p.number).sort((a, b) => a - b));
    expect(reference.rows.every((r) => r.risk !== null && r.band !== null)).toBe(true);
    const big = reference.rows.find((r) => r.number === 7)!;
    expect(big.truncated).toMatch(/3,?000/);
    expect(big.files).toBe(3100);
    const [repo] = await listRepositories(ctx.db, org.id);
    expect(repo!.codeowners).toContain("@acme/platform");
    expect(repo!.protection?.requiredApprovals).toBe(1);

    const second = await syncOnce(org.id);
    expect(second.status).toBe("succeeded");
    expect(second.prsScored).toBe(0);
    expect(await snapshot(ctx.db, org.id)).toEqual(reference);
  });

  const faults: FaultKind[] = ["status500", "status502", "secondary", "status429", "primary", "slow", "reset", "truncated"];
  it.each(faults)("survives %s mid-sync with nothing lost or duplicated", async (kind) => {
    const { org } = await connectedOrg();
    sim.faults.inject({ kind, path: "/graphql", after: 1, times: 2, retryAfterSeconds: 1, delayMs: 10 });
    sim.faults.inject({ kind, path: /\/pulls\/7\/files$/, after: 1, times: 1, retryAfterSeconds: 1, delayMs: 10 });
    const served = sim.faults.served.length;
    const run = await syncOnce(org.id);
    expect(sim.faults.served.length).toBeGreaterThan(served);
    expect(run.status).toBe("succeeded");
    expect(await snapshot(ctx.db, org.id)).toEqual(reference);
    sim.faults.clear();
  });

  it("resumes after a sync that died halfway and ends identical to an uninterrupted one", async () => {
    const { org } = await connectedOrg();
    // Every GraphQL request after the second page fails for good: the run stops partway.
    sim.faults.inject({ kind: "status500", path: "/graphql", after: 2, times: 10_000 });
    const broken = await syncOnce(org.id);
    sim.faults.clear();
    expect(broken.errors.length).toBeGreaterThan(0);
    const partial = await snapshot(ctx.db, org.id);
    expect(partial.rows.length).toBeGreaterThan(0);
    expect(partial.rows.length).toBeLessThan(reference.rows.length);

    const resumed = await syncOnce(org.id);
    expect(resumed.status).toBe("succeeded");
    const after = await snapshot(ctx.db, org.id);
    expect(after.rows).toEqual(reference.rows);
  });

  it("refuses a bad token with a clear message that does not contain it", async () => {
    const org = await makeOrg(ctx.db);
    const bad = "ghp_thisTokenIsNotKnownToTheSimulator0000";
    const err = await connectGitHub(ctx.db, box, { orgId: org.id, userId: null }, { token: bad, apiUrl: sim.url }, new Date(), fast).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/rejected this token/);
    expect(JSON.stringify(err) + String(err?.stack)).not.toContain(bad);
    expect(await listRepositories(ctx.db, org.id)).toEqual([]);
  });
});
