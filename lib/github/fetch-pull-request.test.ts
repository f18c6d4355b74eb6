import { afterEach, describe, expect, it } from "vitest";
import { fixtureDataset, FIXTURE_TOKEN } from "@/lib/github-simulator/fixtures";
import { startSimulator, type Simulator } from "@/lib/github-simulator/server";
import { createGitHubClient } from "./client";
import { GitHubApiError } from "./errors";
import { fetchPullRequest, fetchPullRequestsAtHead, PULL_REQUEST_QUERY } from "./fetch-pull-request";
import { FILE_CAP_REASON } from "./map-pull-request";
import { expectedChange } from "./test-support";

let sim: Simulator | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

const REF = { owner: "acme", repo: "payments" };

async function setup() {
  sim = await startSimulator({ dataset: fixtureDataset({ pullRequests: 30, bigFiles: { 4: 250, 9: 3100 } }) });
  const client = createGitHubClient({ token: FIXTURE_TOKEN, baseUrl: sim.url, timeUnitMs: 1, retries: 3 });
  const repo = sim.dataset.repos[0]!;
  const pr = (n: number) => repo.pullRequests.find((p) => p.number === n)!;
  return { sim, client, repo, pr };
}

describe("fetchPullRequest against the simulator", () => {
  it("fetches one pull request exactly as the sync maps it, in one GraphQL request", async () => {
    const { sim, client, repo, pr } = await setup();
    for (const n of [1, 10, 13]) {
      expect(await fetchPullRequest(client, { ...REF, number: n })).toEqual(expectedChange(sim.dataset, repo, pr(n)));
    }
    expect(client.stats.graphqlRequests).toBe(3);
    expect(client.stats.restRequests).toBe(0);
  });

  it("takes files beyond the first 100 through REST, truncated at GitHub's cap", async () => {
    const { sim, client, repo, pr } = await setup();
    const four = await fetchPullRequest(client, { ...REF, number: 4 });
    expect(four).toEqual(expectedChange(sim.dataset, repo, pr(4)));
    expect(four!.files).toHaveLength(250);
    const nine = await fetchPullRequest(client, { ...REF, number: 9 });
    expect(nine!.filesTruncated).toEqual({ reason: FILE_CAP_REASON, totalFiles: 3100 });
    expect(nine!.files).toHaveLength(3000);
  });

  it("answers null for a number the repository does not have, as GitHub reports it", async () => {
    const { sim, client } = await setup();
    expect(await fetchPullRequest(client, { ...REF, number: 999 })).toBeNull();
    const raw = await client.graphqlRaw<{ repository: { pullRequest: unknown } }>(PULL_REQUEST_QUERY, { owner: "acme", name: "payments", number: 999 });
    expect(raw.data?.repository.pullRequest).toBeNull();
    expect(raw.errors).toMatchObject([{ type: "NOT_FOUND", path: ["repository", "pullRequest"] }]);
    expect(sim.requests.filter((r) => r.path === "/graphql").every((r) => r.status === 200)).toBe(true);
  });

  it("fails with not_found for a repository the token cannot read", async () => {
    const { client } = await setup();
    const err = await fetchPullRequest(client, { owner: "acme", repo: "elsewhere", number: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as GitHubApiError).kind).toBe("not_found");
  });

  it("retries a 500, a reset and a truncated body, then answers", async () => {
    const { sim, client, repo, pr } = await setup();
    sim.faults.inject({ kind: "status500", path: "/graphql" }).inject({ kind: "reset", path: "/graphql" }).inject({ kind: "truncated", path: "/graphql" });
    expect(await fetchPullRequest(client, { ...REF, number: 2 })).toEqual(expectedChange(sim.dataset, repo, pr(2)));
    expect(sim.faults.served.map((f) => f.kind)).toEqual(["status500", "reset", "truncated"]);
  });

  it("gives up after bounded retries when GitHub keeps failing", async () => {
    const { sim, client } = await setup();
    sim.faults.inject({ kind: "status502", path: "/graphql", times: 100 });
    const err = await fetchPullRequest(client, { ...REF, number: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(sim.faults.served.length).toBeLessThan(100);
  });
});

describe("fetchPullRequestsAtHead against the simulator", () => {
  it("finds the open pull request whose head is the commit", async () => {
    const { sim, client, repo, pr } = await setup();
    const open = pr(10);
    expect(open.state).toBe("open");
    expect(await fetchPullRequestsAtHead(client, { ...REF, sha: open.headSha })).toEqual([expectedChange(sim.dataset, repo, open)]);
    expect(client.stats.graphqlRequests).toBe(1);
  });

  it("finds a merged pull request by its head, and nothing for a commit that is no pull request's head", async () => {
    const { sim, client, repo, pr } = await setup();
    const merged = pr(3);
    expect(merged.state).toBe("merged");
    expect(await fetchPullRequestsAtHead(client, { ...REF, sha: merged.headSha })).toEqual([expectedChange(sim.dataset, repo, merged)]);
    // An earlier commit of an open pull request: GitHub associates the pull request, but its head checks did not change.
    const older = pr(30).commits[0]!.sha;
    expect(older).not.toBe(pr(30).headSha);
    expect(await fetchPullRequestsAtHead(client, { ...REF, sha: older })).toEqual([]);
    expect(await fetchPullRequestsAtHead(client, { ...REF, sha: "0".repeat(40) })).toEqual([]);
  });
});
