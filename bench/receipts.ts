import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import type { BenchModule } from "./harness";
import { appendReceipt, verifyChain } from "@/lib/receipts/chain";
import { buildMergeReceipt } from "@/lib/receipts/build";
import { createSigner, generateOrgKeyPair } from "@/lib/receipts/keys";
import { MerkleFrontier, merkleRoot, receiptLeafHash } from "@/lib/receipts/merkle";
import type { SignedReceipt } from "@/lib/receipts/schema";
import { exportReceiptJson } from "@/lib/receipts/verify";
import { getVerifyPool, IN_THREAD } from "@/lib/receipts/verify-pool";
import { sampleReceiptInput } from "@/lib/receipts/testing/sample-data";
import { runDatabaseBenches } from "./receipts-db";

const seconds = (startMs: number) => (performance.now() - startMs) / 1000;

// Retained heap needs a collection first; the flag can be turned on at run time for a fresh context.
v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc") as () => void;
function retainedHeap(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

/** Lines of a file, read in large chunks (readline costs more than the verification it feeds). */
async function* readLines(file: string): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const parts = (rest + (chunk as string)).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}

const bench: BenchModule = {
  title: "Receipts: issue, verify a chain, Merkle root",
  async run(ctx) {
    // 0. Through the database: issuing per merge, and verifying the stored chain (before the large heap below).
    await runDatabaseBenches(ctx);

    const keys = generateOrgKeyPair();
    const signer = createSigner(keys.privateKeyPem);

    // 1. Issuing: build the receipt from change + assessment, chain it, hash and sign it (no database).
    const issueCount = Math.max(200, Math.round(5_000 * ctx.scale));
    const inputs = Array.from({ length: issueCount }, (_, i) => sampleReceiptInput(i));
    let prev: SignedReceipt | null = null;
    let started = performance.now();
    for (const input of inputs) prev = appendReceipt(prev, buildMergeReceipt(input), signer);
    const issueRate = issueCount / seconds(started);
    ctx.report({ name: "receipts built + signed", value: issueRate, unit: "receipts/s", target: "≥ 500", ok: issueRate >= 500, note: `${issueCount} receipts of ~${exportReceiptJson(prev!).length} bytes` });

    // 2. A chain of 100,000 exported receipts in a JSONL file, streamed back through the verifier.
    const chainLength = Math.max(1_000, Math.round(100_000 * ctx.scale));
    const dir = mkdtempSync(path.join(tmpdir(), "bench-receipts-"));
    const file = path.join(dir, "chain.jsonl");
    try {
      started = performance.now();
      const out = createWriteStream(file);
      const hashes: Buffer[] = [];
      let last: SignedReceipt | null = null;
      const template = buildMergeReceipt(sampleReceiptInput(1));
      for (let i = 0; i < chainLength; i++) {
        const draft = { ...template, id: `rcpt_${i}`, change: { ...template.change, number: i + 1 } };
        last = appendReceipt(last, draft, signer);
        hashes.push(receiptLeafHash(last.hash));
        if (!out.write(exportReceiptJson(last))) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      }
      out.end();
      await finished(out);
      ctx.log(`generated ${chainLength.toLocaleString("en-US")} signed receipts in ${seconds(started).toFixed(1)} s`);

      const heapBefore = retainedHeap();
      const sampleEvery = Math.ceil(chainLength / 5);
      let heapPeak = heapBefore;
      const cpuBefore = process.cpuUsage();
      started = performance.now();
      async function* lines() {
        let n = 0;
        for await (const line of readLines(file)) {
          if (++n % sampleEvery === 0) heapPeak = Math.max(heapPeak, retainedHeap());
          yield line;
        }
      }
      const pool = getVerifyPool();
      const result = await verifyChain(lines, keys.publicKeyPem, { digester: pool });
      const verifySeconds = seconds(started);
      const cpu = process.cpuUsage(cpuBefore);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      if (!result.ok) throw new Error(`bench chain failed verification: ${JSON.stringify(result.firstBad)}`);
      if (pool.fallbackReason) ctx.log(`worker threads unavailable, verified in one thread: ${pool.fallbackReason}`);
      const target = 5 * (chainLength / 100_000);
      ctx.report({
        name: `verify a ${chainLength.toLocaleString("en-US")}-receipt chain (stream from JSONL, ${pool.threads} worker threads)`,
        value: verifySeconds,
        unit: "s",
        target: `≤ ${target.toFixed(1)}`,
        ok: verifySeconds <= target,
        note: `${Math.round(chainLength / verifySeconds).toLocaleString("en-US")} receipts/s; ${cpuSeconds.toFixed(1)} s of CPU over all threads (wall time counts other processes on a shared machine); retained heap grew by at most ${(Math.max(0, heapPeak - heapBefore) / 1e6).toFixed(1)} MB (5 samples)`,
      });

      // The same chain with every receipt digested in the calling thread: what the worker threads save.
      started = performance.now();
      const single = await verifyChain(() => readLines(file), keys.publicKeyPem, { digester: IN_THREAD });
      const singleSeconds = seconds(started);
      ctx.report({
        name: "the same chain in one thread (no worker threads)",
        value: singleSeconds,
        unit: "s",
        note: `${single.ok ? "intact" : "FAILED"}; worker threads are ${(singleSeconds / verifySeconds).toFixed(1)}× faster`,
      });

      const sample = Math.min(chainLength, Math.max(500, Math.round(5_000 * ctx.scale)));
      async function* firstLines() {
        let n = 0;
        for await (const line of readLines(file)) {
          if (n++ >= sample) return;
          yield JSON.parse(line) as unknown;
        }
      }
      started = performance.now();
      const objects = await verifyChain(firstLines, keys.publicKeyPem);
      const objectRate = sample / seconds(started);
      ctx.report({ name: "verify receipts given as objects (re-canonicalised)", value: objectRate, unit: "receipts/s", note: `${sample} receipts; ${objects.ok ? "intact" : "FAILED"}` });

      started = performance.now();
      const all = await verifyChain(firstLines, keys.publicKeyPem, { signatures: "all" });
      const allRate = sample / seconds(started);
      ctx.report({ name: "verify with every signature checked (signatures: all)", value: allRate, unit: "receipts/s", note: `${all.ok ? "intact" : "FAILED"}; 100,000 would take ~${(100_000 / allRate).toFixed(1)} s` });

      // 3. Merkle root over the chain's leaves, in one pass and incrementally.
      started = performance.now();
      const root = merkleRoot(hashes);
      const rootSeconds = seconds(started);
      ctx.report({ name: `Merkle root over ${chainLength.toLocaleString("en-US")} leaves`, value: rootSeconds * 1000, unit: "ms", target: "≤ 1000", ok: rootSeconds <= 1 });
      started = performance.now();
      const frontier = new MerkleFrontier();
      for (const leaf of hashes) frontier.append(leaf);
      const frontierMs = seconds(started) * 1000;
      ctx.report({ name: "incremental Merkle frontier (append all + root)", value: frontierMs, unit: "ms", note: frontier.root().equals(root) && result.rootHash === root.toString("hex") ? "same root as the verifier" : "ROOT DIFFERS" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
