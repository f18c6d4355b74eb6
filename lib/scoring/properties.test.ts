import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreChange } from "./score-change";
import { examplePolicy } from "@/lib/policy/testing/example-policy";
import { context, emptyHistory, makeChange } from "./testing/make-change";
import type { Change, ChangeFile, ChangeReview } from "./types";

const pathArb = fc.constantFrom(
  "apps/admin/page.tsx", "apps/marketing/hero.tsx", "services/billing/invoice.ts", "services/identity/session.ts",
  "tools/x.ts", "README.md", "src/a.test.ts", "db/migrations/001.sql", ".github/workflows/ci.yml", "apps/checkout/cart.tsx",
);
const fileArb: fc.Arbitrary<ChangeFile> = fc.record({
  path: pathArb,
  status: fc.constantFrom("added", "modified", "removed") as fc.Arbitrary<ChangeFile["status"]>,
  additions: fc.option(fc.nat(3000), { nil: null }),
  deletions: fc.option(fc.nat(3000), { nil: null }),
});
const reviewArb: fc.Arbitrary<ChangeReview> = fc.record({
  reviewer: fc.constantFrom("carol", "dave", "alice", "bot[bot]"),
  reviewerType: fc.constantFrom("User", "Bot") as fc.Arbitrary<"User" | "Bot">,
  state: fc.constantFrom("APPROVED", "COMMENTED", "CHANGES_REQUESTED") as fc.Arbitrary<ChangeReview["state"]>,
  submittedAt: fc.constantFrom("2026-03-02T09:30:00Z", "2026-03-02T14:00:00Z", null),
  commitSha: fc.constantFrom("h".repeat(40), "o".repeat(40), null),
});
const changeArb: fc.Arbitrary<Change> = fc
  .record({
    files: fc.uniqueArray(fileArb, { selector: (f) => f.path, maxLength: 8 }),
    reviews: fc.option(fc.array(reviewArb, { maxLength: 3 }), { nil: null }),
    ai: fc.boolean(),
    selfMerge: fc.boolean(),
    title: fc.constantFrom("PAY-1 work", "work", "fix: thing"),
  })
  .map(({ files, reviews, ai, selfMerge, title }) =>
    makeChange({
      title,
      files,
      reviews,
      mergedBy: { login: selfMerge ? "alice" : "bob", type: "User" },
      commits: [{ sha: "c".repeat(40), message: title, trailers: ai ? [{ key: "Co-authored-by", value: "Claude <noreply@anthropic.com>" }] : [] }],
    }),
  );
const historyArb = fc.record({ priorChanges: fc.nat(100), touchedFilesKnown: fc.nat(10) });

describe("properties", () => {
  it("adding an unreviewed payments file never lowers risk", () => {
    fc.assert(
      fc.property(changeArb, historyArb, fc.nat(2000), (change, author, lines) => {
        const ctx = context({ policy: examplePolicy(), history: emptyHistory(author) });
        const before = scoreChange(change, ctx);
        const payments: ChangeFile = { path: "services/payments/card-vault/new.ts", status: "added", additions: lines, deletions: 0 };
        const after = scoreChange({ ...change, files: [...change.files, payments] }, ctx);
        expect(after.risk).toBeGreaterThanOrEqual(before.risk);
      }),
      { numRuns: 300 },
    );
  });

  it("identical input gives identical output", () => {
    fc.assert(
      fc.property(changeArb, historyArb, (change, author) => {
        const ctx = context({ policy: examplePolicy(), history: emptyHistory(author) });
        const a = scoreChange(change, ctx);
        const b = scoreChange(structuredClone(change), context({ policy: examplePolicy(), history: emptyHistory(author) }));
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      { numRuns: 200 },
    );
  });

  it("risk stays within 0–100, points add up, signals within 0–1", () => {
    fc.assert(
      fc.property(changeArb, historyArb, (change, author) => {
        const a = scoreChange(change, context({ policy: examplePolicy(), history: emptyHistory(author) }));
        expect(a.risk).toBeGreaterThanOrEqual(0);
        expect(a.risk).toBeLessThanOrEqual(100);
        for (const s of Object.values(a.signals)) {
          expect(s.value).toBeGreaterThanOrEqual(0);
          expect(s.value).toBeLessThanOrEqual(1);
        }
        const points = Object.values(a.signals).reduce((s, x) => s + x.points, 0);
        expect(Math.abs(points - a.risk)).toBeLessThan(0.1);
      }),
      { numRuns: 200 },
    );
  });

  it("AI origin never lowers risk", () => {
    fc.assert(
      fc.property(changeArb, (change) => {
        const ctx = context({ policy: examplePolicy() });
        const human = { ...change, commits: [{ sha: "c".repeat(40), message: "x", trailers: [] }] };
        const agent = { ...change, commits: [{ sha: "c".repeat(40), message: "x", trailers: [{ key: "co-authored-by", value: "Cursor Agent <cursoragent@cursor.com>" }] }] };
        expect(scoreChange(agent, ctx).risk).toBeGreaterThanOrEqual(scoreChange(human, ctx).risk);
      }),
      { numRuns: 200 },
    );
  });
});
