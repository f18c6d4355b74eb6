import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FIXTURE_TOKEN, fixtureDataset } from "../../github-simulator/fixtures";
import { startSimulator } from "../../github-simulator/server";
import { runCli as cli } from "../../../test/cli";

let sim: Awaited<ReturnType<typeof startSimulator>>;
const dataset = fixtureDataset({ pullRequests: 30 });
const expected = dataset.repos[0]!.pullRequests.filter((p) => p.state !== "closed").length;

beforeAll(async () => {
  sim = await startSimulator({ dataset });
});
afterAll(async () => sim?.stop());

it("syncs headless into the embedded database, prints a summary, and a second run stores nothing new", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "rl-cli-sync-"));
  const env = { DATA_DIR: dataDir, GITHUB_TOKEN: FIXTURE_TOKEN, GITHUB_API_URL: sim.url };
  const first = await cli(["sync", "--repo", "acme/payments", "--org", "acme"], env);
  expect(first.stderr).not.toContain(FIXTURE_TOKEN);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toContain(`sync succeeded: 1/1 repositories, ${expected} pull requests fetched, ${expected} scored, 0 errors`);
  const second = await cli(["sync", "--repo", "acme/payments", "--org", "acme"], env);
  expect(second.code, second.stderr).toBe(0);
  expect(second.stdout).toContain("0 scored");

  const merged = dataset.repos[0]!.pullRequests.filter((p) => p.state === "merged").length;
  const jsonl = await cli(["ledger", "--org", "acme"], env);
  expect(jsonl.code, jsonl.stderr).toBe(0);
  const rows = jsonl.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(rows).toHaveLength(merged);
  expect(Object.keys(rows[0]!)).toEqual(["repo", "number", "title", "author", "mergeSha", "mergedAt", "risk", "band", "aiOrigin", "files", "truncated"]);
  expect(rows.map((r) => r.mergedAt as string)).toEqual(rows.map((r) => r.mergedAt as string).sort());
  const csv = await cli(["ledger", "--org", "acme", "--format", "csv", "--since", "2099-01-01"], env);
  expect(csv.stdout.trim()).toBe("repo,number,title,author,mergeSha,mergedAt,risk,band,aiOrigin,files,truncated");
  expect((await cli(["ledger", "--org", "acme", "--since", "yesterday"], env)).code).toBe(2);
}, 180_000);

it("fails clearly on a bad token and an unreachable repository", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "rl-cli-sync-"));
  const bad = await cli(["sync", "--repo", "acme/payments"], { DATA_DIR: dataDir, GITHUB_TOKEN: "ghp_wrongwrongwrongwrongwrongwrong0000", GITHUB_API_URL: sim.url });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/rejected this token/);
  expect(bad.stderr).not.toContain("ghp_wrong");
  const missing = await cli(["sync", "--repo", "acme/elsewhere"], { DATA_DIR: dataDir, GITHUB_TOKEN: FIXTURE_TOKEN, GITHUB_API_URL: sim.url });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/does not reach acme\/elsewhere/);
}, 180_000);
