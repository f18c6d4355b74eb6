import type { Database } from "../../db/client";
import { getEnv } from "../env";
import { getSecretBox } from "../services/secrets";
import { createJobHandlers } from "./handlers";
import { createInProcessQueue } from "./in-process-queue";
import { createPgBossQueue } from "./pg-boss-queue";
import type { JobQueue } from "./types";

export type { JobQueue, JobName, JobPayloads } from "./types";

const globalKey = Symbol.for("risk-ledger.jobs");
type Holder = { [globalKey]?: Promise<JobQueue> };

/**
 * The process's job queue: pg-boss on PostgreSQL, in-process on the embedded database. `work` says whether this
 * process also runs jobs (the web server does unless WORKERS=0; `npm run cli -- worker` only works).
 */
export function getJobQueue(database: Database, options: { work: boolean }): Promise<JobQueue> {
  const holder = globalThis as Holder;
  holder[globalKey] ??= (async () => {
    const env = getEnv();
    const log = (line: string) => process.stdout.write(`[jobs] ${line}\n`);
    const onError = (err: unknown) => process.stderr.write(`[jobs] ${err instanceof Error ? err.message : String(err)}\n`);
    const queue =
      database.driver === "postgres" && env.DATABASE_URL
        ? await createPgBossQueue(env.DATABASE_URL, { onError })
        : createInProcessQueue({ onError: (name, err) => onError(`${name}: ${err instanceof Error ? err.message : String(err)}`) });
    if (options.work) await queue.work(createJobHandlers({ db: database.db, box: getSecretBox(), log }));
    return queue;
  })();
  return holder[globalKey];
}
