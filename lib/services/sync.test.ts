import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeMember, makeOrg } from "../../test/factories";
import { testSecretBox } from "../../test/secret-box";
import { assessments, changes, receipts } from "../../db/schema";
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

  it("stores the newer copy of a pull request updated while the sync runs, even in the very next batch", async () => {
    // Ten pull requests in two pages of five; one store batch takes both pages, so the updated one comes back in the
    // batch right after (the sync scores a batch while the previous one commits, and must not score it too early).
    const moving = fixtureDataset({ pullRequests: 10 });
    const prs = moving.repos[0]!.pullRequests;
    prs.forEach((p) => (p.state === "closed" ? (p.state = "open") : null));
    const own = await startSimulator({ dataset: moving });
    try {
      const org = await makeOrg(ctx.db);
      const actor = { orgId: org.id, userId: null };
      await connectGitHub(ctx.db, box, actor, { token: FIXTURE_TOKEN, apiUrl: own.url }, new Date(), fast);
      await selectRepositories(ctx.db, actor, ["acme/payments"]);
      const byUpdate = [...prs].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id);
      // A merged one from the first page (titles are edited after merges too): its receipt must not be issued twice.
      const updated = byUpdate.slice(0, 5).find((p) => p.state === "merged")!;

      own.faults.inject({ kind: "slow", path: "/graphql", after: 1, times: 1, delayMs: 400 });
      const { run } = await requestSync(ctx.db, { orgId: org.id, trigger: "test", requestedBy: null });
      const done = runSync(ctx.db, org.id, run.id, { box, clientOptions: fast, pageSize: { initial: 5, max: 5 }, batchSize: 10 });
      // The second page is being served slowly: the first is already fetched, so the change lands after it.
      while (own.faults.served.length === 0) await new Promise((r) => setTimeout(r, 5));
      updated.title = `${updated.title} (edited during the sync)`;
      updated.updatedAt = new Date(Date.parse(byUpdate[byUpdate.length - 1]!.updatedAt) + 60_000).toISOString();
      const result = await done;
      expect(result.status).toBe("succeeded");
      expect(result.prsFetched).toBe(prs.length + 1);

      const stored = await snapshot(ctx.db, org.id);
      expect(stored.rows.find((r) => r.number === updated.number)!.title).toBe(updated.title);
      const [change] = await ctx.db.select({ id: changes.id }).from(changes).where(and(eq(changes.orgId, org.id), eq(changes.number, updated.number)));
      const kinds = await ctx.db.select({ kind: receipts.kind }).from(receipts).where(eq(receipts.changeId, change!.id));
      expect(kinds.filter((k) => k.kind === "merge")).toHaveLength(1);
      // The same as a sync that only ever saw the final data.
      const fresh = await makeOrg(ctx.db);
      await connectGitHub(ctx.db, box, { orgId: fresh.id, userId: null }, { token: FIXTURE_TOKEN, apiUrl: own.url }, new Date(), fast);
      await selectRepositories(ctx.db, { orgId: fresh.id, userId: null }, ["acme/payments"]);
      const again = await requestSync(ctx.db, { orgId: fresh.id, trigger: "test", requestedBy: null });
      await runSync(ctx.db, fresh.id, again.run.id, { box, clientOptions: fast, pageSize: { initial: 5, max: 5 }, batchSize: 10 });
      expect(stored.rows).toEqual((await snapshot(ctx.db, fresh.id)).rows);
    } finally {
      await own.stop();
    }
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
