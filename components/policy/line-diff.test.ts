import { describe, expect, it } from "vitest";
import { diffHunks, lineDiff, lineOfError } from "./line-diff";

describe("lineDiff", () => {
  it("keeps common lines and marks additions and removals with their line numbers", () => {
    const d = lineDiff("a\nb\nc\nd", "a\nc\nd\ne");
    expect(d).toEqual([
      { kind: "same", text: "a", a: 1, b: 1 },
      { kind: "removed", text: "b", a: 2 },
      { kind: "same", text: "c", a: 3, b: 2 },
      { kind: "same", text: "d", a: 4, b: 3 },
      { kind: "added", text: "e", b: 4 },
    ]);
  });

  it("reports nothing changed for identical text and everything for disjoint text", () => {
    expect(lineDiff("x\ny", "x\ny").every((l) => l.kind === "same")).toBe(true);
    const d = lineDiff("x", "y");
    expect(d.map((l) => l.kind).sort()).toEqual(["added", "removed"]);
  });

  it("folds long unchanged stretches into gaps", () => {
    const before = Array.from({ length: 30 }, (_, i) => `l${i}`).join("\n");
    const after = before.replace("l15", "L15");
    const hunks = diffHunks(lineDiff(before, after), 2);
    expect(hunks[0]).toEqual({ kind: "gap", skipped: 13 });
    expect(hunks.filter((h) => h.kind === "removed" || h.kind === "added")).toHaveLength(2);
    expect(hunks[hunks.length - 1]).toEqual({ kind: "gap", skipped: 12 });
  });
});

describe("lineOfError", () => {
  it("reads the line the policy parser points at", () => {
    expect(lineOfError("line 7, column 3: services[0].tier: expected a number from 0 to 3")).toBe(7);
    expect(lineOfError("something else")).toBeNull();
  });
});
