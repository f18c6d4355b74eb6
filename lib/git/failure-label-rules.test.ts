import { describe, expect, it } from "vitest";
import {
  assembleLabels, findReverted, isFixCandidate, isIgnorableLine, parseBlamePorcelain, parseZeroContextDiff, toSpans,
  type LabelCandidate,
} from "./failure-label-rules";

const c = (over: Partial<LabelCandidate> & { sha: string }): LabelCandidate => ({
  number: null, title: over.subject ?? "x", subject: "x", message: over.subject ?? "x", mergedAt: "2026-01-01T00:00:00Z", revertsSha: null, fileCount: 1, ...over,
});

describe("label rules", () => {
  it("recognises fixes by subject or title, never a revert", () => {
    expect(isFixCandidate(c({ sha: "1", subject: "fix(api): null check" }))).toBe(true);
    expect(isFixCandidate(c({ sha: "1", subject: "Merge pull request #4 from a/b", title: "Hotfix for checkout" }))).toBe(true);
    expect(isFixCandidate(c({ sha: "1", subject: "Incident 42 follow-up" }))).toBe(true);
    expect(isFixCandidate(c({ sha: "1", subject: "Add prefix option" }))).toBe(false);
    expect(isFixCandidate(c({ sha: "1", subject: 'Revert "fix: thing"' }))).toBe(false);
    expect(isFixCandidate(c({ sha: "1", subject: "debugger tooling" }))).toBe(false);
    expect(isFixCandidate(c({ sha: "1", subject: "Tidy up" }), /\btidy\b/i)).toBe(true);
  });

  it("finds the reverted change by sha prefix, by GitHub's 'Reverts owner/repo#N', and by quoted title", () => {
    const a = c({ sha: "aaaa1111", number: 7, subject: "Add cache (#7)", title: "Add cache" });
    const b = c({ sha: "bbbb2222", number: 8, subject: "Merge pull request #8 from x/y", title: "New login" });
    expect(findReverted(c({ sha: "r", revertsSha: "aaaa11" }), [a, b])).toEqual({ target: a, matchedBy: "sha" });
    expect(findReverted(c({ sha: "r", subject: 'Revert "New login"', message: 'Revert "New login"\n\nReverts acme/app#8' }), [a, b])).toEqual({ target: b, matchedBy: "pull-request" });
    expect(findReverted(c({ sha: "r", subject: 'Revert "Add cache (#7)" (#9)' }), [a, b])).toEqual({ target: a, matchedBy: "title" });
    expect(findReverted(c({ sha: "r", subject: 'Revert "Something else"' }), [a, b])).toBeNull();
  });

  it("reads old-side lines of a zero-context diff, with renames, quoted paths, added and binary files", () => {
    const diff = [
      "diff --git a/src/a.ts b/src/a.ts",
      "index 1..2 100644",
      "--- a/src/a.ts",
      "+++ b/src/a.ts",
      "@@ -3,2 +3 @@ fn",
      "-const x = 1;",
      "--- not a header",
      "+const x = 2;",
      "@@ -10,0 +10 @@",
      "+added",
      "diff --git a/old.ts b/new.ts",
      "similarity index 90%",
      "rename from old.ts",
      "rename to new.ts",
      "--- a/old.ts",
      "+++ b/new.ts",
      "@@ -1 +1 @@",
      "-a",
      "+b",
      'diff --git "a/src/caf\\303\\251.ts" "b/src/caf\\303\\251.ts"',
      '--- "a/src/caf\\303\\251.ts"',
      '+++ "b/src/caf\\303\\251.ts"',
      "@@ -2 +2 @@",
      "-x",
      "+y",
      "diff --git a/n.ts b/n.ts",
      "new file mode 100644",
      "--- /dev/null",
      "+++ b/n.ts",
      "@@ -0,0 +1 @@",
      "+n",
      "diff --git a/img.png b/img.png",
      "Binary files a/img.png and b/img.png differ",
    ].join("\n");
    expect(parseZeroContextDiff(diff)).toEqual([
      { oldPath: "src/a.ts", newPath: "src/a.ts", removed: [{ line: 3, text: "const x = 1;" }, { line: 4, text: "-- not a header" }], binary: false },
      { oldPath: "old.ts", newPath: "new.ts", removed: [{ line: 1, text: "a" }], binary: false },
      { oldPath: "src/café.ts", newPath: "src/café.ts", removed: [{ line: 2, text: "x" }], binary: false },
      { oldPath: "", newPath: "n.ts", removed: [], binary: false },
      { oldPath: "", newPath: "", removed: [], binary: true },
    ]);
  });

  it("ignores blank lines and whole-line comments by language, not code with a trailing comment", () => {
    expect(isIgnorableLine("   ", "a.ts")).toBe(true);
    expect(isIgnorableLine("  // note", "a.ts")).toBe(true);
    expect(isIgnorableLine(" * jsdoc", "a.ts")).toBe(true);
    expect(isIgnorableLine("x = 1 // note", "a.ts")).toBe(false);
    expect(isIgnorableLine("# note", "a.py")).toBe(true);
    expect(isIgnorableLine("# heading-like", "a.ts")).toBe(false);
    expect(isIgnorableLine("#!/bin/sh", "run.sh")).toBe(false);
    expect(isIgnorableLine("-- note", "q.sql")).toBe(true);
    expect(isIgnorableLine("<!-- x -->", "a.html")).toBe(true);
    expect(isIgnorableLine("*ptr = 1;", "a.c")).toBe(false);
  });

  it("groups lines into blame spans and reads porcelain output, boundary lines flagged", () => {
    expect(toSpans([5, 3, 4, 9, 9, 10])).toEqual([{ start: 3, end: 5 }, { start: 9, end: 10 }]);
    const a = "a".repeat(40);
    const b = "b".repeat(40);
    const porcelain = [
      `${a} 2 5 2`, "author X", "summary one", "filename src/old.ts", "\tline five",
      `${a} 3 6`, "\tline six",
      `${b} 1 9 1`, "author Y", "boundary", "filename src/new.ts", "\tline nine",
    ].join("\n");
    expect(parseBlamePorcelain(porcelain)).toEqual([
      { sha: a, origLine: 2, finalLine: 5, origPath: "src/old.ts", boundary: false },
      { sha: a, origLine: 3, finalLine: 6, origPath: "src/old.ts", boundary: false },
      { sha: b, origLine: 1, finalLine: 9, origPath: "src/new.ts", boundary: true },
    ]);
  });

  it("labels only changes inside the window before the fix, never boundary lines or the fix itself", () => {
    const old = c({ sha: "0".repeat(40), mergedAt: "2026-01-01T00:00:00Z" });
    const recent = c({ sha: "1".repeat(40), mergedAt: "2026-01-20T00:00:00Z" });
    const fix = c({ sha: "2".repeat(40), subject: "fix: x", mergedAt: "2026-02-05T00:00:00Z" });
    const blamed = (sha: string, line: number, boundary = false) => ({ sha, origLine: line, finalLine: line, origPath: "a.ts", boundary });
    const labels = assembleLabels([old, recent, fix], [{ fix, files: [{ path: "a.ts", blamed: [blamed(old.sha, 1), blamed(recent.sha, 2), blamed("9".repeat(40), 3, true)] }] }]);
    expect(labels.map((l) => l.failed)).toEqual([false, true, false]);
    expect(labels[1]!.evidence[0]).toMatchObject({ kind: "fix", daysAfter: 16, files: [{ path: "a.ts", lines: [2] }] });
  });
});
