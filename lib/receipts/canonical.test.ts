import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashDocument } from "./canonical";
import { buildSampleChain } from "./testing/chain-fixtures";

describe("canonical JSON (RFC 8785)", () => {
  it("sorts keys by UTF-16 code units, drops whitespace and writes numbers the ECMAScript way", () => {
    const value = JSON.parse('{"b": [1.50, 1e21, 0.0000001, -0], "a": {"é": 1, "z": 2, "A": 3}, "\\u20ac": "\\u000f\\n\\"/"}');
    expect(canonicalJson(value)).toBe('{"a":{"A":3,"z":2,"é":1},"b":[1.5,1e+21,1e-7,0],"€":"\\u000f\\n\\"/"}');
  });

  it("matches the number and string example of RFC 8785 §3.2.2", () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("gives the same hash whatever the key order, and a different one for any change", () => {
    expect(hashDocument({ a: 1, b: [1, 2] })).toBe(hashDocument({ b: [1, 2], a: 1 }));
    expect(hashDocument({ a: 1, b: [1, 2] })).not.toBe(hashDocument({ a: 1, b: [2, 1] }));
    expect(hashDocument({ a: 1 })).toBe("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
  });

  it("refuses values with no JSON form", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(undefined)).toThrow(/no JSON representation/);
  });

  it("writes exactly what canonicalize writes, for receipts and for random values of every kind", () => {
    for (const signed of buildSampleChain(5).receipts) expect(canonicalJson(signed)).toBe(canonicalize(signed));
    let seed = 42;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const keys = ["a", "b", "B", "é", "€", "\ud83d\ude00", "\ud800", "10", "9", "0", "01", "-1", "__proto__", "k\u0000", "", "z z"];
    const leaf = () =>
      pick([
        () => null, () => true, () => false, () => -0, () => random() * 1e25 - 5e24, () => random() / 1e9,
        () => Math.floor(random() * 1e6), () => pick(keys) + pick(keys), () => undefined, () => new Date(Math.floor(random() * 4e12)),
      ])();
    const value = (depth: number): unknown => {
      if (depth > 3 || random() < 0.3) return leaf();
      if (random() < 0.4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      const out: Record<string, unknown> = {};
      for (let n = Math.floor(random() * 5); n > 0; n--) Object.defineProperty(out, pick(keys), { value: value(depth + 1), enumerable: true, configurable: true, writable: true });
      return out;
    };
    for (let i = 0; i < 5_000; i++) {
      const v = { root: value(0) };
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }
  });
});

