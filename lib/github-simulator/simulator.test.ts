import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PULL_REQUESTS_QUERY } from "@/lib/github/pull-request-query";
import { fixtureDataset, FIXTURE_TOKEN } from "./fixtures";
import { computeQueryCost } from "./graphql-cost";
import { githubSchema } from "./graphql-schema";
import type { RestBranchProtection, RestContentFile, RestDiffEntry, RestFullRepository, RestRateLimitOverview, RestUser } from "./rest-payloads";
import { startSimulator, type Simulator } from "./server";

let sim: Simulator;
const auth = { authorization: `token ${FIXTURE_TOKEN}` };

async function get<T>(path: string, headers: Record<string, string> = auth) {
  const res = await fetch(`${sim.url}${path}`, { headers });
  const text = await res.text();
  return { res, body: (text ? JSON.parse(text) : null) as T };
}

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${sim.url}/graphql`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return { res, body: (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; type?: string }> } };
}

beforeAll(async () => {
  const dataset = fixtureDataset({ pullRequests: 40, bigFiles: { 3: 3100 } });
  dataset.tokens.push({ token: "github_pat_fineGrainedFixture0001", login: "dev1", scopes: [], kind: "fine-grained", repos: [] });
  sim = await startSimulator({ dataset });
});
afterAll(() => sim.stop());

describe("REST", () => {
  it("GET /user answers the user, scopes and rate-limit headers", async () => {
    const { res, body } = await get<RestUser>("/user");
    expect(res.status).toBe(200);
    expect(body.login).toBe("lead");
    expect(res.headers.get("x-oauth-scopes")).toBe("repo, read:org");
    for (const h of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-used", "x-ratelimit-resource"]) expect(res.headers.get(h)).not.toBeNull();
  });

  it("rejects a bad token with GitHub's error shape", async () => {
    const { res, body } = await get<{ message: string; documentation_url: string }>("/user", { authorization: "token nope" });
    expect(res.status).toBe(401);
    expect(body.message).toBe("Bad credentials");
    expect(body.documentation_url).toMatch(/^https:\/\/docs\.github\.com/);
  });

  it("hides repositories a token cannot reach", async () => {
    const { res } = await get("/repos/acme/payments", { authorization: "bearer github_pat_fineGrainedFixture0001" });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-oauth-scopes")).toBeNull();
  });

  it("serves the repository with the fields GitHub documents", async () => {
    const { body } = await get<RestFullRepository>("/repos/acme/payments");
    expect(body.full_name).toBe("acme/payments");
    expect(body.default_branch).toBe("main");
    expect(typeof body.subscribers_count).toBe("number");
  });

  it("pages pull request files with Link headers up to the 3,000-file cap", async () => {
    const first = await get<RestDiffEntry[]>("/repos/acme/payments/pulls/3/files?per_page=100");
    expect(first.body).toHaveLength(100);
    expect(first.res.headers.get("link")).toMatch(/page=2>; rel="next"/);
    expect(first.res.headers.get("link")).toMatch(/page=30>; rel="last"/);
    const last = await get<RestDiffEntry[]>("/repos/acme/payments/pulls/3/files?per_page=100&page=30");
    expect(last.body).toHaveLength(100);
    expect(last.res.headers.get("link")).not.toMatch(/rel="next"/);
    const beyond = await get<RestDiffEntry[]>("/repos/acme/payments/pulls/3/files?per_page=100&page=31");
    expect(beyond.body).toHaveLength(0);
  });

  it("answers 304 to a matching If-None-Match without charging the rate limit", async () => {
    const a = await get<RestDiffEntry[]>("/repos/acme/payments/pulls/1/files");
    const etag = a.res.headers.get("etag")!;
    const used = Number(a.res.headers.get("x-ratelimit-used"));
    const b = await fetch(`${sim.url}/repos/acme/payments/pulls/1/files`, { headers: { ...auth, "if-none-match": etag } });
    expect(b.status).toBe(304);
    expect(Number(b.headers.get("x-ratelimit-used"))).toBe(used);
  });

  it("serves CODEOWNERS where it lives and 404 elsewhere", async () => {
    const found = await get<RestContentFile>("/repos/acme/payments/contents/.github/CODEOWNERS");
    expect(Buffer.from(found.body.content, "base64").toString("utf8")).toContain("@acme/platform");
    expect((await get("/repos/acme/payments/contents/CODEOWNERS")).res.status).toBe(404);
  });

  it("serves branch protection, and 'Branch not protected' for others", async () => {
    const { body } = await get<RestBranchProtection>("/repos/acme/payments/branches/main/protection");
    expect(body.required_pull_request_reviews?.required_approving_review_count).toBe(1);
    expect(body.required_status_checks?.contexts).toEqual(["ci/test"]);
    const other = await get<{ message: string }>("/repos/acme/payments/branches/dev/protection");
    expect(other.res.status).toBe(404);
    expect(other.body.message).toBe("Branch not protected");
  });

  it("reports rate limits for core and graphql", async () => {
    const { body } = await get<RestRateLimitOverview>("/rate_limit");
    expect(body.resources.core.limit).toBe(5000);
    expect(body.resources.graphql?.limit).toBe(5000);
  });

  it("records posted commit statuses", async () => {
    const res = await fetch(`${sim.url}/repos/acme/payments/statuses/abcdef1234567`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ state: "failure", context: "risk-ledger", description: "risk 81 (critical)", target_url: "https://example.test/pr/1" }),
    });
    expect(res.status).toBe(201);
    expect(sim.postedStatuses.at(-1)).toMatchObject({ repo: "acme/payments", sha: "abcdef1234567", state: "failure", context: "risk-ledger" });
    const bad = await fetch(`${sim.url}/repos/acme/payments/statuses/abcdef1234567`, { method: "POST", headers: auth, body: JSON.stringify({ state: "purple" }) });
    expect(bad.status).toBe(422);
  });
});

describe("GraphQL", () => {
  it("rejects a field that GitHub's schema does not have", async () => {
    const { res, body } = await gql(`{ repository(owner: "acme", name: "payments") { pullRequests(first: 1) { nodes { riskScore } } } }`);
    expect(res.status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/riskScore/);
  });

  it("validates a query text once and answers repeats alike, still checking each request's variables", async () => {
    const query = `query($owner: String!) { repository(owner: $owner, name: "payments") { pullRequests(first: 2) { nodes { number } } } }`;
    const first = await gql(query, { owner: "acme" });
    const again = await gql(query, { owner: "acme" });
    expect(first.body.errors).toBeUndefined();
    expect(again.body).toEqual(first.body);
    const badVariables = await gql(query, { owner: 42 });
    expect(badVariables.body.errors?.[0]?.message).toMatch(/\$owner/);
    for (let i = 0; i < 2; i++) {
      const rejected = await gql(`{ repository(owner: "acme", name: "payments") { riskScore } }`);
      expect(rejected.body.errors?.[0]?.message).toMatch(/riskScore/);
    }
  });

  it("rejects a connection without first/last, and first above 100", async () => {
    const a = await gql(`{ repository(owner: "acme", name: "payments") { pullRequests(states: MERGED) { nodes { number } } } }`);
    expect(a.body.errors?.[0]?.message).toMatch(/first.*last/);
    const b = await gql(`{ repository(owner: "acme", name: "payments") { pullRequests(first: 101) { nodes { number } } } }`);
    expect(b.body.errors?.[0]?.message).toMatch(/101/);
  });

  it("answers NOT_FOUND for an unknown repository", async () => {
    const { body } = await gql(`{ repository(owner: "acme", name: "nope") { name } }`);
    expect(body.errors?.[0]?.type).toBe("NOT_FOUND");
  });

  it("charges GitHub's published cost and reports it in rateLimit", async () => {
    const { body } = await gql(PULL_REQUESTS_QUERY, { owner: "acme", name: "payments", first: 50, states: ["MERGED"] });
    expect(body.errors).toBeUndefined();
    const rate = body.data!.rateLimit as { cost: number; remaining: number };
    // 1 request for the pull requests + 50 × 6 nested connections = 301 → round(3.01) = 3 points.
    expect(rate.cost).toBe(3);
    expect(sim.requests.at(-1)?.cost).toBe(3);
  });

  it("computes cost and node counts as GitHub documents them", () => {
    const schema = githubSchema();
    const doc = parse(`query { viewer { repositories(first: 50) { nodes { name issues(first: 10) { totalCount nodes { title } } } } } }`);
    const c = computeQueryCost(schema, doc);
    expect(c.nodes).toBe(550);
    expect(c.requests).toBe(51);
    expect(c.cost).toBe(1);
    const big = computeQueryCost(schema, parse(`query { viewer { repositories(first: 100) { nodes { issues(first: 100) { nodes { labels(first: 100) { nodes { name } } } } } } } }`));
    expect(big.requests).toBe(1 + 100 + 100 * 100);
    expect(big.cost).toBe(101);
    expect(big.nodes).toBeGreaterThan(500_000);
    expect(big.errors.join(" ")).toMatch(/500000/);
  });
});

describe("faults", () => {
  it("serves each fault once when asked, then answers normally", async () => {
    sim.faults.inject({ kind: "status502", path: "/user" });
    expect((await fetch(`${sim.url}/user`, { headers: auth })).status).toBe(502);
    expect((await fetch(`${sim.url}/user`, { headers: auth })).status).toBe(200);

    sim.faults.inject({ kind: "secondary", retryAfterSeconds: 7 });
    const sec = await fetch(`${sim.url}/user`, { headers: auth });
    expect(sec.status).toBe(403);
    expect(sec.headers.get("retry-after")).toBe("7");
    expect(((await sec.json()) as { message: string }).message).toMatch(/secondary rate limit/);

    sim.faults.inject({ kind: "primary" });
    const prim = await fetch(`${sim.url}/user`, { headers: auth });
    expect(prim.status).toBe(403);
    expect(prim.headers.get("x-ratelimit-remaining")).toBe("0");

    sim.faults.inject({ kind: "truncated" });
    const cut = await fetch(`${sim.url}/user`, { headers: auth });
    await expect(cut.json()).rejects.toThrow();

    sim.faults.inject({ kind: "reset" });
    await expect(fetch(`${sim.url}/user`, { headers: auth })).rejects.toThrow();
    expect(sim.faults.pending()).toBe(0);
  });

  it("fails heavy GraphQL pages above the threshold only", async () => {
    sim.faults.heavyPage({ maxFirst: 20, mode: "timeout", times: 1 });
    const heavy = await gql(PULL_REQUESTS_QUERY, { owner: "acme", name: "payments", first: 30 });
    expect(heavy.body.errors?.[0]?.message).toMatch(/Something went wrong while executing your query/);
    const light = await gql(PULL_REQUESTS_QUERY, { owner: "acme", name: "payments", first: 20 });
    expect(light.body.errors).toBeUndefined();
    sim.faults.clear();
  });
});
