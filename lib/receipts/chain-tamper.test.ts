import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyChain } from "./chain";
import { buildSampleChain, deepCopy } from "./testing/chain-fixtures";

/**
 * Tampering with any single field of any receipt must be detected and must name that receipt. Every leaf and
 * every object of the signed envelope is a target: values are altered subtly (one character, +1, a flipped
 * boolean), keys are removed and added, array entries dropped and duplicated.
 */
const { keys, receipts } = buildSampleChain(50);
const pem = keys.publicKeyPem;

type Path = (string | number)[];
type Mutation = { path: Path; kind: "alter" | "remove-key" | "add-key" | "drop-item" | "duplicate-item" };

function mutationsOf(value: unknown, path: Path = []): Mutation[] {
  const out: Mutation[] = [];
  if (Array.isArray(value)) {
    if (value.length > 0) out.push({ path, kind: "drop-item" }, { path, kind: "duplicate-item" });
    value.forEach((item, i) => out.push(...mutationsOf(item, [...path, i])));
  } else if (value !== null && typeof value === "object") {
    out.push({ path, kind: "add-key" });
    for (const [key, child] of Object.entries(value)) {
      out.push({ path: [...path, key], kind: "remove-key" }, ...mutationsOf(child, [...path, key]));
    }
  } else {
    out.push({ path, kind: "alter" });
  }
  return out;
}

function subtlyAltered(value: unknown): unknown {
  if (typeof value === "number") return value + 1;
  if (typeof value === "boolean") return !value;
  if (value === null) return "0".repeat(64);
  const text = String(value);
  if (text === "") return " ";
  const last = text.at(-1)!;
  const next = /[0-9]/.test(last) ? String((Number(last) + 1) % 10) : /[a-f]/.test(last) ? (last === "f" ? "a" : String.fromCharCode(last.charCodeAt(0) + 1)) : last === "x" ? "y" : "x";
  return text.slice(0, -1) + next;
}

function apply(envelope: unknown, { path, kind }: Mutation): unknown {
  const root = deepCopy(envelope) as Record<string | number, unknown>;
  const parentPath = kind === "alter" || kind === "remove-key" ? path.slice(0, -1) : path;
  let target = root as Record<string | number, unknown>;
  for (const step of parentPath) target = target[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (kind === "alter") target[last] = subtlyAltered(target[last]);
  else if (kind === "remove-key") delete target[last];
  else if (kind === "add-key") target["note"] = "added after signing";
  else if (kind === "drop-item") (target as unknown as unknown[]).pop();
  else (target as unknown as unknown[]).push(deepCopy((target as unknown as unknown[])[0]));
  return root;
}

async function expectNamed(index: number, mutation: Mutation) {
  const chain: unknown[] = receipts.slice();
  chain[index] = apply(receipts[index], mutation);
  const result = await verifyChain(chain, pem);
  const label = `receipt ${index + 1}: ${mutation.kind} ${mutation.path.join(".")}`;
  expect(result.ok, label).toBe(false);
  if (!result.ok) expect(result.firstBad.position, `${label} named position ${result.firstBad.position}`).toBe(index);
}

describe("single-field tampering in a chain of 50", () => {
  it.each([0, 24, 49])("is detected for every field of receipt %i, naming it", async (index) => {
    const mutations = mutationsOf(receipts[index]);
    expect(mutations.length).toBeGreaterThan(150);
    for (const mutation of mutations) await expectNamed(index, mutation);
  });

  it("is detected for random fields of random receipts, naming the receipt", async () => {
    const all = receipts.map((r) => mutationsOf(r));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: receipts.length - 1 }).chain((index) =>
          fc.tuple(fc.constant(index), fc.integer({ min: 0, max: all[index]!.length - 1 })),
        ),
        async ([index, m]) => expectNamed(index, all[index]![m]!),
      ),
      { numRuns: 400 },
    );
  });
});
