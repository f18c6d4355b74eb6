import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, renameSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHistoryTracker } from "@/lib/scoring/history";
import { readMergedChanges, type GitChange } from ".";
import { parseTrailers, revertedSha } from "./trailers";

let root: string;
let work: string;
let bare: string;

function git(...args: string[]): string {
  return execFileSync("git", ["-C", work, ...args], {
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "Alice", GIT_AUTHOR_EMAIL: "1+alice@users.noreply.github.com", GIT_COMMITTER_NAME: "GitHub", GIT_COMMITTER_EMAIL: "noreply@github.com", GIT_AUTHOR_DATE: date(), GIT_COMMITTER_DATE: date() },
  }).trim();
}
let clock = 0;
const date = () => `2026-01-01T00:00:00Z`.replace("00:00:00", `${String(Math.floor(clock / 60)).padStart(2, "0")}:${String(clock % 60).padStart(2, "0")}:00`);
const tick = () => clock++;
function put(path: string, content: string | Buffer) {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), content);
}
function commit(message: string) {
  tick();
  git("add", "-A");
  git("commit", "-q", "--allow-empty", "-m", message);
}

async function readAll(dir: string, ref?: string): Promise<GitChange[]> {
  const out: GitChange[] = [];
  for await (const c of readMergedChanges({ dir, repo: "acme/app", ref })) out.push(c);
  return out;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "rl-git-"));
  work = join(root, "work");
  mkdirSync(work);
  git("init", "-q", "-b", "main");
  put("src/app.ts", "a\nb\nc\n");
  put("logo.png", Buffer.from([0, 1, 2, 3, 0, 255]));
  commit("Initial import");
  // squash merge with trailers in odd case
  put("src/app.ts", "a\nb\nc\nd\n");
  put("src/new.ts", "x\n");
  commit("Add d (#12)\n\nBody text.\n\nCO-AUTHORED-BY: Claude <noreply@anthropic.com>\nsigned-off-by: Alice <a@x.io>");
  // a feature branch with main merged into it, merged by a merge commit
  git("checkout", "-q", "-b", "feature");
  renameSync(join(work, "src/new.ts"), join(work, "src/renamed.ts"));
  put("logo.png", Buffer.from([9, 9, 0, 0, 1]));
  commit("Rename and new logo\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>");
  git("checkout", "-q", "main");
  put("README.md", "readme\n");
  commit("Direct push of a readme");
  git("checkout", "-q", "feature");
  tick();
  git("merge", "-q", "--no-edit", "main", "-m", "Merge branch 'main' into feature");
  git("checkout", "-q", "main");
  tick();
  git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #13 from acme/feature\n\nRename module and refresh logo");
  const squash = git("log", "--format=%H", "--grep", "(#12)");
  put("src/app.ts", "a\nb\nc\n");
  commit(`Revert "Add d (#12)" (#14)\n\nThis reverts commit ${squash}.`);
  put("src/app.ts", "a\nb\nc\nfixed\n");
  commit("fix: app crash (#15)");
  bare = join(root, "bare.git");
  execFileSync("git", ["clone", "-q", "--bare", work, bare]);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("readMergedChanges", () => {
  it("reads first-parent history oldest first, recognising merges, squashes and direct pushes", async () => {
    const changes = await readAll(work);
    expect(changes.map((c) => [c.number, c.title])).toEqual([
      [null, "Initial import"],
      [12, "Add d"],
      [null, "Direct push of a readme"],
      [13, "Rename module and refresh logo"],
      [14, 'Revert "Add d (#12)"'],
      [15, "fix: app crash"],
    ]);
    for (const c of changes) {
      expect(c.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(c.mergedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it("gives files with status, line counts, binary as null and renames", async () => {
    const [init, squash, , merge] = await readAll(work);
    expect(init!.files).toEqual([
      { path: "logo.png", status: "added", additions: null, deletions: null },
      { path: "src/app.ts", status: "added", additions: 3, deletions: 0 },
    ]);
    expect(squash!.files).toEqual([
      { path: "src/app.ts", status: "modified", additions: 1, deletions: 0 },
      { path: "src/new.ts", status: "added", additions: 1, deletions: 0 },
    ]);
    // diffed against the first parent: the readme merged from main into the branch is not part of the change
    expect(merge!.files).toEqual([
      { path: "logo.png", status: "modified", additions: null, deletions: null },
      { path: "src/renamed.ts", previousPath: "src/new.ts", status: "renamed", additions: 0, deletions: 0 },
    ]);
  });

  it("keeps every trailer, authors, merger and reverts", async () => {
    const [, squash, , merge, revert] = await readAll(work);
    expect(squash!.commits[0]!.trailers).toEqual([
      { key: "CO-AUTHORED-BY", value: "Claude <noreply@anthropic.com>" },
      { key: "signed-off-by", value: "Alice <a@x.io>" },
    ]);
    expect(squash!.author.login).toBe("alice");
    expect(merge!.mergedBy!.login).toBe("alice");
    expect(merge!.headRef).toBe("feature");
    expect(merge!.commits.map((c) => c.parentCount)).toEqual([2, 2, 1]);
    expect(merge!.commits[1]!.message).toContain("Merge branch 'main' into feature");
    expect(revert!.revertsSha).toBe(squash!.sha);
  });

  it("reads a bare repository the same way", async () => {
    const a = await readAll(work);
    const b = await readAll(bare, "main");
    expect(b.map((c) => [c.sha, c.number, c.files.length])).toEqual(a.map((c) => [c.sha, c.number, c.files.length]));
  });

  it("builds history from earlier changes only", async () => {
    const tracker = createHistoryTracker();
    const seen: number[] = [];
    for await (const c of readMergedChanges({ dir: bare, repo: "acme/app" })) {
      seen.push(tracker.next(c).files["src/app.ts"]?.changes ?? 0);
    }
    expect(seen).toEqual([0, 1, 0, 0, 2, 3]);
  });

  it("fails clearly on a missing repository or revision", async () => {
    await expect(readAll(join(root, "nope"))).rejects.toThrow(/not a directory/);
    await expect(readAll(work, "no-such-branch")).rejects.toThrow(/no such revision/);
  });

  it("score-git writes exactly the documented line format", () => {
    const out = join(root, "out.jsonl");
    execFileSync("npx", ["tsx", "lib/cli/main.ts", "score-git", "--git-dir", bare, "--repo", "acme/app", "--out", out], { cwd: process.cwd(), stdio: "pipe" });
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(["repo", "number", "sha", "mergedAt", "risk", "band", "signals", "aiOrigin", "reasons"]);
      expect(Object.keys(l.signals)).toEqual(["scope", "criticality", "compliance", "policy", "verification", "review", "history"]);
      expect(l.risk).toBeGreaterThanOrEqual(0);
      expect(l.risk).toBeLessThanOrEqual(100);
    }
    expect(lines[1].aiOrigin).toBe(true);
    expect(lines[3].aiOrigin).toBe(true);
    expect(lines[0].aiOrigin).toBe(false);
  });
});

describe("trailers", () => {
  it.each<[string, string, Array<[string, string]>]>([
    ["none", "subject only", []],
    ["last paragraph only", "s\n\nCo-authored-by: A <a@x>\n\nbody", []],
    ["folded value", "s\n\nbody\n\nReviewed-by: A\n  and B\nAcked-by: C", [["Reviewed-by", "A and B"], ["Acked-by", "C"]]],
    ["cherry-pick note tolerated", "s\n\nSigned-off-by: A\n(cherry picked from commit abc123)", [["Signed-off-by", "A"]]],
    ["prose is not a trailer block", "s\n\nNote: this is prose\nand continues here", []],
  ])("%s", (_n, msg, expected) => {
    expect(parseTrailers(msg).map((t) => [t.key, t.value])).toEqual(expected);
  });
  it("finds the reverted sha", () => {
    expect(revertedSha("x\n\nThis reverts commit ABCDEF1234567.")).toBe("abcdef1234567");
    expect(revertedSha("nothing")).toBeNull();
  });
});
