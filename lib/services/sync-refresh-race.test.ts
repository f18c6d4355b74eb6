import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeMember, makeOrg } from "../../test/factories";
import { testSecretBox } from "../../test/secret-box";
import { changes } from "../../db/schema";
import { listRepositories } from "../../db/queries/github";
import { FIXTURE_TOKEN, fixtureDataset } from "../github-simulator/fixtures";
import { startSimulator, type Simulator } from "../github-simulator/server";
import { connectGitHub, selectRepositories } from "./github-connection";
import { refreshPullRequests } from "./refresh-pull-requests";
import { requestSync, runSync } from "./sync";
import { assessmentCount as countAssessments, storedChangeOf } from "./testing/stored-change";

const box = testSecretBox();
const fast = { timeUnitMs: 1, retries: 2 };
/** The operation names of the sync's page query and of the refresh's one-pull-request query. */
const SYNC_PAGE = "query RiskLedgerPullRequests(";
const ONE_PULL_REQUEST = "query RiskLedgerPullRequest(";

interface HoldingProxy {
  url: string;
  /**
   * Holds GitHub's answer to the next request for `query`: `answered` resolves once the simulator has answered
   * (the copy is fixed from then on), and the client gets it only after `release()`.
   */
  hold(query: string): { answered: Promise<void>; release: () => void };
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding", "content-encoding"]);

/** Forwards every request to the simulator, so that a test can hold one answer while the other side runs. */
async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  let held: { query: string; answered: () => void; released: Promise<void> } | null = null;
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string" && !HOP_BY_HOP.has(e[0])),
      );
      const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: body.length ? body : undefined });
      const answer = Buffer.from(await upstream.arrayBuffer());
      const hold = held;
      if (hold && body.toString("utf8").includes(hold.query)) {
        held = null;
        hold.answered();
        await hold.released;
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        if (!HOP_BY_HOP.has(key)) out[key] = value;
      });
      res.writeHead(upstream.status, out);
      res.end(answer);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hold(query) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const answered = new Promise<void>((resolve) => (held = { query, answered: resolve, released }));
      return { answered, release };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Fetch times are read from the clock: the next request is sent strictly after the one already answered. */
async function nextMillisecond() {
  const at = Date.now();
  while (Date.now() <= at) await new Promise((resolve) => setTimeout(resolve, 1));
}

describeEachDriver("a sync and a webhook refresh storing the same pull request", (ctx) => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });

  async function setup() {
    const sim: Simulator = await startSimulator({ dataset: fixtureDataset({ pullRequests: 12 }) });
    stops.push(() => sim.stop());
    const proxy = await startHoldingProxy(sim.url);
    stops.push(() => proxy.stop());
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, ["admin"]);
    const actor = { orgId: org.id, userId: admin.id };
    await connectGitHub(ctx.db, box, actor, { token: FIXTURE_TOKEN, apiUrl: proxy.url }, new Date(), fast);
    const repo = sim.dataset.repos[0]!;
    await selectRepositories(ctx.db, actor, [`${repo.owner}/${repo.name}`]);
    const sync = async () => {
      const { run } = await requestSync(ctx.db, { orgId: org.id, trigger: "test", requestedBy: null });
      return runSync(ctx.db, org.id, run.id, { box, clientOptions: fast });
    };
    expect((await sync()).status).toBe("succeeded");
    const [stored] = await listRepositories(ctx.db, org.id);
    const refresh = (number: number) => refreshPullRequests(ctx.db, { orgId: org.id, repositoryId: stored!.id, numbers: [number] }, { box, clientOptions: fast });
    // #10 is open; each copy below moves its update time forward, so an incremental sync fetches it again.
    const ten = repo.pullRequests.find((p) => p.number === 10)!;
    expect(ten.state).toBe("open");
    const copyA = () => Object.assign(ten, { labels: [...ten.labels, "needs-review"], updatedAt: "2026-06-01T10:00:00Z" });
    const copyB = () => {
      for (const c of ten.checks) c.conclusion = "success";
      Object.assign(ten, {
        state: "merged",
        mergedAt: "2026-06-01T11:00:00Z",
        closedAt: "2026-06-01T11:00:00Z",
        mergedBy: "lead",
        mergeSha: "e".repeat(40),
        updatedAt: "2026-06-01T11:00:00Z",
        requestedReviewers: [],
      });
    };
    return { org, proxy, sync, refresh, copyA, copyB };
  }

  /** Everything stored of one pull request, found by number. */
  async function storedOf(orgId: string, number: number) {
    const [row] = await ctx.db.select({ id: changes.id }).from(changes).where(and(eq(changes.orgId, orgId), eq(changes.number, number)));
    return storedChangeOf(ctx.db, row!.id);
  }
  const assessmentCount = (orgId: string) => countAssessments(ctx.db, orgId);

  it("the copy a sync fetched before a refresh's does not replace it when the sync stores it last", async () => {
    const { org, proxy, sync, refresh, copyA, copyB } = await setup();
    // The sync fetches copy A (still open) …
    copyA();
    const page = proxy.hold(SYNC_PAGE);
    const running = sync();
    await page.answered;
    await nextMillisecond();
    // … a refresh then fetches and stores copy B (merged) …
    copyB();
    const refreshed = await refresh(10);
    expect(refreshed).toMatchObject({ fetched: 1, stored: 1, unchanged: 0 });
    const afterRefresh = await storedOf(org.id, 10);
    expect(afterRefresh.row.state).toBe("merged");
    expect(afterRefresh.assessment.trigger).toBe("webhook");
    expect(afterRefresh.receipts.map((r) => r.kind)).toEqual(["merge"]);
    const assessmentsAfterRefresh = await assessmentCount(org.id);

    // … and the sync stores copy A last: it is left out, and B's row, assessment, details and receipt stand.
    page.release();
    const run = await running;
    expect(run.status).toBe("succeeded");
    expect(run.errors).toEqual([]);
    expect(await storedOf(org.id, 10)).toEqual(afterRefresh);
    expect(await assessmentCount(org.id)).toBe(assessmentsAfterRefresh);
    expect(run.prsFetched).toBe(1);
    expect(run.prsScored).toBe(0);
  });

  it("the copy a refresh fetched before a sync's does not replace it when the refresh stores it last", async () => {
    const { org, proxy, sync, refresh, copyA, copyB } = await setup();
    copyA();
    const answer = proxy.hold(ONE_PULL_REQUEST);
    const refreshing = refresh(10);
    await answer.answered;
    await nextMillisecond();
    copyB();
    expect((await sync()).status).toBe("succeeded");
    const afterSync = await storedOf(org.id, 10);
    expect(afterSync.row.state).toBe("merged");
    expect(afterSync.assessment.trigger).toBe("sync");
    const assessmentsAfterSync = await assessmentCount(org.id);

    answer.release();
    const refreshed = await refreshing;
    expect(await storedOf(org.id, 10)).toEqual(afterSync);
    expect(await assessmentCount(org.id)).toBe(assessmentsAfterSync);
    expect(refreshed).toMatchObject({ fetched: 1, stored: 0, unchanged: 1, changeIds: [afterSync.row.id] });
  });
});
