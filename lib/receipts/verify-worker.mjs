// Worker thread of the receipt verification pool (verify-pool.ts): digests the batches it is sent.
import { parentPort } from "node:worker_threads";
import { digestReceipts } from "./receipt-digest.mjs";

parentPort.on("message", ({ id, items, options }) => {
  try {
    const batch = digestReceipts(items, options);
    parentPort.postMessage({ id, batch }, [batch.leaves.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
