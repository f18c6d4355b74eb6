import { afterAll, describe, expect, it } from "vitest";
import { verifyChain } from "./chain";
import { buildSampleChain } from "./testing/chain-fixtures";
import { exportReceiptJson } from "./verify";
import { createVerifyPool, getVerifyPool, IN_THREAD } from "./verify-pool";

const { keys, receipts } = buildSampleChain(600);
const lines = receipts.map(exportReceiptJson);
const pem = keys.publicKeyPem;

/** A mix the digester must treat alike wherever it runs: exported text, objects, re-indented text, a forged and a broken entry. */
function mixedItems(): unknown[] {
  const items: unknown[] = lines.slice(0, 40);
  items[3] = receipts[3];
  items[4] = JSON.stringify(receipts[4], null, 2);
  items[5] = lines[5]!.replace('"risk":', '"risk":1');
  items[6] = "{not json";
  items[7] = { ...receipts[7]!, extra: true };
  return items;
}

describe("receipt verification on worker threads", () => {
  it("digests on worker threads, exactly as in this thread", async () => {
    const pool = getVerifyPool();
    expect(pool.threads).toBeGreaterThanOrEqual(1);
    const options = { columns: true, signatureKeys: null };
    const [there, here] = await Promise.all([pool.digest(mixedItems(), options), IN_THREAD.digest(mixedItems(), options)]);
    expect(pool.fallbackReason).toBeNull();
    expect(there.digests).toEqual(here.digests);
    expect(Buffer.from(there.leaves).equals(Buffer.from(here.leaves))).toBe(true);
    expect(there.digests[5]).toMatchObject({ ok: true, sequence: 6 });
    expect(there.digests[6]).toMatchObject({ ok: false, detail: expect.stringMatching(/not valid JSON/) });
  });

  it("verifies a chain of several batches on the pool with the same result as in this thread, intact or broken", async () => {
    const intact = await verifyChain(lines, pem);
    expect(intact).toMatchObject({ ok: true, count: 600 });
    expect(await verifyChain(lines, pem, { digester: IN_THREAD })).toEqual(intact);
    expect(await verifyChain(lines, pem, { signatures: "all" })).toEqual(intact);
    for (const at of [0, 255, 256, 300, 599]) {
      const bent = [...lines];
      bent[at] = bent[at]!.replace('"title":"', '"title":"x');
      const pooled = await verifyChain(bent, pem);
      expect(pooled, `receipt at ${at}`).toMatchObject({ ok: false, firstBad: { position: at, problem: "hash-mismatch" } });
      expect(await verifyChain(bent, pem, { digester: IN_THREAD })).toEqual(pooled);
    }
  });

  describe("when its worker cannot start", () => {
    const broken = createVerifyPool({ threads: 2, workerUrl: new URL("./no-such-worker.mjs", import.meta.url) });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    afterAll(() => void process.off("warning", onWarning));

    it("falls back to this thread with the same results, and says why", async () => {
      const result = await verifyChain(lines, pem, { digester: broken });
      expect(result).toMatchObject({ ok: true, count: 600 });
      expect(broken.fallbackReason).toMatch(/no-such-worker|Cannot find/);
      expect(warnings.some((w) => w.includes("calling thread"))).toBe(true);
      const bent = [...lines];
      bent[400] = bent[400]!.replace('"risk":', '"risk":1');
      expect(await verifyChain(bent, pem, { digester: broken })).toMatchObject({ ok: false, firstBad: { position: 400 } });
    });
  });
});
