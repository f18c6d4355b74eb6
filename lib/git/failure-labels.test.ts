import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCompiledPolicy } from "@/lib/policy";
import { excludedPathsOf, labelFailuresFromClone, type FailureLabelResult } from "./failure-labels";
import type { FailureLabel } from "./failure-label-rules";

/*
 * A generated history with known outcomes. Each pull request is a squash commit "<title> (#N)" on main, except #13
 * which is a real merge of a two-commit branch. Day numbers are days after 2026-01-01 (committer dates).
 */
let root: string;
let work: string;
let bare: string;
let result: FailureLabelResult;
let day = 0;

function git(...args: string[]): string {
  const at = `2026-01-01T00:00:00Z`;
  const date = new Date(Date.parse(at) + day * 86_400_000 + counter * 60_000).toISOString();
  return execFileSync("git", ["-C", work, ...args], {
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "Dev", GIT_AUTHOR_EMAIL: "dev@example.test", GIT_COMMITTER_NAME: "GitHub", GIT_COMMITTER_EMAIL: "noreply@github.com", GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  }).trim();
}
let counter = 0;
function put(path: string, content: string) {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), content);
}
function commit(atDay: number, message: string, files: Record<string, string> = {}): string {
  day = atDay;
  counter++;
  for (const [p, c] of Object.entries(files)) put(p, c);
  git("add", "-A");
  git("commit", "-q", "--allow-empty", "-m", message);
  return git("rev-parse", "HEAD");
}
const lines = (...xs: string[]) => `${xs.join("\n")}\n`;
const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `const ${prefix}${i + 1} = ${i + 1};`);

const sha: Record<string, string> = {};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rl-labels-"));
  work = join(root, "work");
  mkdirSync(work);
  git("init", "-q", "-b", "main");
  sha.init = commit(0, "Initial import", {
    "src/a.ts": lines(...numbered("a", 5)),
    "src/shared.ts": lines(...numbered("s", 4)),
    "src/old.ts": lines("export const keep = 1;"),
    "README.md": lines("# app"),
  });
  // #1 adds a2..a4 lines to a.ts; fixed on day 5 (#2) → failed by fix.
  sha.pr1 = commit(1, "Add feature A (#1)", { "src/a.ts": lines(...numbered("a", 5), "export function featureA() {", "  return a1 + a2;", "}") });
  // #3 adds production code and a test; only the test is fixed later (#4) → not failed.
  sha.pr3 = commit(2, "Add B helper (#3)", {
    "src/b.ts": lines("export const b = () => 2;"),
    "src/b.test.ts": lines("import { b } from './b';", "test('b', () => expect(b()).toBe(3));"),
  });
  // #5 is reverted with "This reverts commit" (#6) → failed by revert.
  sha.pr5 = commit(3, "Add C (#5)", { "src/c.ts": lines("export const c = 3;") });
  // #7 is fixed, but on day 45: outside the 30-day window → not failed.
  sha.pr7 = commit(4, "Old feature (#7)", { "src/old.ts": lines("export const keep = 1;", "export const old = compute();") });
  sha.pr2 = commit(5, "fix: crash in feature A (#2)", { "src/a.ts": lines(...numbered("a", 5), "export function featureA() {", "  return a1 + (a2 ?? 0);", "}") });
  sha.pr4 = commit(6, "fix: flaky test (#4)", { "src/b.test.ts": lines("import { b } from './b';", "test('b', () => expect(b()).toBe(2));") });
  execFileSync("git", ["-C", work, "rm", "-q", "src/c.ts"]);
  sha.pr6 = commit(7, `Revert "Add C (#5)" (#6)\n\nThis reverts commit ${sha.pr5}.`);
  // #9's lines are touched by a 51-file sweep (#10) → skipped, #9 not failed.
  sha.pr9 = commit(8, "Add D (#9)", { "src/d.ts": lines("export const d = 4;", "export const dd = 5;") });
  const sweep: Record<string, string> = { "src/d.ts": lines("export const d = 40;", "export const dd = 5;") };
  for (let i = 0; i < 50; i++) sweep[`src/gen/m${i}.ts`] = lines(`export const m${i} = ${i};`);
  sha.pr10 = commit(9, "fix: bug sweep across modules (#10)", sweep);
  // #11 writes code, a comment and a blank line; a fix (#12) edits only the comment and the blank line → not failed.
  sha.pr11 = commit(10, "Tweak E (#11)", { "src/e.ts": lines("export const e = 1;", "// explains e", "", "export const e2 = 2;") });
  sha.pr12 = commit(11, "fix: typo in comment (#12)", { "src/e.ts": lines("export const e = 1;", "// explains e properly", "  ", "export const e2 = 2;") });
  // #13 is a merge commit of a two-commit branch; hotfix #14 edits the branch's lines → the merge commit failed.
  git("checkout", "-q", "-b", "feat");
  commit(12, "f: first", { "src/f.ts": lines("export const f1 = 1;") });
  commit(12, "f: second", { "src/f.ts": lines("export const f1 = 1;", "export const f2 = 2;") });
  git("checkout", "-q", "main");
  day = 13;
  counter++;
  git("merge", "-q", "--no-ff", "feat", "-m", "Merge pull request #13 from acme/feat\n\nAdd F module");
  sha.pr13 = git("rev-parse", "HEAD");
  sha.pr14 = commit(14, "hotfix: f2 value (#14)", { "src/f.ts": lines("export const f1 = 1;", "export const f2 = 22;") });
  // #15 is reverted by title only (#16).
  sha.pr15 = commit(15, "Add G (#15)", { "src/g.ts": lines("export const g = 7;") });
  execFileSync("git", ["-C", work, "rm", "-q", "src/g.ts"]);
  sha.pr16 = commit(16, `Revert "Add G (#15)" (#16)`);
  // #17 and #18 each add a line to shared.ts; a fix (#20) edits both lines; a refactor (#19, not a fix) and a
  // whitespace-only fix (#21) edit #17's and #18's lines without labelling anyone.
  sha.pr17 = commit(17, "Shared one (#17)", { "src/shared.ts": lines(...numbered("s", 4), "export const one = 1;") });
  sha.pr18 = commit(18, "Shared two (#18)", { "src/shared.ts": lines(...numbered("s", 4), "export const one = 1;", "export const two = 2;") });
  sha.pr21 = commit(19, "fix: formatting (#21)", { "src/shared.ts": lines(...numbered("s", 4), "export  const one = 1;", "export const two  = 2;") });
  sha.pr19 = commit(19, "Refactor s1 (#19)", { "src/shared.ts": lines("const s1 = 100;", ...numbered("s", 4).slice(1), "export  const one = 1;", "export const two  = 2;") });
  sha.pr20 = commit(20, "fix(shared): regression in one and two (#20)", { "src/shared.ts": lines("const s1 = 100;", ...numbered("s", 4).slice(1), "export const one = 11;", "export const two = 22;") });
  // #22 adds h.ts; #23 renames it; fix #24 edits the renamed file → #22 failed, its evidence names the old path.
  sha.pr22 = commit(21, "Add H (#22)", { "src/h.ts": lines("export const h1 = 1;", "export const h2 = 2;", "export const h3 = 3;") });
  renameSync(join(work, "src/h.ts"), join(work, "src/h2.ts"));
  sha.pr23 = commit(22, "Move H (#23)");
  sha.pr24 = commit(23, "Bug: h3 off by one (#24)", { "src/h2.ts": lines("export const h1 = 1;", "export const h2 = 2;", "export const h3 = 4;") });
  sha.pr25 = commit(45, "fix: old feature regression (#25)", { "src/old.ts": lines("export const keep = 1;", "export const old = compute(1);") });
  sha.pr26 = commit(46, "Docs (#26)", { "README.md": lines("# app", "more") });

  bare = join(root, "bare.git");
  execFileSync("git", ["clone", "-q", "--bare", work, bare]);
  result = await labelFailuresFromClone({ dir: bare, repo: "acme/app", isExcludedPath: excludedPathsOf(defaultCompiledPolicy(), "acme/app") });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const labelOf = (key: string): FailureLabel => {
  const l = result.labels.find((x) => x.sha === sha[key]);
  if (!l) throw new Error(`no label for ${key}`);
  return l;
};

describe("failure labels from a generated history", () => {
  it("recovers exactly the known failures and no innocent change", () => {
    const failed = result.labels.filter((l) => l.failed).map((l) => Object.entries(sha).find(([, v]) => v === l.sha)![0]).sort();
    expect(failed).toEqual(["pr1", "pr13", "pr15", "pr17", "pr18", "pr22", "pr5"].sort());
    expect(result.labels).toHaveLength(Object.keys(sha).length);
  });

  it("records the fix, the file and the lines behind an SZZ label", () => {
    expect(labelOf("pr1").evidence).toEqual([
      { kind: "fix", bySha: sha.pr2, byNumber: 2, byTitle: "fix: crash in feature A", daysAfter: 4, files: [{ path: "src/a.ts", lines: [7], changePath: "src/a.ts", changeLines: [7] }] },
    ]);
    const shared17 = labelOf("pr17").evidence;
    const shared18 = labelOf("pr18").evidence;
    expect(shared17.map((e) => [e.kind, e.bySha])).toEqual([["fix", sha.pr20]]);
    expect(shared18.map((e) => [e.kind, e.bySha])).toEqual([["fix", sha.pr20]]);
    expect(shared17[0]!.kind === "fix" && shared17[0]!.files).toEqual([{ path: "src/shared.ts", lines: [5], changePath: "src/shared.ts", changeLines: [5] }]);
    expect(shared18[0]!.kind === "fix" && shared18[0]!.files).toEqual([{ path: "src/shared.ts", lines: [6], changePath: "src/shared.ts", changeLines: [6] }]);
  });

  it("blames along the first-parent line: a merged branch's lines belong to its merge commit", () => {
    const e = labelOf("pr13").evidence;
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ kind: "fix", bySha: sha.pr14, byNumber: 14, files: [{ path: "src/f.ts", lines: [2] }] });
  });

  it("follows a rename back to the change that wrote the lines", () => {
    expect(labelOf("pr22").evidence).toEqual([
      { kind: "fix", bySha: sha.pr24, byNumber: 24, byTitle: "Bug: h3 off by one", daysAfter: 2, files: [{ path: "src/h2.ts", lines: [3], changePath: "src/h.ts", changeLines: [3] }] },
    ]);
  });

  it("matches reverts by sha and by title", () => {
    expect(labelOf("pr5").evidence).toEqual([{ kind: "revert", bySha: sha.pr6, byNumber: 6, byTitle: `Revert "Add C (#5)"`, matchedBy: "sha", daysAfter: 4 }]);
    expect(labelOf("pr15").evidence).toEqual([{ kind: "revert", bySha: sha.pr16, byNumber: 16, byTitle: `Revert "Add G (#15)"`, matchedBy: "title", daysAfter: 1 }]);
  });

  it("leaves out tests-only fixes, fixes after 30 days, fixes over 50 files, comment/blank/whitespace edits and non-fixes", () => {
    for (const k of ["pr3", "pr7", "pr9", "pr11", "init"]) expect(labelOf(k), k).toMatchObject({ failed: false, evidence: [] });
    expect(result.stats).toMatchObject({ fixesSkippedTooLarge: 1, reverts: 2 });
    // #4 (tests only), #12 (comment and blank line) and #21 (whitespace only) leave nothing to blame.
    expect(result.stats.fixesWithNoCountedLines).toBe(3);
  });

  it("marks labels of the last 30 days as not settled, unless they already failed", () => {
    // The newest change merged on day 46: everything after day 16 is still inside a possible fix's window.
    expect(labelOf("pr16").settled).toBe(true);
    expect(labelOf("pr19").settled).toBe(false);
    expect(labelOf("pr22").settled).toBe(true);
    expect(labelOf("pr26").settled).toBe(false);
  });

  it("gives the same labels from the working clone as from the bare one", async () => {
    const again = await labelFailuresFromClone({ dir: work, repo: "acme/app", isExcludedPath: excludedPathsOf(defaultCompiledPolicy(), "acme/app"), concurrency: 1 });
    expect(again.labels).toEqual(result.labels);
  });
});
