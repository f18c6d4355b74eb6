/**
 * End-to-end sync: simulator (zero latency) → client → score → store (+ receipts), on PGlite and on PostgreSQL.
 * A fresh database per driver; the PostgreSQL one is created on the local server and dropped after. The simulator
 * runs in a child process (as GitHub runs elsewhere), so the figure is the sync's own throughput; BENCH_SIM=inline
 * runs it on the bench's event loop instead.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { openDatabase, type Database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { createOrganisation } from "@/db/queries/organisations";
import { createSecretBox } from "@/lib/crypto";
import { FIXTURE_TOKEN, fixtureDataset } from "@/lib/github-simulator/fixtures";
import { githubSchema } from "@/lib/github-simulator/graphql-schema";
import { startSimulator } from "@/lib/github-simulator/server";
import { connectGitHub, selectRepositories } from "@/lib/services/github-connection";
import { requestSync, runSync } from "@/lib/services/sync";
import type { BenchContext, BenchModule } from "./harness";
import type { SimulatorProcessReady } from "./simulator-process";

const box = createSecretBox({ activeKeyId: "bench", keys: new Map([["bench", randomBytes(32)]]) });

async function measure(ctx: BenchContext, label: string, database: Database, simUrl: string, expected: number) {
  const org = await createOrganisation(database.db, { slug: `bench-${randomBytes(3).toString("hex")}`, name: "Bench" });
  const actor = { orgId: org.id, userId: null };
  await connectGitHub(database.db, box, actor, { token: FIXTURE_TOKEN, apiUrl: simUrl }, new Date());
  await selectRepositories(database.db, actor, ["acme/payments"]);
  let peakRss = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const { run } = await requestSync(database.db, { orgId: org.id, trigger: "bench", requestedBy: null });
  const started = performance.now();
  const done = await runSync(database.db, org.id, run.id, { box });
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (() => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1e6;
  })();
  clearInterval(sampler);
  if (done.status !== "succeeded" || done.prsFetched !== expected) {
    ctx.log(`${label}: ${done.status}, ${done.prsFetched}/${expected} fetched, errors: ${JSON.stringify(done.errors.slice(0, 2))}`);
  }
  const rate = done.prsFetched / seconds;
  ctx.report({ name: `${label}: first sync, PRs/s end to end`, value: rate, unit: "PR/s", target: "≥ 500", ok: rate >= 500, note: `${done.prsFetched} PRs in ${seconds.toFixed(1)} s incl. the history pass, ${cpuSeconds.toFixed(1)} s CPU in the syncing process` });
  ctx.report({ name: `${label}: peak RSS`, value: peakRss / 2 ** 20, unit: "MiB" });
  const { run: again } = await requestSync(database.db, { orgId: org.id, trigger: "bench", requestedBy: null });
  const t2 = performance.now();
  const second = await runSync(database.db, org.id, again.id, { box });
  ctx.report({ name: `${label}: second sync (nothing changed)`, value: (performance.now() - t2) / 1000, unit: "s", note: `${second.prsScored} rescored` });
}

const bench: BenchModule = {
  title: "Sync end to end (simulator → score → store)",
  async run(ctx) {
    const total = Math.max(100, Math.round(2_000 * ctx.scale));
    const dataset = fixtureDataset({ pullRequests: total });
    const expected = dataset.repos[0]!.pullRequests.filter((p) => p.state !== "closed").length;
    const sim = process.env.BENCH_SIM === "inline" ? await inlineSimulator(dataset) : await simulatorProcess(total);
    ctx.log(`simulator: ${process.env.BENCH_SIM === "inline" ? "in this process" : "child process"}`);
    try {
      const pglite = await openDatabase({ pgliteDir: "memory://" });
      await migrateDatabase(pglite);
      await measure(ctx, "PGlite", pglite, sim.url, expected);
      await pglite.close();

      const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      const name = `rl_bench_sync_${randomBytes(3).toString("hex")}`;
      try {
        await admin.unsafe(`create database "${name}"`);
      } catch (err) {
        ctx.log(`PostgreSQL not available (${(err as Error).message}); skipped`);
        await admin.end();
        return;
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const pg = await openDatabase({ url: url.toString() });
      try {
        await migrateDatabase(pg);
        await measure(ctx, "PostgreSQL", pg, sim.url, expected);
      } finally {
        await pg.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    } finally {
      await sim.stop();
    }
  },
};

async function inlineSimulator(dataset: ReturnType<typeof fixtureDataset>) {
  githubSchema();
  const sim = await startSimulator({ dataset, limits: { core: 1_000_000, graphql: 1_000_000 } });
  return { url: sim.url, stop: () => sim.stop() };
}

async function simulatorProcess(pullRequests: number): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(fileURLToPath(new URL("./simulator-process.ts", import.meta.url)), [String(pullRequests)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as SimulatorProcessReady).url));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`simulator process exited (${code})`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}

export default bench;
