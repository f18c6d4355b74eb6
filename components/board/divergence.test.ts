import { describe, expect, it } from "vitest";
import { boardKpis } from "./kpis";
import { divergentSpans, trendReading } from "./divergence";
import { emptyBucket } from "@/db/queries/board";

describe("board readings", () => {
  const pts = [
    { week: "w1", pri: 80, merged: 10 },
    { week: "w2", pri: 78, merged: 12 },
    { week: "w3", pri: 75, merged: 15 },
    { week: "w4", pri: 76, merged: 14 },
    { week: "w5", pri: 70, merged: 20 },
  ];

  it("shades the weeks where velocity rose while the PRI fell, merging adjacent ones", () => {
    expect(divergentSpans(pts)).toEqual([
      { from: "w1", to: "w3" },
      { from: "w4", to: "w5" },
    ]);
    expect(divergentSpans([{ week: "a", pri: null, merged: 1 }, { week: "b", pri: 50, merged: 9 }])).toEqual([]);
  });

  it("reads the trend in one line", () => {
    expect(trendReading(pts)).toBe("PRI fell 10.0 points while weekly merges rose 100 % (first 1 against last 1 week shown).");
    expect(trendReading([])).toMatch(/Not enough weeks/);
  });

  it("says 'not yet measured' for the change failure rate when no outcome is known", () => {
    const kpis = boardKpis({ ...emptyBucket("q4"), merged: 3, pri: 70, aiShare: 0.5 }, emptyBucket("q3"));
    const cfr = kpis.find((k) => k.id === "cfr")!;
    expect(cfr.current).toBe("not yet measured");
    const pri = kpis.find((k) => k.id === "pri")!;
    expect(pri.reading).toBe("no figure for last quarter");
    const withOutcome = boardKpis({ ...emptyBucket("q4"), changeFailureRate: 0.1, outcomeKnown: 10, failed: 1 }, { ...emptyBucket("q3"), changeFailureRate: 0.05 });
    expect(withOutcome.find((k) => k.id === "cfr")).toMatchObject({ current: "10.0 %", tone: "bad", reading: "up 5.0 pp from last quarter" });
  });
});
