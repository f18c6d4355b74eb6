import { describe, expect, it } from "vitest";
import { appendBuiltReceipt, appendReceipt, verifyChain } from "./chain";
import { createCheckpoint } from "./checkpoint";
import { hashDocument } from "./canonical";
import { buildAmendment } from "./build";
import { createSigner, generateOrgKeyPair } from "./keys";
import { merkleRoot, receiptLeafHash } from "./merkle";
import { RECEIPT_FORMAT, type SignedReceipt } from "./schema";
import { signDocument } from "./signature";
import { exportReceiptJson } from "./verify";
import { buildSampleChain, deepCopy } from "./testing/chain-fixtures";
import { sampleDraft, sampleReceiptInput } from "./testing/sample-data";

const { keys, signer, receipts } = buildSampleChain(50);
const pem = keys.publicKeyPem;
const copy = () => deepCopy(receipts);

describe("appendReceipt", () => {
  it("numbers, links and signs each receipt", () => {
    expect(receipts[0]!.receipt.sequence).toBe(1);
    expect(receipts[0]!.receipt.previousHash).toBeNull();
    expect(receipts[0]!.receipt.previousSignature).toBeNull();
    for (let i = 1; i < receipts.length; i++) {
      const r = receipts[i]!;
      expect(r.receipt.sequence).toBe(i + 1);
      expect(r.receipt.previousHash).toBe(receipts[i - 1]!.hash);
      expect(r.receipt.previousSignature).toBe(receipts[i - 1]!.signature);
      expect(r.hash).toBe(hashDocument(r.receipt));
      expect(r.publicKeyFingerprint).toBe(keys.fingerprint);
      expect(r.receipt.signerFingerprint).toBe(keys.fingerprint);
    }
  });

  it("refuses to chain another organisation's receipt or an amendment of a receipt not yet in the chain", () => {
    const other = { ...sampleDraft(1), org: { id: "org_other", slug: "other" } };
    expect(() => appendReceipt(receipts[0]!, other, signer)).toThrow(/organisation org_other/);
    const amendment = buildAmendment(receipts[10]!, { ...sampleReceiptInput(10), reason: { kind: "rescore", detail: "policy v4" } });
    expect(() => appendReceipt(receipts[5]!, amendment, signer)).toThrow(/already in the chain/);
    expect(appendReceipt(receipts[49]!, amendment, signer).receipt.amends).toMatchObject({ sequence: 11, hash: receipts[10]!.hash });
  });

  it("refuses a draft with unknown fields", () => {
    expect(() => appendReceipt(null, { ...sampleDraft(0), extra: 1 } as never, signer)).toThrow(/receipt is invalid/);
  });

  it("appends a built draft to the same receipt, exported exactly as exportReceiptJson exports it", () => {
    const draft = { ...sampleDraft(50), change: { ...sampleDraft(50).change, title: 'Fix "€" \u2028 and \u0007 — 👍' } };
    const built = appendBuiltReceipt(receipts[49]!, draft, signer);
    expect(built.signed).toEqual(appendReceipt(receipts[49]!, draft, signer));
    expect(built.exported).toBe(exportReceiptJson(built.signed));
    const other = { ...sampleDraft(1), org: { id: "org_other", slug: "other" } };
    expect(() => appendBuiltReceipt(receipts[0]!, other, signer)).toThrow(/organisation org_other/);
  });
});

describe("verifyChain", () => {
  it("accepts an intact chain from an array or an async stream, and reports its Merkle root", async () => {
    const result = await verifyChain(receipts, pem);
    expect(result).toEqual({
      ok: true,
      count: 50,
      head: { sequence: 50, hash: receipts[49]!.hash },
      rootHash: merkleRoot(receipts.map((r) => receiptLeafHash(r.hash))).toString("hex"),
    });
    async function* stream() {
      for (const r of receipts) yield deepCopy(r);
    }
    expect((await verifyChain(stream(), pem, { signatures: "all" })).ok).toBe(true);
    expect(await verifyChain([], pem)).toMatchObject({ ok: true, count: 0, head: null });
  });

  it("verifies exported text lines as well as objects, and names a line with any byte changed", async () => {
    const lines = receipts.map(exportReceiptJson);
    expect(await verifyChain(lines, pem)).toMatchObject({ ok: true, count: 50 });
    expect(await verifyChain(receipts.map((r) => JSON.stringify(r, null, 1)), pem)).toMatchObject({ ok: true, count: 50 });
    const line = Buffer.from(lines[5]!);
    for (let i = 0; i < line.length - 1; i += 4) {
      const bent = Buffer.from(line);
      bent[i] = bent[i]! ^ 0x01;
      const chain = [...lines];
      chain[5] = bent.toString("utf8");
      const result = await verifyChain(chain, pem);
      expect(result.ok, `byte ${i}`).toBe(false);
      if (!result.ok) expect(result.firstBad.position, `byte ${i}`).toBe(5);
    }
  });

  it.each([0, 1, 17, 48, 49])("names the receipt after a deleted one (deleting #%i+1)", async (index) => {
    const chain = copy();
    chain.splice(index, 1);
    const result = await verifyChain(chain, pem);
    if (index === 49) {
      // Dropping the newest receipt leaves a valid shorter chain: only a checkpoint or a known head reveals it.
      expect(result.ok).toBe(true);
      return;
    }
    expect(result).toMatchObject({ ok: false, firstBad: { position: index, sequence: index + 2, problem: "sequence-gap" } });
  });

  it("detects every deletion, including the newest receipt's, against a signed checkpoint", async () => {
    const checkpoint = createCheckpoint({ org: receipts[0]!.receipt.org, receiptHashes: receipts.map((r) => r.hash) }, signer);
    expect((await verifyChain(receipts, pem, { checkpoint })).ok).toBe(true);
    for (let index = 0; index < 50; index++) {
      const chain = copy();
      chain.splice(index, 1);
      const result = await verifyChain(chain, pem, { checkpoint });
      expect(result.ok, `deleting position ${index}`).toBe(false);
      if (!result.ok) expect(result.firstBad.sequence).toBe(index === 49 ? 50 : index + 2);
    }
    const truncated = await verifyChain(receipts.slice(0, 49), pem, { checkpoint });
    expect(truncated).toMatchObject({ ok: false, firstBad: { problem: "truncated", sequence: 50 } });
  });

  it("detects every swap of two receipts at the first displaced one", async () => {
    for (const [a, b] of [[0, 1], [10, 11], [3, 40], [48, 49]] as const) {
      const chain = copy();
      [chain[a], chain[b]] = [chain[b]!, chain[a]!];
      const result = await verifyChain(chain, pem);
      expect(result, `swap ${a}<->${b}`).toMatchObject({ ok: false, firstBad: { position: a, sequence: b + 1 } });
    }
  });

  it("detects a duplicated receipt", async () => {
    const chain = copy();
    chain.splice(20, 0, deepCopy(chain[19]!));
    expect(await verifyChain(chain, pem)).toMatchObject({ ok: false, firstBad: { position: 20, problem: "sequence-order" } });
  });

  it("names a receipt whose signature is forged, at every position, in both modes", async () => {
    const intruder = createSigner(generateOrgKeyPair().privateKeyPem);
    for (let index = 0; index < 50; index++) {
      const chain = copy();
      const forged = signDocument(RECEIPT_FORMAT, chain[index]!.receipt, intruder);
      chain[index]!.signature = forged.signature;
      for (const signatures of ["linked", "all"] as const) {
        const result = await verifyChain(chain, pem, { signatures });
        expect(result, `${signatures} ${index}`).toMatchObject({
          ok: false,
          firstBad: { position: index, sequence: index + 1, id: chain[index]!.receipt.id, problem: "signature-invalid" },
        });
      }
    }
  });

  it("names the first receipt of a rewritten run when it can read the chain again", async () => {
    // A forger rewrites #11–#13 consistently (new content, recomputed hashes and links) but cannot sign them.
    const intruder = createSigner(generateOrgKeyPair().privateKeyPem);
    const chain = copy();
    for (let i = 10; i <= 12; i++) {
      const body = { ...chain[i]!.receipt, previousHash: chain[i - 1]!.hash, previousSignature: chain[i - 1]!.signature };
      if (i === 10) body.assessment = { ...body.assessment, risk: 1, band: "low" };
      const resigned = signDocument(RECEIPT_FORMAT, body, intruder);
      chain[i] = { ...resigned, receipt: body, publicKeyFingerprint: keys.fingerprint };
    }
    const once = await verifyChain(chain, pem);
    expect(once).toMatchObject({ ok: false, firstBad: { sequence: 13, problem: "signature-invalid" } });
    const reread = await verifyChain(() => chain, pem);
    expect(reread).toMatchObject({ ok: false, firstBad: { sequence: 11, problem: "signature-invalid" } });
    expect(await verifyChain(chain, pem, { signatures: "all" })).toMatchObject({ ok: false, firstBad: { sequence: 11 } });
  });

  it("verifies across a key rotation when given both keys, and names the first receipt of an unknown key", async () => {
    const next = generateOrgKeyPair();
    const nextSigner = createSigner(next.privateKeyPem);
    const rotated: SignedReceipt[] = receipts.slice(0, 25);
    for (let i = 25; i < 30; i++) rotated.push(appendReceipt(rotated.at(-1)!, sampleDraft(i), nextSigner));
    expect((await verifyChain(rotated, [pem, next.publicKeyPem])).ok).toBe(true);
    expect(await verifyChain(rotated, pem)).toMatchObject({ ok: false, firstBad: { sequence: 26, problem: "unknown-key" } });
  });

  it("refuses a receipt of another organisation in the chain", async () => {
    const chain = copy();
    const result = await verifyChain(chain, pem, { orgId: "org_other" });
    expect(result).toMatchObject({ ok: false, firstBad: { position: 0, problem: "org-mismatch" } });
  });

  it("rejects a tampered checkpoint and one signed by another key", async () => {
    const checkpoint = createCheckpoint({ org: receipts[0]!.receipt.org, receiptHashes: receipts.slice(0, 30).map((r) => r.hash) }, signer);
    expect((await verifyChain(receipts, pem, { checkpoint })).ok).toBe(true);
    const bent = deepCopy(checkpoint);
    bent.checkpoint.treeSize = 29;
    expect(await verifyChain(receipts, pem, { checkpoint: bent })).toMatchObject({ ok: false, firstBad: { problem: "checkpoint-invalid" } });
    const foreign = createCheckpoint({ org: receipts[0]!.receipt.org, receiptHashes: [] }, createSigner(generateOrgKeyPair().privateKeyPem));
    expect(await verifyChain(receipts, pem, { checkpoint: foreign })).toMatchObject({ ok: false, firstBad: { problem: "checkpoint-invalid" } });
    const otherHistory = createCheckpoint({ org: receipts[0]!.receipt.org, receiptHashes: [...receipts.slice(0, 29).map((r) => r.hash), "0".repeat(64)] }, signer);
    expect(await verifyChain(receipts, pem, { checkpoint: otherHistory })).toMatchObject({ ok: false, firstBad: { sequence: 30, problem: "checkpoint-mismatch" } });
  });

  it("reports unreadable entries as malformed", async () => {
    const chain: unknown[] = copy();
    chain[7] = { ...(chain[7] as object), extra: true };
    expect(await verifyChain(chain, pem)).toMatchObject({ ok: false, firstBad: { position: 7, sequence: 8, problem: "malformed" } });
    expect(await verifyChain([null], pem)).toMatchObject({ ok: false, firstBad: { position: 0, problem: "malformed" } });
  });
});
