import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPolicy } from "@/lib/policy";
import { runCli } from "../../../test/cli";

const dir = mkdtempSync(join(tmpdir(), "rl-calibrate-"));
const repo = join(dir, "repo.git");
const T0 = Date.parse("2026-01-01T00:00:00Z") / 1000;
const failedFeatures: number[] = [];

async function cli(args: string[]): Promise<{ out: string; stdout: string; code: number | null }> {
  const run = await runCli(["calibrate", ...args]);
  return { out: run.output, stdout: run.stdout, code: run.code };
}

/**
 * A bare repository built with fast-import: 50 features (PR #1–#50), each adding src/f<i>.ts; every even one is
 * followed a day later by a fix editing its second line, every odd one by a docs change.
 */
beforeAll(() => {
  mkdirSync(repo);
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", repo]);
  const parts: string[] = [];
  let mark = 0;
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  const commit = (day: number, message: string, path: string, content: string) => {
    mark++;
    parts.push(
      `commit refs/heads/main\nmark :${mark}\ncommitter GitHub <noreply@github.com> ${T0 + day * 86_400 + mark} +0000\n${data(message)}` +
        `${mark > 1 ? `from :${mark - 1}\n` : ""}M 100644 inline ${path}\n${data(content)}`,
    );
  };
  for (let i = 1; i <= 50; i++) {
    const code = `export const a${i} = ${i};\nexport const b${i} = a${i} * 2;\nexport const c${i} = b${i} + 1;\n`;
    commit(2 * i, `Add feature ${i} (#${i})`, `src/f${i}.ts`, code);
    if (i % 2 === 0) {
      failedFeatures.push(i);
      commit(2 * i + 1, `fix: feature ${i} doubling (#${100 + i})`, `src/f${i}.ts`, code.replace(`a${i} * 2`, `a${i} * 3`));
    } else {
      commit(2 * i + 1, `Docs for feature ${i} (#${100 + i})`, `docs/f${i}.md`, `feature ${i}\n`);
    }
  }
  execFileSync("git", ["-C", repo, "fast-import", "--quiet"], { input: parts.join("") });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("calibrate command", () => {
  it("labels a clone's history, stores the evidence, and is honest about too few failures", async () => {
    const labelsOut = join(dir, "labels.jsonl");
    const { out, code } = await cli(["--git-dir", repo, "--repo", "acme/app", "--labels-out", labelsOut]);
    expect(code).toBe(0);
    const labels = readFileSync(labelsOut, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(labels).toHaveLength(100);
    expect(labels.filter((l) => l.failed).map((l) => l.number)).toEqual(failedFeatures);
    const first = labels.find((l) => l.number === 2);
    expect(first.evidence).toEqual([
      { kind: "fix", bySha: expect.stringMatching(/^[0-9a-f]{40}$/), byNumber: 102, byTitle: "fix: feature 2 doubling", daysAfter: 1, files: [{ path: "src/f2.ts", lines: [2], changePath: "src/f2.ts", changeLines: [2] }] },
    ]);
    // Changes of the last 30 days are not settled and take no part; the evaluation period holds only a few failures.
    expect(out).toMatch(/changes merged too recently for their outcome to be final are left out/);
    expect(out).toMatch(/too few failures to judge: \d+ failed/);
    expect(out).toMatch(/labelled 100 changes in [\d.]+s: 25 failed \(0 reverts; 25 fixes, 0 skipped/);
  });

  it("prints the figures once the threshold is met, and writes an adoptable policy", async () => {
    const adopt = join(dir, "adopted.yaml");
    const { stdout, code } = await cli(["--git-dir", repo, "--repo", "acme/app", "--min-failures", "3", "--adopt-out", adopt, "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.report.evaluation.overall.judged).toBe(true);
    expect(json.report.evaluation.overall.failures).toBeGreaterThanOrEqual(3);
    expect(json.labels.fixes).toBe(25);
    const loaded = loadPolicy(readFileSync(adopt, "utf8"));
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.policy.weights).toEqual(json.report.proposed.weights);
  });

  it("calibrates a labelled dataset file and reports the split, the baseline and the fit", async () => {
    const file = join(dir, "data.jsonl.gz");
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      const big = i % 5 === 0;
      const failed = big ? i % 10 === 0 : i % 17 === 0;
      lines.push(JSON.stringify({
        repo: "acme/data", number: i + 1, sha: i.toString(16).padStart(40, "0"), mergedAt: new Date((T0 + i * 40_000) * 1000).toISOString(),
        title: `Change ${i}`, author: `dev-${i % 7}`, authorEmail: null, coAuthors: [], aiSignals: [],
        files: [{ path: `src/m${i % 13}.ts`, additions: big ? 400 + i : 3 + (i % 9), deletions: 1, status: "M" }],
        isRevert: false, revertsPr: null, label: { failed, reason: failed ? "fix" : null },
      }));
    }
    lines.splice(5, 0, "{not json");
    writeFileSync(file, gzipSync(lines.join("\n")));
    const { out, code } = await cli(["--input", file, "--min-failures", "5"]);
    expect(code).toBe(0);
    expect(out).toMatch(/line 6: not valid JSON/);
    expect(out).toMatch(/fit on the oldest 70% \(280 changes/);
    expect(out).toMatch(/report on the newest 30% \(120 changes/);
    expect(out).toMatch(/lines added \(baseline\)\s+\d\.\d{3}/);
    expect(out).toMatch(/weights: \{ scope: [\d.]+, criticality: 0\.15,/);
  });

  it("explains bad arguments", async () => {
    expect(await cli(["--repo", "acme/app"])).toMatchObject({ code: 1, out: expect.stringContaining("give either --git-dir (with --repo) or --input") });
    expect((await cli(["--git-dir", repo])).out).toContain("--repo owner/name is required with --git-dir");
    expect((await cli(["--git-dir", repo, "--repo", "acme/app", "--fix-pattern", "("])).out).toContain("--fix-pattern is not a valid regular expression");
  });

  it("documents itself", async () => {
    const help = (await cli(["--help"])).out;
    for (const flag of ["--git-dir", "--repo", "--policy", "--ref", "--input", "--train-fraction", "--min-failures", "--adopt-out"]) expect(help).toContain(flag);
  });
});
