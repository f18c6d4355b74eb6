import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availableDrivers, createTestDatabase, type TestDatabase } from "../../test/databases";
import { createPgBossQueue } from "./pg-boss-queue";
import type { JobHandlers, JobQueue, RefreshPullRequestsJob } from "./types";

describe.runIf(availableDrivers().includes("postgres"))("pg-boss queue [postgres]", () => {
  let database: TestDatabase;
  let queue: JobQueue;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    queue = await createPgBossQueue(database.url!);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("runs a pull request refresh once when the same key is queued twice", async () => {
    const job: RefreshPullRequestsJob = { orgId: "00000000-0000-4000-8000-000000000001", repositoryId: "00000000-0000-4000-8000-000000000002", numbers: [7], headSha: null };
    const key = `refresh:${job.orgId}:${job.repositoryId}:#7`;
    await queue.send("refresh-pull-requests", job, { singletonKey: key });
    await queue.send("refresh-pull-requests", { ...job, deliveryId: "second" }, { singletonKey: key });

    const seen: RefreshPullRequestsJob[] = [];
    let done!: () => void;
    const ran = new Promise<void>((resolve) => (done = resolve));
    const unexpected = async () => {
      throw new Error("no other job was queued");
    };
    const handlers: JobHandlers = {
      sync: unexpected,
      rescore: unexpected,
      gate: unexpected,
      "refresh-pull-requests": async (data) => {
        seen.push(data);
        done();
      },
    };
    await queue.work(handlers);
    await ran;
    // Nothing left queued, and a graceful stop lets a job already fetched finish: a second run would show here.
    await queue.idle();
    await queue.stop();
    expect(seen).toEqual([job]);
  });
});
