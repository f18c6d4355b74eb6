import { getDatabase } from "../../db/instance";
import { getEnv } from "../env";
import { getJobQueue } from ".";
import type { JobName, JobPayloads } from "./types";

/** Queues background work from a request; the request never runs it. */
export async function enqueueJob<N extends JobName>(name: N, data: JobPayloads[N], singletonKey?: string): Promise<void> {
  const queue = await getJobQueue(await getDatabase(), { work: getEnv().WORKERS === "1" });
  await queue.send(name, data, singletonKey ? { singletonKey } : {});
}
