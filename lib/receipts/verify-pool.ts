import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { digestReceipts, type DigestBatch, type DigestOptions } from "./receipt-digest.mjs";

export type { DigestBatch, DigestOptions, ReceiptDigest, SearchableColumns } from "./receipt-digest.mjs";

/** Digests batches of receipts somewhere: on worker threads, or in this thread. */
export interface Digester {
  readonly threads: number;
  digest(items: unknown[], options: DigestOptions): Promise<DigestBatch>;
}

/** In the calling thread: for small jobs, and wherever worker threads cannot start. */
export const IN_THREAD: Digester = {
  threads: 0,
  digest: async (items, options) => digestReceipts(items, options),
};

interface Task {
  id: number;
  items: unknown[];
  options: DigestOptions;
  resolve: (batch: DigestBatch) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

const MAX_THREADS = 8;

/**
 * A few worker threads (one per available core) that digest receipt batches: parsing, hashing and signature
 * checks, the costly per-receipt part of chain verification. Idle workers do not keep the process alive. If a
 * worker cannot start or dies — say the worker file is missing from a bundle — its batches, and all later ones,
 * run in the calling thread instead, with the same result.
 */
class WorkerPool implements Digester {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private failed: string | null = null;

  constructor(
    readonly threads: number,
    /** Tests point this elsewhere; by default the worker file beside this module. */
    private readonly workerUrl: URL | null = null,
  ) {}

  digest(items: unknown[], options: DigestOptions): Promise<DigestBatch> {
    if (this.failed) return IN_THREAD.digest(items, options);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, items, options, resolve, reject });
      this.dispatch();
    });
  }

  /** Why batches run in this thread (null while the workers are fine). */
  get fallbackReason(): string | null {
    return this.failed;
  }

  private dispatch(): void {
    while (this.queue.length) {
      if (this.failed) {
        this.runInThread(this.queue.shift()!);
        continue;
      }
      let slot = this.slots.find((s) => s.task === null);
      if (!slot && this.slots.length < this.threads) slot = this.spawn() ?? undefined;
      if (!slot) {
        if (this.failed) continue;
        return;
      }
      const task = this.queue.shift()!;
      try {
        slot.worker.postMessage({ id: task.id, items: task.items, options: task.options });
      } catch {
        // Not cloneable (an item holding a function, say): digest it here.
        this.runInThread(task);
        continue;
      }
      slot.task = task;
      slot.worker.ref();
    }
  }

  private spawn(): Slot | null {
    let worker: Worker;
    try {
      // Written out in full so that bundlers find the worker: Next's Turbopack emits it as a worker-thread chunk.
      worker = this.workerUrl ? new Worker(this.workerUrl) : new Worker(new URL("./verify-worker.mjs", import.meta.url));
    } catch (err) {
      this.fail(err);
      return null;
    }
    worker.unref();
    const slot: Slot = { worker, task: null };
    this.slots.push(slot);
    worker.on("message", (message: { id: number; batch?: DigestBatch; error?: string }) => {
      const task = slot.task;
      if (!task || task.id !== message.id) return;
      slot.task = null;
      worker.unref();
      if (message.batch) task.resolve(message.batch);
      else task.reject(new Error(`receipt verification worker: ${message.error}`));
      this.dispatch();
    });
    // Workers are not expected to fail: one that does (it could not load, or crashed) ends the pool's use of threads.
    const lost = (err: unknown) => {
      if (!this.slots.includes(slot)) return;
      this.fail(err);
      this.dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`worker exited with code ${code}`)));
    return slot;
  }

  /** From now on every batch runs in this thread; batches that were on a worker are run again here. */
  private fail(err: unknown): void {
    if (!this.failed) {
      this.failed = err instanceof Error ? err.message : String(err);
      process.emitWarning(`receipt verification continues in the calling thread: its worker threads failed (${this.failed})`);
    }
    for (const slot of this.slots.splice(0)) {
      if (slot.task) this.queue.unshift(slot.task);
      slot.task = null;
      void slot.worker.terminate();
    }
  }

  private runInThread(task: Task): void {
    try {
      task.resolve(digestReceipts(task.items, task.options));
    } catch (err) {
      task.reject(err);
    }
  }
}

export type VerifyPool = Digester & { readonly fallbackReason: string | null };

/** A pool of its own (tests); the process shares `getVerifyPool()`. */
export function createVerifyPool(options: { threads: number; workerUrl?: URL }): VerifyPool {
  return new WorkerPool(options.threads, options.workerUrl ?? null);
}

const globalKey = Symbol.for("risk-ledger.receipt-verify-pool");
type Holder = { [globalKey]?: WorkerPool };

/** The process's verification pool, created on first use and kept across hot reloads. */
export function getVerifyPool(): VerifyPool {
  const holder = globalThis as Holder;
  holder[globalKey] ??= new WorkerPool(Math.max(1, Math.min(MAX_THREADS, availableParallelism())));
  return holder[globalKey];
}
