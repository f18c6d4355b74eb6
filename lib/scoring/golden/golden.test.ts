import { describe, expect, it } from "vitest";
import { parseCodeowners } from "@/lib/policy/codeowners";
import { scoreChange } from "../score-change";
import { examplePolicy } from "@/lib/policy/testing/example-policy";
import { context, emptyHistory, makeChange } from "../testing/make-change";
import { GOLDEN } from "./cases";

describe("golden dataset (docs/example-policy.yaml)", () => {
  it("has at least 30 hand-reviewed cases with unique ids", () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(30);
    expect(new Set(GOLDEN.map((g) => g.id)).size).toBe(GOLDEN.length);
  });

  it.each(GOLDEN.map((g) => [g.id, g] as const))("%s", (_id, g) => {
    const a = scoreChange(
      makeChange(g.change),
      context({
        policy: examplePolicy(),
        codeowners: g.codeowners ? parseCodeowners(g.codeowners) : null,
        history: { ...emptyHistory(g.history), files: g.history?.files ?? {} },
      }),
    );
    const top = a.reasons.filter((r) => (r.points ?? 0) > 0).slice(0, 4).map((r) => r.code);
    expect({ band: a.band, top: g.expect.top.filter((c) => top.includes(c)) }, `${g.why}: risk ${a.risk}, top ${top.join(", ")}`).toEqual({
      band: g.expect.band,
      top: g.expect.top,
    });
  });
});
