import { afterEach, describe, expect, it } from "vitest";
import type { Change } from "@/lib/scoring/types";
import { fixtureDataset, FIXTURE_TOKEN } from "@/lib/github-simulator/fixtures";
import type { FaultKind } from "@/lib/github-simulator/faults";
import { startSimulator, type Simulator } from "@/lib/github-simulator/server";
import { createGitHubClient, type GitHubClientOptions } from "./client";
import { GitHubApiError } from "./errors";
import { FILE_CAP_REASON } from "./map-pull-request";
import { fetchPullRequests, type FetchPullRequestsOptions } from "./pull-requests";
import { byRepoAndNumber, expectedChanges, withoutFetchTime } from "./test-support";

let sim: Simulator | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

const OWNER = { owner: "acme", repo: "payments" };

async function setup(prs = 90, bigFiles: Record<number, number> = { 4: 250, 9: 130 }) {
  sim = await startSimulator({ dataset: fixtureDataset({ pullRequests: prs, bigFiles }) });
  return sim;
}

function client(s: Simulator, extra: Partial<GitHubClientOptions> = {}) {
  return createGitHubClient({ token: FIXTURE_TOKEN, baseUrl: s.url, timeUnitMs: 2, ...extra });
}

async function collect(c: ReturnType<typeof client>, options: Partial<FetchPullRequestsOptions> = {}) {
  const changes: Change[] = [];
  const cursors: string[] = [];
  const it = fetchPullRequests(c, { ...OWNER, pageSize: { initial: 20 }, ...options });
  let result = await it.next();
  while (!result.done) {
    changes.push(result.value.change);
    cursors.push(result.value.cursor);
    result = await it.next();
  }
  return { changes, cursors, final: result.value.cursor };
}

describe("fetchPullRequests against the simulator", () => {
  it("fetches every merged and open pull request exactly as the dataset holds it", async () => {
    const s = await setup();
    const c = client(s);
    const { changes } = await collect(c);
    const expected = expectedChanges(s.dataset);
    expect(changes.length).toBe(expected.length);
    expect([...changes].sort(byRepoAndNumber)).toEqual(expected);
    // Pages of 20 → 5 GraphQL requests; two PRs need REST file pages (3 + 2).
    expect(c.stats.graphqlRequests).toBeLessThanOrEqual(6);
  });

  it("asks for the next page while the caller is still on this one, and no page more than it needs", async () => {
    const s = await setup(45, {});
    const c = client(s);
    const it = fetchPullRequests(c, { ...OWNER, pageSize: { initial: 10, max: 10 } });
    const graphql = () => s.requests.filter((r) => r.path === "/graphql").length;
    await it.next();
    // The first page is in hand; the second is requested before the caller asks for it.
    await expect.poll(graphql).toBe(2);
    await it.return({ cursor: null });
    expect(graphql()).toBe(2);

    const all = await collect(c, { pageSize: { initial: 10, max: 10 } });
    expect(all.changes).toHaveLength(expectedChanges(s.dataset).length);
    // One request per page of 10, the last one short: the read-ahead never asks past the end.
    expect(graphql() - 2).toBe(Math.ceil(all.changes.length / 10));
  });

  it("yields nothing new from the final cursor, then only what changed", async () => {
    const s = await setup(40, {});
    const c = client(s);
    const first = await collect(c);
    const again = await collect(c, { after: first.final });
    expect(again.changes).toEqual([]);

    const pr = s.dataset.repos[0]!.pullRequests[5]!;
    pr.title = "Edited after the first sync";
    pr.updatedAt = "2027-01-01T00:00:00Z";
    const third = await collect(c, { after: first.final });
    expect(third.changes.map((ch) => [ch.number, ch.title])).toEqual([[pr.number, "Edited after the first sync"]]);
  });

  it("resumes from a mid cursor and ends identical to an uninterrupted run", async () => {
    const s = await setup();
    const whole = await collect(client(s));
    const c = client(s);
    const partial: Change[] = [];
    let cursor: string | null = null;
    for await (const item of fetchPullRequests(c, { ...OWNER, pageSize: { initial: 20 } })) {
      partial.push(item.change);
      cursor = item.cursor;
      if (partial.length === 33) break; // the process dies mid-page
    }
    const rest = await collect(client(s), { after: cursor });
    expect([...partial, ...rest.changes].map(withoutFetchTime)).toEqual(whole.changes.map(withoutFetchTime));
    expect(new Set([...partial, ...rest.changes].map((ch) => ch.number)).size).toBe(whole.changes.length);
  });

  const faultKinds: FaultKind[] = ["status500", "status502", "secondary", "status429", "primary", "slow", "reset", "truncated"];
  for (const kind of faultKinds) {
    it(`survives ${kind} mid-fetch on GraphQL and on REST file pages with nothing lost or duplicated`, async () => {
      const s = await setup();
      s.faults.inject({ kind, path: "/graphql", after: 2, times: 2, retryAfterSeconds: 1, delayMs: 20 });
      s.faults.inject({ kind, path: "/repos/acme/payments/pulls/4/files", after: 1, times: 1, retryAfterSeconds: 1, delayMs: 20 });
      const { changes } = await collect(client(s));
      expect(s.faults.served.filter((f) => f.kind === kind).length).toBe(3);
      expect([...changes].sort(byRepoAndNumber)).toEqual(expectedChanges(s.dataset));
    });
  }

  it("returns a 3,100-file pull request truncated at GitHub's cap, with the reason", async () => {
    const s = await setup(12, { 7: 3100 });
    const { changes } = await collect(client(s));
    const big = changes.find((ch) => ch.number === 7)!;
    expect(big.files).toHaveLength(3000);
    expect(big.filesTruncated).toEqual({ reason: FILE_CAP_REASON, totalFiles: 3100 });
    expect(changes.filter((ch) => ch.number !== 7).every((ch) => ch.filesTruncated === null)).toBe(true);
  });

  it("shrinks the page when heavy pages fail and grows it back after successes", async () => {
    const s = await setup(160, {});
    s.faults.heavyPage({ maxFirst: 10, mode: "502", times: 2 });
    const sizes: number[] = [];
    const c = client(s);
    const changes: Change[] = [];
    for await (const item of fetchPullRequests(c, { ...OWNER, pageSize: { initial: 40, growAfter: 2 }, onProgress: (p) => sizes.push(p.pageSize) })) {
      changes.push(item.change);
    }
    expect(s.faults.served.filter((f) => f.kind === "heavy502")).toHaveLength(2);
    const firstSize = sizes[0]!;
    expect(firstSize).toBeLessThanOrEqual(10);
    expect(Math.max(...sizes)).toBeGreaterThan(10);
    expect([...changes].sort(byRepoAndNumber)).toEqual(expectedChanges(s.dataset));
  });

  it("treats GitHub's query timeout answer as a heavy page too", async () => {
    const s = await setup(60, {});
    s.faults.heavyPage({ maxFirst: 15, mode: "timeout", times: 1 });
    const { changes } = await collect(client(s));
    expect(s.faults.served.some((f) => f.kind === "heavyTimeout")).toBe(true);
    expect(changes).toHaveLength(expectedChanges(s.dataset).length);
  });

  it("keeps at most maxConcurrent requests in flight", async () => {
    const s = await setup(30, { 2: 350, 3: 350, 5: 350, 6: 350 });
    s.faults.inject({ kind: "slow", path: /\/files$/, times: 40, delayMs: 5 });
    await collect(client(s, { maxConcurrent: 2 }));
    expect(s.peakInFlight()).toBeLessThanOrEqual(2);
  });

  it("gives up after bounded retries with an error that never contains the token", async () => {
    const s = await setup(10, {});
    s.faults.inject({ kind: "status500", path: "/graphql", times: 1000 });
    const c = client(s, { retries: 2 });
    const err = await collect(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as GitHubApiError).kind).toBe("server");
    expect(s.requests.filter((r) => r.path === "/graphql").length).toBeLessThanOrEqual(2 + 6 + 1);
    const text = `${String(err)} ${(err as Error).stack} ${JSON.stringify(err)}`;
    expect(text).not.toContain(FIXTURE_TOKEN);
  });

  it("names a missing repository clearly", async () => {
    const s = await setup(3, {});
    const err = await collect(client(s), { repo: "nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as GitHubApiError).kind).toBe("not_found");
  });
});
