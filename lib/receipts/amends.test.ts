import { describe, expect, it } from "vitest";
import { buildAmendment } from "./build";
import { appendReceipt, ExportedReceipt, verifyChain } from "./chain";
import { exportReceiptJson } from "./verify";
import { buildSampleChain } from "./testing/chain-fixtures";
import { sampleReceiptInput } from "./testing/sample-data";

describe("amendments in a chain", () => {
  const { keys, signer, receipts } = buildSampleChain(8);
  const reason = { kind: "rescore" as const, detail: "policy v4" };

  it("accepts an amendment naming an earlier receipt by its hash, from objects, text and pre-parsed text", async () => {
    const amendment = appendReceipt(receipts[7]!, buildAmendment(receipts[2]!, { ...sampleReceiptInput(2), reason }), signer);
    const chain = [...receipts, amendment];
    expect(await verifyChain(chain, keys.publicKeyPem)).toMatchObject({ ok: true, count: 9 });
    const texts = chain.map(exportReceiptJson);
    expect(await verifyChain(texts, keys.publicKeyPem)).toMatchObject({ ok: true, count: 9 });
    const parsed = texts.map((t) => new ExportedReceipt(t));
    expect(await verifyChain(parsed, keys.publicKeyPem)).toMatchObject({ ok: true, count: 9 });
  });

  it("names an amendment whose amends.hash is not the hash of the receipt it names, even when signed", async () => {
    const draft = buildAmendment(receipts[2]!, { ...sampleReceiptInput(2), reason });
    const lying = appendReceipt(receipts[7]!, { ...draft, amends: { ...draft.amends!, hash: receipts[3]!.hash } }, signer);
    const result = await verifyChain([...receipts, lying], keys.publicKeyPem);
    expect(result).toMatchObject({ ok: false, firstBad: { sequence: 9, problem: "amends-invalid" } });
  });
});
