/**
 * GitHub ingestion against the simulator at zero latency: a 10,000-pull-request repository (× BENCH_SCALE)
 * fetched and mapped through the real client. Requests and GraphQL points per pull request are what a real
 * sync would spend on GitHub; PRs/s measures our own fetch+map overhead (simulator in the same process).
 */
import { performance } from "node:perf_hooks";
import { fixtureDataset, FIXTURE_TOKEN } from "@/lib/github-simulator/fixtures";
import { startSimulator } from "@/lib/github-simulator/server";
import { createGitHubClient } from "@/lib/github/client";
import { fetchPullRequests } from "@/lib/github/pull-requests";
import type { BenchModule } from "./harness";

const bench: BenchModule = {
  title: "GitHub sync fetch (simulator, zero latency)",
  async run(ctx) {
    const total = Math.max(200, Math.round(10_000 * ctx.scale));
    const dataset = fixtureDataset({ pullRequests: total, bigFiles: { 17: 180, 4242: 420 } });
    const expected = dataset.repos[0]!.pullRequests.filter((p) => p.state !== "closed").length;
    const sim = await startSimulator({ dataset, limits: { core: 1_000_000, graphql: 1_000_000 } });
    try {
      const client = createGitHubClient({ token: FIXTURE_TOKEN, baseUrl: sim.url });
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
      const started = performance.now();
      let n = 0;
      let files = 0;
      for await (const item of fetchPullRequests(client, { owner: "acme", repo: "payments" })) {
        n += 1;
        files += item.change.files.length;
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const points = sim.requests.reduce((s, r) => s + (r.cost ?? 0), 0);
      ctx.log(`${n} of ${expected} open+merged pull requests, ${files} files, ${client.stats.graphqlRequests} GraphQL + ${client.stats.restRequests} REST requests`);
      const rpp = client.stats.requests / n;
      const ppp = points / n;
      ctx.report({ name: "requests per PR", value: rpp, unit: "req", target: "≤ 0.05", ok: rpp <= 0.05, note: "a REST-per-PR collector needs ≈ 6" });
      ctx.report({ name: "GraphQL points per PR", value: ppp, unit: "points", target: "≤ 0.1", ok: ppp <= 0.1, note: "GitHub's cost formula, as charged by the simulator" });
      ctx.report({ name: "PRs that fit an hour's 5,000 points", value: 5000 / ppp, unit: "PRs" });
      ctx.report({ name: "fetch + map throughput", value: n / seconds, unit: "PRs/s", target: "≥ 500", ok: n / seconds >= 500 });
      ctx.report({ name: "peak RSS (client + simulator in one process)", value: peakRss / 1024 / 1024, unit: "MB" });
      if (n !== expected) ctx.log(`WARNING: fetched ${n}, expected ${expected}`);
    } finally {
      await sim.stop();
    }
  },
};

export default bench;
