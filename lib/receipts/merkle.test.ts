import { describe, expect, it } from "vitest";
import {
  consistencyProof,
  EMPTY_TREE_HASH,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  merkleRoot,
  nodeHash,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from "./merkle";

// The eight inputs and expected hashes of the Certificate Transparency reference tests (RFC 6962 trees).
const INPUTS = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const INCLUSION: Array<[number, number, string[]]> = [
  [0, 1, []],
  [0, 8, [
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
  ]],
  [5, 8, [
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  ]],
  [2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]],
  [1, 5, [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
  ]],
];
const CONSISTENCY: Array<[number, number, string[]]> = [
  [1, 1, []],
  [1, 8, [
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
  ]],
  [6, 8, [
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  ]],
  [2, 5, [
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
  ]],
];

const leaves = INPUTS.map((h) => leafHash(Buffer.from(h, "hex")));
const hex = (bs: Buffer[]) => bs.map((b) => b.toString("hex"));
const unhex = (hs: string[]) => hs.map((h) => Buffer.from(h, "hex"));
const rootOf = (n: number) => (n === 0 ? EMPTY_TREE_HASH : Buffer.from(ROOTS[n - 1]!, "hex"));

describe("RFC 6962 reference vectors", () => {
  it("hashes the empty tree, leaves and nodes with domain separation", () => {
    expect(merkleRoot([]).toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(leaves[0]!.toString("hex")).toBe(ROOTS[0]);
    expect(nodeHash(leaves[0]!, leaves[1]!).toString("hex")).toBe(ROOTS[1]);
  });

  it("computes the root of every prefix, in one pass and incrementally", () => {
    const frontier = new MerkleFrontier();
    for (let n = 1; n <= 8; n++) {
      expect(merkleRoot(leaves.slice(0, n)).toString("hex"), `size ${n}`).toBe(ROOTS[n - 1]);
      frontier.append(leaves[n - 1]!);
      expect(frontier.root().toString("hex"), `frontier size ${n}`).toBe(ROOTS[n - 1]);
    }
  });

  it.each(INCLUSION)("produces and verifies the audit path of leaf %i in a tree of %i", (index, size, path) => {
    expect(hex(inclusionProof(leaves, index, size))).toEqual(path);
    expect(verifyInclusion(leaves[index]!, index, size, unhex(path), rootOf(size))).toBe(true);
  });

  it.each(CONSISTENCY)("produces and verifies the consistency proof from %i to %i", (m, n, proof) => {
    expect(hex(consistencyProof(leaves, m, n))).toEqual(proof);
    expect(verifyConsistency(m, n, rootOf(m), rootOf(n), unhex(proof))).toBe(true);
  });
});

describe("proofs over many sizes", () => {
  const many = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
  const roots = Array.from({ length: 71 }, (_, n) => merkleRoot(many.slice(0, n)));

  it("matches the frontier's root at every size", () => {
    const frontier = new MerkleFrontier();
    many.forEach((leaf, i) => {
      frontier.append(leaf);
      expect(frontier.root().equals(roots[i + 1]!)).toBe(true);
    });
  });

  it("proves every leaf of every tree up to 70 and refuses wrong leaves, positions and paths", () => {
    for (let n = 1; n <= 70; n++) {
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(many, m, n);
        expect(verifyInclusion(many[m]!, m, n, proof, roots[n]!)).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from("intruder")), m, n, proof, roots[n]!)).toBe(false);
        if (n > 1) expect(verifyInclusion(many[m]!, (m + 1) % n, n, proof, roots[n]!)).toBe(false);
        if (proof.length > 0) {
          expect(verifyInclusion(many[m]!, m, n, proof.slice(1), roots[n]!)).toBe(false);
          const bent = proof.map((p, i) => (i === 0 ? leafHash(p) : p));
          expect(verifyInclusion(many[m]!, m, n, bent, roots[n]!)).toBe(false);
        }
        expect(verifyInclusion(many[m]!, m, n, [...proof, roots[0]!], roots[n]!)).toBe(false);
      }
      expect(rootFromInclusionProof(many[0]!, n, n, [])).toBeNull();
    }
  });

  it("proves consistency between every pair of sizes up to 40 and refuses forks", () => {
    for (let n = 1; n <= 40; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(many, m, n);
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof), `${m}->${n}`).toBe(true);
        if (m < n) {
          const forked = merkleRoot([...many.slice(0, m - 1), leafHash(Buffer.from("forged"))]);
          expect(verifyConsistency(m, n, forked, roots[n]!, proof)).toBe(false);
          expect(verifyConsistency(m, n, roots[m]!, roots[n - 1]!, proof)).toBe(false);
          if (proof.length > 1) expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof.slice(0, -1))).toBe(false);
        }
      }
    }
  });

  it("rejects impossible sizes", () => {
    expect(() => inclusionProof(many, 5, 5)).toThrow(RangeError);
    expect(() => consistencyProof(many, 6, 5)).toThrow(RangeError);
    expect(verifyConsistency(5, 4, roots[5]!, roots[4]!, [])).toBe(false);
  });
});
