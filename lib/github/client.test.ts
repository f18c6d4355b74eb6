import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureDataset, FIXTURE_TOKEN } from "@/lib/github-simulator/fixtures";
import { startSimulator, type Simulator } from "@/lib/github-simulator/server";
import { createGitHubClient, graphqlUrlFor } from "./client";
import { GitHubApiError } from "./errors";
import { fetchRepositorySettings } from "./repository-settings";
import { checkToken } from "./token";

let sim: Simulator;
const FINE = "github_pat_11FINEGRAINEDfixture000000000000";
const INSTALL = "ghs_installationFixtureToken0000000000";

beforeAll(async () => {
  const dataset = fixtureDataset({ pullRequests: 5 });
  dataset.repos.push({ ...dataset.repos[0]!, id: 501, name: "website", codeowners: { path: "docs/CODEOWNERS", content: "* @web\n" }, protection: null, pullRequests: [] });
  dataset.tokens.push(
    { token: FINE, login: "dev1", scopes: [], kind: "fine-grained", repos: ["acme/website"] },
    { token: INSTALL, login: "risk-ledger[bot]", scopes: [], kind: "installation", repos: ["acme/payments"] },
    { token: "ghp_broadScopes000000000000000000000000", login: "lead", scopes: ["repo", "delete_repo"], kind: "classic" },
  );
  sim = await startSimulator({ dataset });
});
afterAll(() => sim.stop());

const client = (token: string) => createGitHubClient({ token, baseUrl: sim.url, timeUnitMs: 2 });

describe("graphqlUrlFor", () => {
  it("derives the GraphQL endpoint for github.com, Enterprise Server and the simulator", () => {
    expect(graphqlUrlFor("https://api.github.com")).toBe("https://api.github.com/graphql");
    expect(graphqlUrlFor("https://ghe.example.com/api/v3")).toBe("https://ghe.example.com/api/graphql");
    expect(graphqlUrlFor("https://ghe.example.com/api/v3/")).toBe("https://ghe.example.com/api/graphql");
    expect(graphqlUrlFor("http://127.0.0.1:4010")).toBe("http://127.0.0.1:4010/graphql");
  });
});

describe("checkToken", () => {
  it("reads login, scopes and repositories of a classic token", async () => {
    const check = await checkToken(client(FIXTURE_TOKEN));
    expect(check).toMatchObject({ login: "lead", scopes: ["repo", "read:org"], kind: "classic", warnings: [] });
    expect(check.repositories.map((r) => r.fullName)).toEqual(["acme/payments", "acme/website"]);
  });

  it("recognises fine-grained and installation tokens and their reach", async () => {
    const fine = await checkToken(client(FINE));
    expect(fine).toMatchObject({ login: "dev1", scopes: null, kind: "fine-grained" });
    expect(fine.repositories.map((r) => r.fullName)).toEqual(["acme/website"]);
    const inst = await checkToken(client(INSTALL));
    expect(inst).toMatchObject({ login: null, kind: "installation" });
    expect(inst.repositories.map((r) => r.fullName)).toEqual(["acme/payments"]);
  });

  it("warns about scopes beyond reading", async () => {
    const check = await checkToken(client("ghp_broadScopes000000000000000000000000"));
    expect(check.warnings.join(" ")).toMatch(/delete_repo/);
  });

  it("rejects a bad token without ever printing it", async () => {
    const token = "ghp_thisTokenIsWrongAndSecret0000000000";
    const err = await checkToken(client(token)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as GitHubApiError).kind).toBe("unauthorized");
    expect(`${String(err)} ${(err as Error).stack} ${JSON.stringify(err)}`).not.toContain(token);
  });
});

describe("fetchRepositorySettings", () => {
  it("reads CODEOWNERS and branch protection of the default branch", async () => {
    const s = await fetchRepositorySettings(client(FIXTURE_TOKEN), { owner: "acme", repo: "payments" });
    expect(s.codeowners?.path).toBe(".github/CODEOWNERS");
    expect(s.protection).toEqual({ requiredApprovals: 1, requireCodeOwnerReviews: true, requiredChecks: ["ci/test"], enforceAdmins: false });
    expect(s.protectionStatus).toBe("protected");
  });

  it("finds CODEOWNERS under docs/ and says when a branch is unprotected", async () => {
    const s = await fetchRepositorySettings(client(FIXTURE_TOKEN), { owner: "acme", repo: "website" });
    expect(s.codeowners).toEqual({ path: "docs/CODEOWNERS", content: "* @web\n" });
    expect(s.protection).toBeNull();
    expect(s.protectionStatus).toBe("unprotected");
  });

  it("re-reads with ETags: the second read is answered 304 and costs nothing", async () => {
    const c = client(FIXTURE_TOKEN);
    await fetchRepositorySettings(c, { owner: "acme", repo: "payments" });
    const before = c.stats.notModified;
    const again = await fetchRepositorySettings(c, { owner: "acme", repo: "payments" });
    expect(c.stats.notModified - before).toBeGreaterThanOrEqual(3);
    expect(again.protection?.requiredChecks).toEqual(["ci/test"]);
  });
});
