import { createRequire } from "node:module";
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeOrg, uniqueId } from "../../test/factories";
import { testSecretBox } from "../../test/secret-box";
import { repositories, syncRuns, webhookDeliveries } from "../../db/schema";
import { signWebhookBody } from "../github";
import { rotateWebhookSecret } from "./webhook-secrets";
import { receiveWebhook } from "./webhooks";

interface Example {
  name: string;
  examples: Array<Record<string, unknown> & { repository?: { full_name: string } }>;
}
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as Example[];
const exampleOf = (event: string, pick: (p: Record<string, unknown>) => boolean = () => true) =>
  examples.find((e) => e.name === event)!.examples.find((p) => p.repository && pick(p))!;

const box = testSecretBox();

describeEachDriver("GitHub webhooks", (ctx) => {
  let orgId: string;
  let secret: string;
  const pr = exampleOf("pull_request", (p) => p.action === "synchronize" || p.action === "opened");
  const repoName = pr.repository!.full_name;

  beforeAll(async () => {
    orgId = (await makeOrg(ctx.db)).id;
    await ctx.db.insert(repositories).values({ orgId, fullName: repoName, selected: true });
    secret = await rotateWebhookSecret(ctx.db, box, { orgId, userId: null });
  });

  const deliver = (event: string, payload: unknown, sign: string | null, deliveryId = uniqueId("delivery")) => {
    const rawBody = JSON.stringify(payload);
    return receiveWebhook(ctx.db, box, { event, deliveryId, rawBody, signature: sign === null ? null : signWebhookBody(sign, rawBody) });
  };

  it("accepts a signed real pull_request payload once, and answers a replay as a duplicate", async () => {
    const id = uniqueId("delivery");
    const first = await deliver("pull_request", pr, secret, id);
    expect(first.status).toBe(202);
    const [repo] = await ctx.db.select().from(repositories).where(and(eq(repositories.orgId, orgId), eq(repositories.fullName, repoName)));
    const number = (pr.pull_request as { number: number }).number;
    expect(first.status === 202 && first.jobs).toEqual([
      {
        name: "refresh-pull-requests",
        data: { orgId, repositoryId: repo!.id, numbers: [number], headSha: null, deliveryId: id },
        singletonKey: `refresh:${orgId}:${repo!.id}:#${number}`,
      },
    ]);
    const replay = await deliver("pull_request", pr, secret, id);
    expect(replay).toEqual({ status: 200, body: { accepted: false, reason: "duplicate delivery: already received" } });
    const stored = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, id));
    expect(stored).toHaveLength(1);
    // A pull request event refreshes that pull request; it does not start a sync of the organisation.
    const runs = await ctx.db.select().from(syncRuns).where(eq(syncRuns.orgId, orgId));
    expect(runs.filter((r) => r.trigger === "webhook")).toHaveLength(0);
  });

  it("refreshes the pull requests a check suite names, or those at the commit a status lands on", async () => {
    const [repo] = await ctx.db.select().from(repositories).where(and(eq(repositories.orgId, orgId), eq(repositories.fullName, repoName)));
    const suite = exampleOf("check_suite", (p) => p.action === "completed" && (p.check_suite as { pull_requests: unknown[] }).pull_requests.length > 0);
    const fromSuite = await deliver("check_suite", suite, secret);
    expect(fromSuite.status === 202 && fromSuite.jobs[0]!.data).toMatchObject({ numbers: [2], headSha: null, repositoryId: repo!.id });
    const forked = exampleOf("check_suite", (p) => p.action === "completed" && (p.check_suite as { pull_requests: unknown[] }).pull_requests.length === 0);
    const fromFork = await deliver("check_suite", forked, secret);
    expect(fromFork.status === 202 && fromFork.jobs[0]!.data).toMatchObject({ numbers: [], headSha: (forked.check_suite as { head_sha: string }).head_sha });
    const status = exampleOf("status");
    const fromStatus = await deliver("status", status, secret);
    expect(fromStatus.status === 202 && fromStatus.jobs[0]).toMatchObject({ name: "refresh-pull-requests", data: { numbers: [], headSha: status.sha } });
  });

  it("does not rescore on the merge gate's own commit status", async () => {
    const own = { ...exampleOf("status"), context: "risk-ledger/gate" };
    expect(await deliver("status", own, secret)).toEqual({ status: 200, body: { accepted: false, reason: "the merge gate's own status" } });
  });

  it("queues an incremental sync for a push to the default branch, and ignores other pushes", async () => {
    const toDefault = exampleOf("push", (p) => p.ref === "refs/heads/master");
    const outcome = await deliver("push", toDefault, secret);
    expect(outcome.status === 202 && outcome.jobs.map((j) => [j.name, j.singletonKey])).toEqual([["sync", `sync:${orgId}`]]);
    const tag = exampleOf("push", (p) => p.ref !== "refs/heads/master");
    expect(await deliver("push", tag, secret)).toMatchObject({ status: 200, body: { accepted: false } });
  });

  it("ignores events of a repository the organisation tracks but has not selected", async () => {
    const other = await makeOrg(ctx.db);
    await ctx.db.insert(repositories).values({ orgId: other.id, fullName: repoName, selected: false });
    const otherSecret = await rotateWebhookSecret(ctx.db, box, { orgId: other.id, userId: null });
    expect(await deliver("pull_request", pr, otherSecret)).toEqual({ status: 200, body: { accepted: false, reason: `${repoName} is not selected for scoring` } });
  });

  it.each(["pull_request_review", "status", "check_suite", "push"])("parses a real %s payload", async (event) => {
    const payload = exampleOf(event);
    const r = await ctx.db.select().from(repositories).where(eq(repositories.fullName, payload.repository!.full_name));
    if (!r.some((x) => x.orgId === orgId)) {
      await ctx.db.insert(repositories).values({ orgId, fullName: payload.repository!.full_name });
    }
    const outcome = await deliver(event, payload, secret);
    expect([200, 202]).toContain(outcome.status);
  });

  it("refuses a bad signature with 401 and stores nothing", async () => {
    const id = uniqueId("delivery");
    const outcome = await deliver("pull_request", pr, "not-the-secret", id);
    expect(outcome.status).toBe(401);
    expect(await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, id))).toEqual([]);
    expect((await deliver("pull_request", pr, null)).status).toBe(401);
  });

  it("keeps accepting the previous secret for one rotation", async () => {
    const old = secret;
    secret = await rotateWebhookSecret(ctx.db, box, { orgId, userId: null });
    expect((await deliver("pull_request", pr, old)).status).toBe(202);
    expect((await deliver("pull_request", pr, secret)).status).toBe(202);
    await rotateWebhookSecret(ctx.db, box, { orgId, userId: null });
    expect((await deliver("pull_request", pr, old)).status).toBe(401);
  });

  it("rejects unknown events and malformed bodies clearly", async () => {
    expect((await deliver("gollum", { repository: { full_name: repoName } }, secret)).status).toBe(400);
    const bad = await receiveWebhook(ctx.db, box, { event: "pull_request", deliveryId: uniqueId(), rawBody: "{not json", signature: "sha256=00" });
    expect(bad.status).toBe(400);
  });
});
