import { describe, expect, it } from "vitest";
import { createHistoryTracker, isRevertChange } from "./history";
import { file, makeChange } from "./testing/make-change";

const at = (day: number) => `2026-01-${String(day).padStart(2, "0")}T10:00:00Z`;

describe("history tracker", () => {
  it("uses only earlier changes: no look-ahead", () => {
    const t = createHistoryTracker({ windowDays: 30 });
    const a = makeChange({ mergedAt: at(1), title: "add a", files: [file("src/a.ts", 10)] });
    const b = makeChange({ mergedAt: at(2), title: "fix: a crashes", files: [file("src/a.ts", 2)], author: { login: "bob", type: "User" } });
    const c = makeChange({ mergedAt: at(3), title: "tweak a", files: [file("src/a.ts", 1)] });
    expect(t.next(a).files).toEqual({});
    const hb = t.next(b);
    expect(hb.files["src/a.ts"]).toEqual({ changes: 1, reverts: 0, fixes: 0, authors: 1 });
    expect(hb.author).toEqual({ priorChanges: 0, touchedFilesKnown: 0 });
    const hc = t.next(c);
    expect(hc.files["src/a.ts"]).toEqual({ changes: 2, reverts: 0, fixes: 1, authors: 2 });
    expect(hc.author).toEqual({ priorChanges: 1, touchedFilesKnown: 1 });
  });

  it("summarize does not record; record is what makes history", () => {
    const t = createHistoryTracker();
    const a = makeChange({ mergedAt: at(1) });
    t.summarize(a);
    expect(t.summarize(a).author.priorChanges).toBe(0);
    t.record(a);
    expect(t.summarize(a).author.priorChanges).toBe(1);
  });

  it("drops events outside the window", () => {
    const t = createHistoryTracker({ windowDays: 5 });
    t.record(makeChange({ mergedAt: at(1), title: "fix x" }));
    expect(t.summarize(makeChange({ mergedAt: at(4) })).files["src/handler.ts"]?.fixes).toBe(1);
    expect(t.summarize(makeChange({ mergedAt: at(20) })).files["src/handler.ts"]).toBeUndefined();
  });

  it("counts reverts and carries history across renames; deletions forget the path", () => {
    const t = createHistoryTracker();
    t.record(makeChange({ mergedAt: at(1), files: [file("src/old.ts", 5)] }));
    t.record(makeChange({ mergedAt: at(2), title: 'Revert "add old"', files: [file("src/old.ts", 5)] }));
    t.record(makeChange({ mergedAt: at(3), files: [file("src/new.ts", 0, 0, { status: "renamed", previousPath: "src/old.ts" })] }));
    expect(t.summarize(makeChange({ mergedAt: at(4), files: [file("src/new.ts", 1)] })).files["src/new.ts"]).toEqual({ changes: 3, reverts: 1, fixes: 0, authors: 1 });
    t.record(makeChange({ mergedAt: at(5), files: [file("src/new.ts", 0, 9, { status: "removed" })] }));
    expect(t.summarize(makeChange({ mergedAt: at(6), files: [file("src/new.ts", 1, 0, { status: "added" })] })).files).toEqual({});
  });

  it("recognises reverts by title or by message", () => {
    expect(isRevertChange({ title: 'Revert "x"', body: "", commits: [] })).toBe(true);
    expect(isRevertChange({ title: "undo", body: "This reverts commit 0123456789abcdef.", commits: [] })).toBe(true);
    expect(isRevertChange({ title: "revertible flags", body: "", commits: [] })).toBe(false);
  });
});
