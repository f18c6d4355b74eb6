import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHistoryIndex } from "./history-index";
import { createHistoryTracker } from "./history";
import type { Change } from "./types";

const base = Date.parse("2026-03-01T00:00:00Z");
function change(i: number, author: string, paths: string[], title = `change ${i}`): Change {
  const at = new Date(base + i * 3_600_000).toISOString();
  return {
    repo: "a/b", number: i, title, body: "", state: "merged", author: { login: author, type: "User" },
    createdAt: at, mergedAt: at, mergedBy: null, baseRef: "main", headRef: `h${i}`, headSha: null, mergeSha: null,
    labels: [], commits: [], files: paths.map((p) => ({ path: p, status: "modified", additions: 1, deletions: 0 })),
    reviews: null, requestedReviewers: [], checks: null,
  };
}

describe("history index", () => {
  it("counts only changes merged strictly before, inside the window", () => {
    const index = createHistoryIndex({ windowDays: 1 });
    index.put("1", change(1, "ann", ["a.ts"], "fix: crash"));
    index.put("2", change(2, "bob", ["a.ts", "b.ts"]));
    index.put("40", change(40, "ann", ["a.ts"]));
    const probe = change(30, "ann", ["a.ts", "c.ts"]);
    const s = index.summarize(probe, Date.parse(probe.mergedAt!));
    // change 1 and 2 are 28-29 hours before: outside a one-day window; change 40 is after.
    expect(s.files["a.ts"]).toBeUndefined();
    expect(s.author).toEqual({ priorChanges: 1, touchedFilesKnown: 1 });
    const near = change(3, "cy", ["a.ts"]);
    expect(index.summarize(near, Date.parse(near.mergedAt!)).files["a.ts"]).toEqual({ changes: 2, reverts: 0, fixes: 1, authors: 2 });
  });

  it("replaces a re-added change instead of counting it twice", () => {
    const index = createHistoryIndex();
    index.put("1", change(1, "ann", ["a.ts"]));
    index.put("1", change(1, "ann", ["a.ts", "b.ts"]));
    const probe = change(5, "bob", ["a.ts", "b.ts"]);
    const s = index.summarize(probe, Date.parse(probe.mergedAt!));
    expect(s.files["a.ts"]!.changes).toBe(1);
    expect(s.files["b.ts"]!.changes).toBe(1);
    expect(index.size).toBe(1);
  });

  it("answers the same whatever the arrival order, and agrees with the oldest-first tracker", () => {
    const authors = ["ann", "bob", "cy"];
    const paths = ["a.ts", "b.ts", "c.ts", "d.ts"];
    const history = fc.array(
      fc.record({ author: fc.constantFrom(...authors), files: fc.subarray(paths, { minLength: 1 }), fix: fc.boolean() }),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(history, fc.infiniteStream(fc.nat()), (events, seeds) => {
        const changes = events.map((e, i) => change(i + 1, e.author, e.files, e.fix ? "fix: it" : "feat: it"));
        const tracker = createHistoryTracker({ windowDays: 90 });
        const expected = changes.map((c) => tracker.next(c));
        const shuffled = [...changes];
        const it = seeds[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = it.next().value! % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const index = createHistoryIndex({ windowDays: 90 });
        for (const c of shuffled) index.put(String(c.number), c);
        changes.forEach((c, i) => {
          expect(index.summarize(c, Date.parse(c.mergedAt!))).toEqual(expected[i]);
        });
      }),
      { numRuns: 60 },
    );
  });
});
