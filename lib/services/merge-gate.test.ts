import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { changes, gateStatuses } from "../../db/schema";
import { listRepositories } from "../../db/queries/github";
import { setRepositoryGate } from "../../db/queries/gate";
import { linkGithubLogin } from "../../db/queries/users";
import { describeEachDriver } from "../../test/databases";
import { makeMember, makeOrg } from "../../test/factories";
import { testSecretBox } from "../../test/secret-box";
import { createJobHandlers } from "../jobs/handlers";
import { createInProcessQueue } from "../jobs/in-process-queue";
import { FIXTURE_TOKEN, fixtureDataset } from "../github-simulator/fixtures";
import { startSimulator, type Simulator } from "../github-simulator/server";
import type { SimDataset } from "../github-simulator/dataset";
import { attestChange } from "./attest";
import { connectGitHub, selectRepositories } from "./github-connection";
import { desiredGateStatus, evaluateMergeGate, fitDescription, GATE_CONTEXT } from "./merge-gate";
import { savePolicyVersion } from "./policies";
import { requestSync, runSync } from "./sync";

const box = testSecretBox();
const APP = "https://ledger.example.test";
const fast = { timeUnitMs: 1, retries: 0 };
const gateDeps = { appUrl: APP, minIntervalMs: 0 };

/** Twenty pull requests; #10 (open) is made critical, #20 (open) scores elevated under the default policy. */
function gateDataset(): SimDataset {
  const dataset = fixtureDataset({ pullRequests: 20 });
  const pr = dataset.repos[0]!.pullRequests[9]!;
  pr.files = [
    "services/s0/src/auth/session.ts", ".env.production", "db/migrations/0042_drop.sql", "infra/main.tf",
    ...Array.from({ length: 30 }, (_, k) => `services/s${k % 5}/src/m${k}.ts`),
  ].map((path) => ({ path, status: "modified" as const, additions: 150, deletions: 40 }));
  pr.reviews = [];
  pr.labels = ["ai-generated"];
  pr.checks = [{ name: "ci/test", kind: "check_run", conclusion: "failure" }];
  return dataset;
}

const policyWithGate = (band: string) => `version: 1\nname: gate ${band}\ncontrols:\n  approvals:\n    default: 1\n  gate:\n    band: ${band}\n`;

describe("gate status text", () => {
  const subject = { changeId: 7, risk: 82.4, band: "critical" as const, topReason: "x".repeat(300), attestedBy: null };
  it("fails at or above the gate band without an attestation, and fits GitHub's 140 characters", () => {
    const s = desiredGateStatus(subject, "high", `${APP}/`);
    expect(s).toMatchObject({ state: "failure", targetUrl: `${APP}/ledger/7` });
    expect(s.description.length).toBeLessThanOrEqual(140);
    expect(s.description).toMatch(/^Risk 82 critical, needs an attestation: x+…$/);
  });
  it("passes below the gate band, and after an attestation", () => {
    expect(desiredGateStatus({ ...subject, band: "elevated", topReason: null }, "high", APP)).toMatchObject({ state: "success", description: "Risk 82 elevated, below the high gate" });
    expect(desiredGateStatus({ ...subject, attestedBy: "@lead" }, "critical", APP).state).toBe("success");
    expect(desiredGateStatus({ ...subject, band: "high" }, "critical", APP).state).toBe("success");
  });
  it("cuts long text at a word boundary", () => {
    const text = `Risk 90 critical: ${"word ".repeat(60)}`;
    const cut = fitDescription(text);
    expect(cut.length).toBeLessThanOrEqual(140);
    expect(cut).toMatch(/word…$/);
  });
});

describeEachDriver("merge gate through the GitHub simulator", (ctx) => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  async function setup(options: { gate: boolean }) {
    const dataset = gateDataset();
    sim = await startSimulator({ dataset });
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, ["admin"]);
    const actor = { orgId: org.id, userId: admin.id };
    await connectGitHub(ctx.db, box, actor, { token: FIXTURE_TOKEN, apiUrl: sim.url }, new Date(), fast);
    await selectRepositories(ctx.db, actor, ["acme/payments"]);
    const [repo] = await listRepositories(ctx.db, org.id);
    if (options.gate) await setRepositoryGate(ctx.db, org.id, repo!.id, true);
    const sync = async () => {
      const { run } = await requestSync(ctx.db, { orgId: org.id, trigger: "test", requestedBy: null });
      return runSync(ctx.db, org.id, run.id, { box, clientOptions: fast, gate: gateDeps, batchSize: 8 });
    };
    const changeOf = async (number: number) => {
      const [row] = await ctx.db.select().from(changes).where(and(eq(changes.orgId, org.id), eq(changes.number, number)));
      return row!;
    };
    const posted = (sha?: string) => sim!.postedStatuses.filter((s) => s.context === GATE_CONTEXT && (!sha || s.sha === sha));
    return { dataset, org, admin, actor, repo: repo!, sync, changeOf, posted, sim: sim! };
  }

  /** No sha ever received the same state and description twice in a row. */
  function expectNoRepeats(all: Simulator["postedStatuses"]) {
    const last = new Map<string, string>();
    for (const s of all) {
      const key = `${s.state}|${s.description}`;
      expect(last.get(s.sha), `repeated status on ${s.sha}: ${key}`).not.toBe(key);
      last.set(s.sha, key);
    }
  }

  it("follows a pull request through its life: opened, new commit, attestation, policy changes", async () => {
    const t = await setup({ gate: true });
    const pr10 = t.dataset.repos[0]!.pullRequests[9]!;
    const pr20 = t.dataset.repos[0]!.pullRequests[19]!;

    // Opened, critical: failure with risk, band, reason and the change page; the elevated one passes.
    const run = await t.sync();
    expect(run.status).toBe("succeeded");
    expect(run.errors).toEqual([]);
    const c10 = await t.changeOf(10);
    expect(c10.band).toBe("critical");
    expect(t.posted(pr10.headSha)).toEqual([
      expect.objectContaining({ repo: "acme/payments", state: "failure", targetUrl: `${APP}/ledger/${c10.id}`, description: expect.stringMatching(/^Risk 82 critical, needs an attestation: /) }),
    ]);
    expect(t.posted(pr10.headSha)[0]!.description!.length).toBeLessThanOrEqual(140);
    expect(t.posted(pr20.headSha)).toEqual([expect.objectContaining({ state: "success", description: expect.stringMatching(/^Risk \d+ elevated, below the high gate/) })]);
    // Only open pull requests get a status.
    expect(new Set(t.posted().map((s) => s.sha))).toEqual(new Set([pr10.headSha, pr20.headSha]));

    // The same data again: nothing new to say.
    await t.sync();
    expect(t.posted()).toHaveLength(2);

    // A new commit: a status for the new head, none again for the old one.
    const newSha = "ab".repeat(20);
    pr10.commits.push({ ...pr10.commits[pr10.commits.length - 1]!, sha: newSha, message: "Address review comments" });
    pr10.headSha = newSha;
    pr10.updatedAt = "2026-03-01T10:00:00Z";
    await t.sync();
    expect(t.posted(newSha)).toEqual([expect.objectContaining({ state: "failure" })]);
    expect(t.posted()).toHaveLength(3);

    // A code owner attests the current score: the gate job it queues turns the status green.
    const lead = await makeMember(ctx.db, t.org.id, ["engineer"]);
    await linkGithubLogin(ctx.db, lead.id, "lead");
    const current = await t.changeOf(10);
    const queue = createInProcessQueue({ baseDelayMs: 1 });
    await queue.work(createJobHandlers({ db: ctx.db, box, gate: { ...gateDeps, clientOptions: fast } }));
    await attestChange(
      ctx.db,
      box,
      { id: lead.id, name: lead.name, githubLogin: "lead" },
      { orgId: t.org.id, changeId: current.id, assessmentId: current.currentAssessmentId!, rationale: "Reviewed the migration and the session change; rollback tested." },
      { enqueue: (name, data, singletonKey) => queue.send(name, data, { singletonKey }) },
    );
    await queue.idle();
    await queue.stop();
    expect(t.posted(newSha).map((s) => s.state)).toEqual(["failure", "success"]);
    expect(t.posted(newSha)[1]!.description).toMatch(/accepted by @lead/);
    expect(await evaluateMergeGate(ctx.db, t.org.id, {}, { box, clientOptions: fast, ...gateDeps })).toMatchObject({ considered: 2, posted: 0, unchanged: 2, failed: 0 });

    // The policy lowers the gate to elevated: #20 now fails; #10 stays accepted (a rescore is not new code).
    const handlers = createJobHandlers({ db: ctx.db, box, gate: { ...gateDeps, clientOptions: fast } });
    await savePolicyVersion(ctx.db, t.actor, { yaml: policyWithGate("elevated") });
    await handlers.rescore({ orgId: t.org.id, trigger: "policy" });
    expect(t.posted(pr20.headSha).map((s) => s.state)).toEqual(["success", "failure"]);
    expect(t.posted(newSha)).toHaveLength(2);

    // Raised to critical: #20 passes again, with the new threshold in its description.
    await savePolicyVersion(ctx.db, t.actor, { yaml: policyWithGate("critical") });
    await handlers.rescore({ orgId: t.org.id, trigger: "policy" });
    expect(t.posted(pr20.headSha).map((s) => s.state)).toEqual(["success", "failure", "success"]);
    expect(t.posted(pr20.headSha)[2]!.description).toMatch(/below the critical gate/);
    expect(t.posted(newSha)).toHaveLength(2);

    expectNoRepeats(t.posted());
    const rows = await ctx.db.select().from(gateStatuses).where(eq(gateStatuses.orgId, t.org.id));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.lastError === null && r.postedAt !== null && r.claimedAt === null)).toBe(true);
  });

  it("posts nothing when the repository's gate is off", async () => {
    const t = await setup({ gate: false });
    const run = await t.sync();
    expect(run.status).toBe("succeeded");
    expect(await evaluateMergeGate(ctx.db, t.org.id, {}, { box, clientOptions: fast, ...gateDeps })).toEqual({ considered: 0, posted: 0, unchanged: 0, failed: 0 });
    expect(t.sim.requests.filter((r) => r.method === "POST" && r.path.includes("/statuses/"))).toEqual([]);
    expect(await ctx.db.select().from(gateStatuses).where(eq(gateStatuses.orgId, t.org.id))).toEqual([]);
  });

  it("records a GitHub 500 on the post without breaking the sync, and posts on the next evaluation", async () => {
    const t = await setup({ gate: true });
    const pr10 = t.dataset.repos[0]!.pullRequests[9]!;
    t.sim.faults.inject({ kind: "status500", path: `/repos/acme/payments/statuses/${pr10.headSha}`, times: 1000 });
    const run = await t.sync();
    expect(run.status).toBe("succeeded");
    expect(run.errors).toEqual([]);
    expect(t.sim.faults.served.some((f) => f.kind === "status500")).toBe(true);
    expect(t.posted(pr10.headSha)).toEqual([]);
    const [failed] = await ctx.db
      .select()
      .from(gateStatuses)
      .where(and(eq(gateStatuses.orgId, t.org.id), eq(gateStatuses.sha, pr10.headSha)));
    expect(failed).toMatchObject({ state: null, postedAt: null, claimedAt: null });
    expect(failed!.lastError).toMatch(/500/);
    expect(failed!.attempts).toBeGreaterThanOrEqual(1);
    // The other open pull request was not held up.
    expect(t.posted().map((s) => s.state)).toEqual(["success"]);

    t.sim.faults.clear();
    const next = await evaluateMergeGate(ctx.db, t.org.id, {}, { box, clientOptions: fast, ...gateDeps });
    expect(next).toMatchObject({ posted: 1, unchanged: 1, failed: 0 });
    expect(t.posted(pr10.headSha)).toEqual([expect.objectContaining({ state: "failure" })]);
    const [after] = await ctx.db
      .select()
      .from(gateStatuses)
      .where(and(eq(gateStatuses.orgId, t.org.id), eq(gateStatuses.sha, pr10.headSha)));
    expect(after).toMatchObject({ state: "failure", lastError: null });
  });
});
