import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { defaultCompiledPolicy } from "@/lib/policy";
import { excludedPathsOf, labelFailuresFromClone } from "@/lib/git/failure-labels";
import type { BenchModule } from "./harness";

/**
 * A first-parent history of `n` squash commits, one every 6 hours, each editing a few line ranges of 1–4 of 300
 * files of 80 lines (so that fixes blame real, varied authorship); a fifth of them are fixes.
 */
async function generate(dir: string, n: number): Promise<void> {
  spawnSync("git", ["init", "-q", "--bare", "-b", "main", dir]);
  const proc = spawn("git", ["-C", dir, "fast-import", "--quiet"], { stdio: ["pipe", "ignore", "inherit"] });
  const done = new Promise<number>((resolve) => proc.on("close", (c) => resolve(c ?? 0)));
  let seed = 7;
  const r = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const files = new Map<string, string[]>();
  const write = async (s: string) => {
    if (!proc.stdin.write(s)) await new Promise((res) => proc.stdin.once("drain", res));
  };
  const t0 = 1_720_000_000;
  for (let i = 1; i <= n; i++) {
    let body = "";
    const count = 1 + Math.floor(r() * 4);
    for (let f = 0; f < count; f++) {
      const path = `src/area${Math.floor(r() * 12)}/mod${Math.floor(r() * 25)}${r() < 0.15 ? ".test" : ""}.ts`;
      const lines = files.get(path) ?? Array.from({ length: 80 }, (_, k) => `export const v${k} = 0;`);
      const start = Math.floor(r() * 75);
      for (let k = start; k < Math.min(80, start + 1 + Math.floor(r() * 6)); k++) lines[k] = `export const v${k} = ${i};`;
      files.set(path, lines);
      body += `M 100644 inline ${path}\n${data(`${lines.join("\n")}\n`)}`;
    }
    const title = r() < 0.2 ? `fix: problem ${i}` : `Change ${i}`;
    const t = t0 + i * 6 * 3600;
    await write(`commit refs/heads/main\ncommitter GitHub <noreply@github.com> ${t} +0000\n${data(`${title} (#${i})`)}${body}\n`);
  }
  proc.stdin.end();
  if ((await done) !== 0) throw new Error("git fast-import failed");
}

const bench: BenchModule = {
  title: "Failure labels from a clone (reverts and SZZ blame)",
  async run({ scale, report, log }) {
    const n = Math.max(200, Math.round(3000 * scale));
    const root = mkdtempSync(join(tmpdir(), "rl-bench-labels-"));
    try {
      const dir = join(root, "repo.git");
      await generate(dir, n);
      log(`generated ${n} changes`);
      const started = performance.now();
      const { labels, stats } = await labelFailuresFromClone({ dir, repo: "acme/bench", isExcludedPath: excludedPathsOf(defaultCompiledPolicy(), "acme/bench") });
      const seconds = (performance.now() - started) / 1000;
      log(`${labels.filter((l) => l.failed).length} failed; ${stats.fixes} fixes, ${stats.blameCalls} blame calls over ${stats.blamedLines} lines`);
      report({ name: "labelling time", value: seconds, unit: "s", target: `≤ ${Math.round(n / 50)}`, ok: seconds <= n / 50, note: `${n} changes` });
      report({ name: "changes labelled per second", value: n / seconds, unit: "changes/s" });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
export default bench;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await bench.run({
    scale: Number(process.env.BENCH_SCALE ?? "1") || 1,
    log: (m) => process.stdout.write(`${m}\n`),
    report: (f) => process.stdout.write(`${f.name}: ${f.value.toFixed(2)} ${f.unit}${f.target ? ` (target ${f.target}) ${f.ok ? "ok" : "MISSED"}` : ""}${f.note ? ` — ${f.note}` : ""}\n`),
  });
}
