import { describe, expect, it } from "vitest";
import { parseReceiptQuery } from "./params";

describe("the receipt search box", () => {
  it.each([
    ["https://github.com/acme/pay/pull/42", { repo: "acme/pay", number: 42 }],
    ["https://ghe.example.com/acme/pay/pull/42/files", { repo: "acme/pay", number: 42 }],
    ["acme/pay#7", { repo: "acme/pay", number: 7 }],
    ["#7", { number: 7 }],
    ["1234", { number: 1234 }],
    ["ABCDEF1", { mergeSha: "abcdef1" }],
    ["a".repeat(40), { mergeSha: "a".repeat(40) }],
  ])("reads %s", (q, expected) => {
    expect(parseReceiptQuery({ q }).search).toEqual(expected);
  });

  it("explains what it cannot read, and keeps the other filters", () => {
    const r = parseReceiptQuery({ q: "settlement", reviewer: "@bob", from: "2026-01-01", to: "nope" });
    expect(r.problem).toMatch(/not a pull request number/);
    expect(r.search).toEqual({ reviewer: "bob", mergedFrom: new Date("2026-01-01T00:00:00Z") });
    expect(r.to).toBe("");
  });
});
