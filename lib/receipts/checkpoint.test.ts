import { describe, expect, it } from "vitest";
import { createCheckpoint, proveReceiptInclusion, verifyCheckpoint, verifyReceiptInclusion } from "./checkpoint";
import { createSigner, generateOrgKeyPair, loadPublicKey } from "./keys";
import { consistencyProof, merkleRoot, receiptLeafHash, verifyConsistency } from "./merkle";
import { buildSampleChain, deepCopy } from "./testing/chain-fixtures";

const { keys, signer, receipts } = buildSampleChain(21);
const key = loadPublicKey(keys.publicKeyPem);
const hashes = receipts.map((r) => r.hash);
const org = receipts[0]!.receipt.org;

describe("checkpoints", () => {
  const checkpoint = createCheckpoint({ org, receiptHashes: hashes, issuedAt: "2026-02-01T00:00:00Z" }, signer);

  it("sign the Merkle root and head of the chain", () => {
    expect(checkpoint.checkpoint).toMatchObject({
      treeSize: 21,
      headHash: hashes[20],
      rootHash: merkleRoot(hashes.map(receiptLeafHash)).toString("hex"),
      signerFingerprint: keys.fingerprint,
    });
    expect(verifyCheckpoint(checkpoint, key)).toBeNull();
    expect(createCheckpoint({ org, receiptHashes: [] }, signer).checkpoint).toMatchObject({ treeSize: 0, headHash: null });
  });

  it("fail when any field or the signature is changed, or under another key", () => {
    for (const field of ["treeSize", "rootHash", "headHash", "issuedAt"] as const) {
      const bent = deepCopy(checkpoint);
      (bent.checkpoint as Record<string, unknown>)[field] = field === "treeSize" ? 20 : field === "issuedAt" ? "2026-02-02T00:00:00Z" : "0".repeat(64);
      expect(verifyCheckpoint(bent, key), field).toMatch(/hash/);
    }
    const other = createCheckpoint({ org, receiptHashes: hashes }, createSigner(generateOrgKeyPair().privateKeyPem));
    expect(verifyCheckpoint({ ...other, publicKeyFingerprint: keys.fingerprint, checkpoint: { ...other.checkpoint, signerFingerprint: keys.fingerprint } }, key)).not.toBeNull();
    expect(verifyCheckpoint({ ...checkpoint, signature: other.signature }, key)).toBe("checkpoint signature does not verify");
  });

  it("prove that each receipt is included, without the rest of the chain", () => {
    receipts.forEach((receipt) => {
      const proof = proveReceiptInclusion(hashes, receipt.receipt.sequence);
      expect(verifyReceiptInclusion(receipt, proof, checkpoint, key)).toBeNull();
    });
    const proof = proveReceiptInclusion(hashes, 5);
    expect(verifyReceiptInclusion(receipts[5]!, proof, checkpoint, key)).toMatch(/another position/);
    expect(verifyReceiptInclusion(receipts[4]!, { ...proof, path: proof.path.slice(1) }, checkpoint, key)).toMatch(/audit path/);
    const edited = deepCopy(receipts[4]!);
    edited.receipt.change.title = "edited";
    expect(verifyReceiptInclusion(edited, proof, checkpoint, key)).toMatch(/content/);
  });

  it("show that an older checkpoint is a prefix of a newer one", () => {
    const leaves = hashes.map(receiptLeafHash);
    const older = createCheckpoint({ org, receiptHashes: hashes.slice(0, 13) }, signer);
    const proof = consistencyProof(leaves, 13, 21);
    const root = (c: typeof older) => Buffer.from(c.checkpoint.rootHash, "hex");
    expect(verifyConsistency(13, 21, root(older), root(checkpoint), proof)).toBe(true);
    const rewritten = createCheckpoint({ org, receiptHashes: [...hashes.slice(0, 12), "f".repeat(64)] }, signer);
    expect(verifyConsistency(13, 21, root(rewritten), root(checkpoint), proof)).toBe(false);
  });
});
