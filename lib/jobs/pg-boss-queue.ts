import PgBoss from "pg-boss";
import { RETRY, type JobHandlers, type JobName, type JobPayloads, type JobQueue, type SendOptions } from "./types";

const NAMES: JobName[] = ["sync", "rescore", "gate", "refresh-pull-requests"];

/**
 * PostgreSQL mode: jobs live in pg-boss's tables, so they survive restarts, and any number of worker processes on
 * any number of machines share them (SKIP LOCKED) without running one twice.
 */
export async function createPgBossQueue(connectionString: string, options: { onError?: (err: unknown) => void } = {}): Promise<JobQueue> {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 3 });
  boss.on("error", (err) => options.onError?.(err));
  await boss.start();
  for (const name of NAMES) {
    // "stately": at most one queued and one active job per singleton key.
    await boss.createQueue(name, {
      name,
      policy: "stately",
      retryLimit: RETRY.limit,
      retryDelay: RETRY.baseDelayMs / 1000,
      retryBackoff: true,
      expireInSeconds: 60 * 60 * 4,
    });
  }
  return {
    kind: "pg-boss",
    async send<N extends JobName>(name: N, data: JobPayloads[N], opts: SendOptions = {}) {
      await boss.send(name, data as object, opts.singletonKey ? { singletonKey: opts.singletonKey } : {});
    },
    async work(handlers: JobHandlers) {
      for (const name of NAMES) {
        const handler = handlers[name] as (d: unknown) => Promise<void>;
        await boss.work(name, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) await handler(job.data);
        });
      }
    },
    async idle() {
      for (;;) {
        let busy = 0;
        for (const name of NAMES) busy += await boss.getQueueSize(name);
        if (busy === 0) return;
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
