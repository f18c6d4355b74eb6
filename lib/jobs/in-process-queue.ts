import { RETRY, type JobHandlers, type JobName, type JobPayloads, type JobQueue, type SendOptions } from "./types";

/**
 * The embedded mode's queue: jobs run in this process, one at a time per key, retried with exponential back-off.
 * Durability comes from the state the jobs keep in the database (sync runs resume from their stored cursor when the
 * server starts again); PGlite belongs to one process, so there is nobody to share the work with.
 */
export function createInProcessQueue(options: { baseDelayMs?: number; onError?: (name: JobName, err: unknown) => void } = {}): JobQueue {
  let handlers: JobHandlers | null = null;
  const pending: Array<{ name: JobName; data: unknown; key?: string }> = [];
  const queuedKeys = new Set<string>();
  let running: Promise<void> | null = null;
  let stopped = false;
  const waiters: Array<() => void> = [];

  async function runOne(name: JobName, data: unknown): Promise<void> {
    const handler = handlers![name] as (d: unknown) => Promise<void>;
    for (let attempt = 0; ; attempt++) {
      try {
        await handler(data);
        return;
      } catch (err) {
        options.onError?.(name, err);
        if (attempt >= RETRY.limit || stopped) return;
        await new Promise((r) => setTimeout(r, (options.baseDelayMs ?? RETRY.baseDelayMs) * 2 ** attempt));
      }
    }
  }

  function drain(): void {
    if (running || !handlers || stopped) return;
    const next = pending.shift();
    if (!next) {
      waiters.splice(0).forEach((w) => w());
      return;
    }
    if (next.key) queuedKeys.delete(next.key);
    running = runOne(next.name, next.data).finally(() => {
      running = null;
      drain();
    });
  }

  return {
    kind: "in-process",
    async send<N extends JobName>(name: N, data: JobPayloads[N], opts: SendOptions = {}) {
      if (opts.singletonKey) {
        if (queuedKeys.has(opts.singletonKey)) return;
        queuedKeys.add(opts.singletonKey);
      }
      pending.push({ name, data, key: opts.singletonKey });
      queueMicrotask(drain);
    },
    async work(h) {
      handlers = h;
      drain();
    },
    idle() {
      if (!running && pending.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
