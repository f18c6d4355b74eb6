import { describe, expect, it } from "vitest";
import { appendReceipt } from "./chain";
import { buildMergeReceipt } from "./build";
import { createSigner, generateOrgKeyPair } from "./keys";
import { exportReceiptJson, parseReceiptJson, verifyReceipt, verifyReceiptFile } from "./verify";
import { sampleReceiptInput } from "./testing/sample-data";
import { buildSampleChain, deepCopy } from "./testing/chain-fixtures";

const { keys, receipts } = buildSampleChain(3);
const signed = receipts[2]!;
const exported = Buffer.from(exportReceiptJson(signed), "utf8");

describe("verifyReceipt", () => {
  it("accepts a genuine receipt and its export", () => {
    expect(verifyReceipt(signed, keys.publicKeyPem)).toMatchObject({ ok: true, fingerprint: keys.fingerprint });
    expect(verifyReceiptFile(exported, keys.publicKeyPem).ok).toBe(true);
    expect(parseReceiptJson(exported.toString("utf8"))).toEqual(signed);
  });

  it("says which key signed it when given another", () => {
    const other = generateOrgKeyPair();
    const result = verifyReceipt(signed, other.publicKeyPem);
    expect(result).toMatchObject({ ok: false, problem: "wrong-key" });
    if (!result.ok) expect(result.detail).toContain(keys.fingerprint);
  });

  it("refuses fields added after signing, a stale hash and a forged signature", () => {
    const extra = deepCopy(signed) as unknown as { receipt: Record<string, unknown> };
    extra.receipt.note = "added";
    expect(verifyReceipt(extra, keys.publicKeyPem)).toMatchObject({ ok: false, problem: "malformed" });

    const edited = deepCopy(signed);
    edited.receipt.assessment.risk = 3;
    expect(verifyReceipt(edited, keys.publicKeyPem)).toMatchObject({ ok: false, problem: "hash-mismatch" });

    const intruder = createSigner(generateOrgKeyPair().privateKeyPem);
    const forged = appendReceipt(receipts[1]!, buildMergeReceipt(sampleReceiptInput(2)), intruder);
    const relabelled = { ...forged, publicKeyFingerprint: keys.fingerprint, receipt: { ...forged.receipt, signerFingerprint: keys.fingerprint } };
    const rehashed = { ...relabelled, hash: (verifyReceipt(relabelled, keys.publicKeyPem) as { detail: string }).detail.match(/[0-9a-f]{64}/)![0] };
    expect(verifyReceipt(rehashed, keys.publicKeyPem)).toMatchObject({ ok: false, problem: "signature-invalid" });
  });

  it("accepts a re-formatted file only when asked to", () => {
    const pretty = Buffer.from(JSON.stringify(signed, null, 2));
    expect(verifyReceiptFile(pretty, keys.publicKeyPem)).toMatchObject({ ok: false, problem: "not-canonical" });
    expect(verifyReceiptFile(pretty, keys.publicKeyPem, { allowReformatted: true }).ok).toBe(true);
  });

  it("fails after any single byte of the exported file is changed (every byte, three substitutions each)", () => {
    // Each byte is xor-ed with 0x01 (next code point), 0x20 (case and digit/punctuation swaps) and 0x80 (breaks
    // UTF-8): together these reach every byte value class, including whitespace-only edits.
    let checked = 0;
    for (let i = 0; i < exported.length; i++) {
      for (const mask of [0x01, 0x20, 0x80]) {
        const bytes = Buffer.from(exported);
        bytes[i] = bytes[i]! ^ mask;
        const result = verifyReceiptFile(bytes, keys.publicKeyPem);
        if (result.ok) throw new Error(`byte ${i} ^ 0x${mask.toString(16)} still verifies`);
        checked += 1;
      }
    }
    expect(checked).toBe(exported.length * 3);
  });

  it("fails when a byte is inserted or removed", () => {
    for (let i = 0; i < exported.length; i += 7) {
      const removed = Buffer.concat([exported.subarray(0, i), exported.subarray(i + 1)]);
      const inserted = Buffer.concat([exported.subarray(0, i), Buffer.from(" "), exported.subarray(i)]);
      if (i !== exported.length - 1) expect(verifyReceiptFile(removed, keys.publicKeyPem).ok, `remove ${i}`).toBe(false);
      expect(verifyReceiptFile(inserted, keys.publicKeyPem).ok, `insert ${i}`).toBe(false);
    }
  });
});
