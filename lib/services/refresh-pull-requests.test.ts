import { createRequire } from "node:module";
import { and, count, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeMember, makeOrg, uniqueId } from "../../test/factories";
import { testSecretBox } from "../../test/secret-box";
import { assessments, changes, failureLabels, receipts, syncRuns, webhookDeliveries } from "../../db/schema";
import { listRepositories } from "../../db/queries/github";
import { setRepositoryGate } from "../../db/queries/gate";
import { signWebhookBody } from "../github";
import { expectedChange } from "../github/test-support";
import type { SimDataset, SimPullRequest } from "../github-simulator/dataset";
import { FIXTURE_TOKEN, fixtureDataset } from "../github-simulator/fixtures";
import { startSimulator, type Simulator } from "../github-simulator/server";
import { createJobHandlers } from "../jobs/handlers";
import { createInProcessQueue } from "../jobs/in-process-queue";
import type { RefreshPullRequestsJob } from "../jobs/types";
import { connectGitHub, selectRepositories } from "./github-connection";
import { GATE_CONTEXT } from "./merge-gate";
import { getActivePolicy } from "./policies";
import { refreshPullRequests } from "./refresh-pull-requests";
import { requestSync, runSync } from "./sync";
import { contentHashOf } from "./score-and-store";
import { rotateWebhookSecret } from "./webhook-secrets";
import { receiveWebhook } from "./webhooks";

type Payload = Record<string, unknown> & { repository: { full_name: string } };
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as Array<{ name: string; examples: Payload[] }>;
const example = (event: string, pick: (p: Payload) => boolean = () => true) => examples.find((e) => e.name === event)!.examples.find(pick)!;

// Real deliveries of GitHub's documentation, all for Codertocat/Hello-World: a status on 6113728…, a completed check
// suite on ec26c3e… naming pull request #2, and pull request #2 synchronized and closed.
const STATUS = example("status");
const CHECK_SUITE = example("check_suite", (p) => p.action === "completed" && (p.check_suite as { pull_requests: unknown[] }).pull_requests.length > 0);
const SYNCHRONIZE = example("pull_request", (p) => p.action === "synchronize");
const CLOSED = example("pull_request", (p) => p.action === "closed");
const REPO = STATUS.repository.full_name;
const STATUS_SHA = STATUS.sha as string;
const SUITE_SHA = (CHECK_SUITE.check_suite as { head_sha: string }).head_sha;

const box = testSecretBox();
const fast = { timeUnitMs: 1, retries: 2 };
const gate = { appUrl: "https://ledger.example.test", minIntervalMs: 0 };

function moveHead(pr: SimPullRequest, sha: string) {
  const old = pr.headSha;
  pr.headSha = sha;
  for (const c of pr.commits) if (c.sha === old) c.sha = sha;
  for (const r of pr.reviews) if (r.commitSha === old) r.commitSha = sha;
}

/**
 * The fixture as Codertocat/Hello-World, shaped to the example payloads: #2 is open with head ec26c3e… and its check
 * run still in progress; #10 is open with head 6113728… and its "default" status pending.
 */
function helloWorld(): SimDataset {
  const dataset = fixtureDataset({ owner: "Codertocat", repo: "Hello-World", pullRequests: 24 });
  const prs = dataset.repos[0]!.pullRequests;
  const two = prs.find((p) => p.number === 2)!;
  Object.assign(two, { state: "open", mergedAt: null, closedAt: null, mergedBy: null, mergeSha: null, requestedReviewers: ["dev3"] });
  moveHead(two, SUITE_SHA);
  two.checks = [
    { name: "ci/test", kind: "check_run", conclusion: "pending" },
    { name: "lint", kind: "status", conclusion: "success" },
  ];
  const ten = prs.find((p) => p.number === 10)!;
  moveHead(ten, STATUS_SHA);
  ten.checks = [
    { name: "ci/test", kind: "check_run", conclusion: "success" },
    { name: "default", kind: "status", conclusion: "pending" },
  ];
  return dataset;
}

describeEachDriver("webhooks refresh exactly the pull requests they concern", (ctx) => {
  const sims: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.stop()));
  });

  async function connectedOrg(sim: Simulator) {
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, ["admin"]);
    const actor = { orgId: org.id, userId: admin.id };
    await connectGitHub(ctx.db, box, actor, { token: FIXTURE_TOKEN, apiUrl: sim.url }, new Date(), fast);
    await selectRepositories(ctx.db, actor, [REPO]);
    const secret = await rotateWebhookSecret(ctx.db, box, { orgId: org.id, userId: null });
    const { run } = await requestSync(ctx.db, { orgId: org.id, trigger: "test", requestedBy: null });
    const synced = await runSync(ctx.db, org.id, run.id, { box, clientOptions: fast, gate });
    expect(synced.status).toBe("succeeded");
    const [repo] = await listRepositories(ctx.db, org.id);
    return { org, secret, repo: repo! };
  }

  async function setup() {
    const sim = await startSimulator({ dataset: helloWorld() });
    sims.push(sim);
    const tenant = await connectedOrg(sim);
    const pr = (n: number) => sim.dataset.repos[0]!.pullRequests.find((p) => p.number === n)!;
    const handlers = createJobHandlers({ db: ctx.db, box, clientOptions: fast, gate });
    return { sim, ...tenant, pr, handlers };
  }

  const deliver = async (secret: string, event: string, payload: unknown, deliveryId = uniqueId("delivery")) => {
    const rawBody = JSON.stringify(payload);
    const outcome = await receiveWebhook(ctx.db, box, { event, deliveryId, rawBody, signature: signWebhookBody(secret, rawBody) });
    expect(outcome.status).toBe(202);
    const jobs = outcome.status === 202 ? outcome.jobs : [];
    expect(jobs.map((j) => j.name)).toEqual(["refresh-pull-requests"]);
    return { job: jobs[0]!.data as RefreshPullRequestsJob, singletonKey: jobs[0]!.singletonKey, deliveryId };
  };

  async function rows(orgId: string) {
    const all = await ctx.db.select().from(changes).where(eq(changes.orgId, orgId)).orderBy(changes.number);
    return new Map(all.map((r) => [r.number!, r]));
  }
  const assessmentCount = async (orgId: string) => (await ctx.db.select({ n: count() }).from(assessments).where(eq(assessments.orgId, orgId)))[0]!.n;
  const assessmentOf = async (id: number | null) => (await ctx.db.select().from(assessments).where(eq(assessments.id, id!)))[0]!;
  const graphqlSince = (sim: Simulator, mark: number) => sim.requests.slice(mark).filter((r) => r.path === "/graphql");

  /** Every row but `number` is as it was; `number` got a new assessment that differs only in `signals`. */
  async function expectOnlyChecksMoved(orgId: string, before: Awaited<ReturnType<typeof rows>>, number: number, changedSignals: string[]) {
    const after = await rows(orgId);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [n, row] of after) if (n !== number) expect(row).toEqual(before.get(n));
    const was = before.get(number)!;
    const now = after.get(number)!;
    expect(now.currentAssessmentId).not.toBe(was.currentAssessmentId);
    // The refresh's copy was fetched after the sync's.
    expect(now.fetchedAt!.getTime()).toBeGreaterThan(was.fetchedAt!.getTime());
    const { checks: _c, currentAssessmentId: _a, updatedAt: _u, contentHash: _h, assessmentDigest: _d, historyDigest: _hd, risk: _r, band: _b, topReason: _t, failedControls: _f, fetchedAt: _fa, ...rest } = now;
    const { checks: _c2, currentAssessmentId: _a2, updatedAt: _u2, contentHash: _h2, assessmentDigest: _d2, historyDigest: _hd2, risk: _r2, band: _b2, topReason: _t2, failedControls: _f2, fetchedAt: _fa2, ...restWas } = was;
    expect(rest).toEqual(restWas);
    const [old, fresh] = [await assessmentOf(was.currentAssessmentId), await assessmentOf(now.currentAssessmentId)];
    expect(fresh.trigger).toBe("webhook");
    const moved = Object.keys(fresh.signals).filter((k) => JSON.stringify(fresh.signals[k as keyof typeof fresh.signals]) !== JSON.stringify(old.signals[k as keyof typeof old.signals]));
    expect(moved.sort()).toEqual(changedSignals.sort());
    expect(fresh.services).toEqual(old.services);
    expect(fresh.ai).toEqual(old.ai);
    return { before: was, after: now, old, fresh };
  }

  it("a status on a pull request's head changes that pull request's check signal and nothing else", async () => {
    const { sim, org, secret, pr, handlers } = await setup();
    const before = await rows(org.id);
    const assessmentsBefore = await assessmentCount(org.id);
    expect(before.get(10)!.checks).toEqual([{ name: "ci/test", conclusion: "success" }, { name: "default", conclusion: "pending" }]);

    // The status GitHub reports (context "default", success) lands on #10's head; its updatedAt does not move.
    pr(10).checks[1]!.conclusion = "success";
    const mark = sim.requests.length;
    const { job } = await deliver(secret, "status", STATUS);
    expect(job).toMatchObject({ numbers: [], headSha: STATUS_SHA });
    await handlers["refresh-pull-requests"](job);

    const { after, old, fresh } = await expectOnlyChecksMoved(org.id, before, 10, ["verification"]);
    expect(after.checks).toEqual([{ name: "ci/test", conclusion: "success" }, { name: "default", conclusion: "success" }]);
    expect(old.signals.verification.reasons.map((r) => r.code)).toContain("verification.checks-pending");
    expect(fresh.signals.verification.reasons.map((r) => r.code)).not.toContain("verification.checks-pending");
    expect(await assessmentCount(org.id)).toBe(assessmentsBefore + 1);
    // One GraphQL request (the commit's associated pull requests), no sync.
    expect(graphqlSince(sim, mark)).toHaveLength(1);
    expect((await ctx.db.select().from(syncRuns).where(eq(syncRuns.orgId, org.id))).map((r) => r.trigger)).toEqual(["test"]);
  });

  it("a completed check suite refreshes the pull request it names, and only that one", async () => {
    const { sim, org, secret, pr, handlers } = await setup();
    const before = await rows(org.id);
    pr(2).checks[0]!.conclusion = "failure";
    const mark = sim.requests.length;
    const { job, singletonKey } = await deliver(secret, "check_suite", CHECK_SUITE);
    expect(job).toMatchObject({ numbers: [2], headSha: null });
    expect(singletonKey).toBe(`refresh:${org.id}:${job.repositoryId}:#2`);
    await handlers["refresh-pull-requests"](job);

    const { after, fresh } = await expectOnlyChecksMoved(org.id, before, 2, ["verification", "policy"]);
    expect(after.checks).toEqual([{ name: "ci/test", conclusion: "failure" }, { name: "lint", conclusion: "success" }]);
    expect(fresh.checks.find((c) => c.id === "required-checks")?.status).toBe("fail");
    expect(graphqlSince(sim, mark)).toHaveLength(1);

    // The same delivery again changes nothing; a second run of the job stores nothing new.
    const count = await assessmentCount(org.id);
    await handlers["refresh-pull-requests"](job);
    expect(await assessmentCount(org.id)).toBe(count);
  });

  it("a synchronize rescores the pull request as the sync would store it, without a sync", async () => {
    const { sim, org, secret, repo, pr, handlers } = await setup();
    const two = pr(2);
    const head = "a".repeat(40);
    two.commits.push({ sha: head, message: "Handle refunds\n\nCo-authored-by: Claude <noreply@anthropic.com>", authorLogin: two.author, authorName: two.author, authorEmail: `${two.author}@example.test`, committedAt: "2026-05-02T10:00:00Z" });
    two.headSha = head;
    two.files.push({ path: "services/s1/src/refunds.ts", status: "added", additions: 80, deletions: 0 });
    two.updatedAt = "2026-05-02T10:00:05Z";
    const before = await rows(org.id);
    const mark = sim.requests.length;

    const { job } = await deliver(secret, "pull_request", SYNCHRONIZE);
    expect(job).toMatchObject({ numbers: [2], headSha: null, repositoryId: repo.id });
    await handlers["refresh-pull-requests"](job);

    const after = await rows(org.id);
    for (const [n, row] of after) if (n !== 2) expect(row).toEqual(before.get(n));
    expect(after.get(2)!.headSha).toBe(head);
    expect(after.get(2)!.currentAssessmentId).not.toBe(before.get(2)!.currentAssessmentId);
    expect(after.get(2)!.aiOrigin).toBe(true);
    // Stored from exactly the change a sync maps from the same pull request.
    const policy = await getActivePolicy(ctx.db, org.id);
    expect(after.get(2)!.contentHash).toBe(contentHashOf(expectedChange(sim.dataset, sim.dataset.repos[0]!, two), policy.version));
    expect(after.get(2)!.fileCount).toBe(two.files.length);
    expect(graphqlSince(sim, mark)).toHaveLength(1);
    expect(sim.requests.slice(mark).some((r) => r.path.includes("/pulls?") || r.path.endsWith("/pulls"))).toBe(false);

    // The next incremental sync finds the same content and stores nothing.
    const count = await assessmentCount(org.id);
    const { run } = await requestSync(ctx.db, { orgId: org.id, trigger: "test", requestedBy: null });
    const again = await runSync(ctx.db, org.id, run.id, { box, clientOptions: fast, gate });
    expect(again.prsScored).toBe(0);
    expect(await assessmentCount(org.id)).toBe(count);
  });

  it("a merged pull request gets its receipt, and the merge gate is brought up to date", async () => {
    const { sim, org, secret, repo, pr, handlers } = await setup();
    await setRepositoryGate(ctx.db, org.id, repo.id, true);
    const ten = pr(10);
    // First #2 (open): the gate posts on its head.
    pr(2).checks[0]!.conclusion = "success";
    await handlers["refresh-pull-requests"]((await deliver(secret, "check_suite", CHECK_SUITE)).job);
    expect(sim.postedStatuses.filter((s) => s.context === GATE_CONTEXT && s.sha === SUITE_SHA)).toHaveLength(1);

    Object.assign(ten, { state: "merged", mergedAt: "2026-05-03T12:00:00Z", closedAt: "2026-05-03T12:00:00Z", mergedBy: "lead", mergeSha: "b".repeat(40), updatedAt: "2026-05-03T12:00:00Z", requestedReviewers: [] });
    const closed = { ...CLOSED, number: 10, pull_request: { ...(CLOSED.pull_request as object), number: 10 } };
    await handlers["refresh-pull-requests"]((await deliver(secret, "pull_request", closed)).job);
    const row = (await rows(org.id)).get(10)!;
    expect(row.state).toBe("merged");
    expect(row.mergeSha).toBe("b".repeat(40));
    const issued = await ctx.db.select().from(receipts).where(and(eq(receipts.orgId, org.id), eq(receipts.changeId, row.id)));
    expect(issued.map((r) => r.kind)).toEqual(["merge"]);
  });

  it("a merged revert labels the change it reverts as failed, and writes only the labels it moves", async () => {
    const { org, secret, pr, handlers } = await setup();
    const five = pr(5);
    expect(five.state).toBe("merged");
    // #10, open until now, lands as GitHub's revert button makes it.
    const revertSha = "c".repeat(40);
    Object.assign(pr(10), {
      title: `Revert "${five.title}"`,
      body: `Reverts ${REPO}#5`,
      state: "merged",
      mergedAt: "2026-05-04T09:00:00Z",
      closedAt: "2026-05-04T09:00:00Z",
      mergedBy: "lead",
      mergeSha: revertSha,
      updatedAt: "2026-05-04T09:00:00Z",
      requestedReviewers: [],
    });
    pr(10).commits[0]!.message = `Revert "${five.title}"\n\nThis reverts commit ${five.mergeSha}.`;
    expect(await ctx.db.select().from(failureLabels).where(eq(failureLabels.orgId, org.id))).toEqual([]);

    const closed = { ...CLOSED, number: 10, pull_request: { ...(CLOSED.pull_request as object), number: 10 } };
    await handlers["refresh-pull-requests"]((await deliver(secret, "pull_request", closed)).job);

    const stored = await rows(org.id);
    const labels = await ctx.db.select().from(failureLabels).where(eq(failureLabels.orgId, org.id));
    // The reverted change and the revert itself; the repository's other merged changes are left to the next sync.
    expect(labels.map((l) => l.changeId).sort()).toEqual([stored.get(5)!.id, stored.get(10)!.id].sort());
    const reverted = labels.find((l) => l.changeId === stored.get(5)!.id)!;
    expect(reverted.failed).toBe(true);
    expect(reverted.evidence).toMatchObject([{ kind: "revert", byChangeId: stored.get(10)!.id, byNumber: 10 }]);
    expect(stored.get(5)!.failed).toBe(true);
    expect(labels.find((l) => l.changeId === stored.get(10)!.id)!.failed).toBe(false);
  });

  it("an ordinary merge leaves the failure labels to the next sync", async () => {
    const { org, secret, pr, handlers } = await setup();
    Object.assign(pr(10), { state: "merged", mergedAt: "2026-05-04T09:00:00Z", closedAt: "2026-05-04T09:00:00Z", mergedBy: "lead", mergeSha: "d".repeat(40), updatedAt: "2026-05-04T09:00:00Z", requestedReviewers: [] });
    const closed = { ...CLOSED, number: 10, pull_request: { ...(CLOSED.pull_request as object), number: 10 } };
    await handlers["refresh-pull-requests"]((await deliver(secret, "pull_request", closed)).job);
    expect((await rows(org.id)).get(10)!.state).toBe("merged");
    expect(await ctx.db.select().from(failureLabels).where(eq(failureLabels.orgId, org.id))).toEqual([]);
  });

  it("a GitHub 500 during the refresh is retried with back-off and nothing is lost", async () => {
    const { sim, org, secret, pr } = await setup();
    pr(10).checks[1]!.conclusion = "failure";
    const { job, singletonKey, deliveryId } = await deliver(secret, "status", STATUS);
    // More failures than one attempt retries (retries + 2 = 4): the job fails once, and the queue runs it again.
    sim.faults.inject({ kind: "status500", path: "/graphql", times: 6 });
    const failures: unknown[] = [];
    const queue = createInProcessQueue({ baseDelayMs: 5, onError: (_name, err) => failures.push(err) });
    await queue.work(createJobHandlers({ db: ctx.db, box, clientOptions: fast, gate }));
    await queue.send("refresh-pull-requests", job, { singletonKey });
    await queue.idle();
    await queue.stop();

    expect(sim.faults.served).toHaveLength(6);
    expect(failures).toHaveLength(1);
    expect((await rows(org.id)).get(10)!.checks).toEqual([{ name: "ci/test", conclusion: "success" }, { name: "default", conclusion: "failure" }]);
    const [delivery] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, deliveryId));
    expect(delivery!.error).toBeNull();
    expect(delivery!.processedAt).not.toBeNull();
  });

  it("a pull request that no longer exists is recorded on the delivery, not retried", async () => {
    const { sim, org, secret, handlers } = await setup();
    const before = await rows(org.id);
    sim.dataset.repos[0]!.pullRequests = sim.dataset.repos[0]!.pullRequests.filter((p) => p.number !== 2);
    const { job, deliveryId } = await deliver(secret, "pull_request", SYNCHRONIZE);
    const failures: unknown[] = [];
    const queue = createInProcessQueue({ baseDelayMs: 5, onError: (_name, err) => failures.push(err) });
    await queue.work(handlers);
    await queue.send("refresh-pull-requests", job);
    await queue.idle();
    await queue.stop();
    expect(failures).toEqual([]);
    expect(graphqlSince(sim, 0).filter((r) => r.status !== 200)).toEqual([]);
    const [delivery] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, deliveryId));
    expect(delivery!.error).toMatch(/#2 no longer exists in Codertocat\/Hello-World/);
    expect(await rows(org.id)).toEqual(before);
  });

  it("never touches another tenant's copy of the same repository", async () => {
    const { sim, org, secret, repo, pr, handlers } = await setup();
    const other = await connectedOrg(sim);
    const theirs = await rows(other.org.id);
    const theirCount = await assessmentCount(other.org.id);

    pr(10).checks[1]!.conclusion = "success";
    const { job } = await deliver(secret, "status", STATUS);
    expect(job.orgId).toBe(org.id);
    expect(job.repositoryId).toBe(repo.id);
    await handlers["refresh-pull-requests"](job);
    expect((await rows(org.id)).get(10)!.checks).toContainEqual({ name: "default", conclusion: "success" });
    expect(await rows(other.org.id)).toEqual(theirs);
    expect(await assessmentCount(other.org.id)).toBe(theirCount);

    // A job naming one organisation and another's repository does nothing.
    const crossed = await refreshPullRequests(ctx.db, { orgId: org.id, repositoryId: other.repo.id, numbers: [10] }, { box, clientOptions: fast });
    expect(crossed.skipped).toMatch(/not selected/);
    expect(crossed.fetched).toBe(0);
    expect(await rows(other.org.id)).toEqual(theirs);
  });

  it("leaves a repository that has not completed its first sync to that sync", async () => {
    const sim = await startSimulator({ dataset: helloWorld() });
    sims.push(sim);
    const org = await makeOrg(ctx.db);
    await connectGitHub(ctx.db, box, { orgId: org.id, userId: null }, { token: FIXTURE_TOKEN, apiUrl: sim.url }, new Date(), fast);
    await selectRepositories(ctx.db, { orgId: org.id, userId: null }, [REPO]);
    const [repo] = await listRepositories(ctx.db, org.id);
    const result = await refreshPullRequests(ctx.db, { orgId: org.id, repositoryId: repo!.id, numbers: [2] }, { box, clientOptions: fast });
    expect(result.skipped).toMatch(/first sync/);
    expect(sim.requests.filter((r) => r.path === "/graphql")).toEqual([]);
    expect(await rows(org.id)).toEqual(new Map());
  });
});
