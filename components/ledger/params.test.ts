import { describe, expect, it } from "vitest";
import { ledgerQueryOf, ledgerQueryString, parseLedgerParams, windowOf } from "./params";

describe("ledger URL parameters", () => {
  it("round-trips a filtered view and leaves defaults out", () => {
    const p = parseLedgerParams({ band: "high", service: "payments", ai: "yes", q: "#12", window: "90", sort: "risk_desc" });
    const again = parseLedgerParams(new URLSearchParams(ledgerQueryString(p)));
    expect(again).toEqual(p);
    expect(ledgerQueryString(parseLedgerParams({}))).toBe("");
  });

  it("falls back to defaults on malformed values instead of failing", () => {
    const p = parseLedgerParams({ band: "purple", window: "1000", repo: "not-a-uuid", after: "%%%", tab: "x" });
    expect(p).toEqual({ tab: "merged", window: "30", sort: "merged_desc" });
    expect(parseLedgerParams({ tab: "open" }).sort).toBe("risk_desc");
  });

  it("turns the window into a merged-at range, custom days inclusive", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    expect(windowOf({ window: "7" }, now).from.toISOString()).toBe("2026-11-14T12:00:00.000Z");
    const custom = windowOf({ window: "custom", from: "2026-11-01", to: "2026-11-03" }, now);
    expect([custom.from.toISOString(), custom.to.toISOString()]).toEqual(["2026-11-01T00:00:00.000Z", "2026-11-04T00:00:00.000Z"]);
    const q = ledgerQueryOf(parseLedgerParams({ tab: "open", ai: "no" }), "org", now);
    expect(q).toMatchObject({ state: "open", aiOrigin: false, sort: "risk_desc", limit: 50 });
    expect(q.from).toBeUndefined();
  });
});
