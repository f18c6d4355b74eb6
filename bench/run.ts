import { performance } from "node:perf_hooks";
import type { BenchModule, Figure } from "./harness";
import { BENCHES } from "./index";

const only = process.argv.slice(2);
const scale = Number(process.env.BENCH_SCALE ?? "1") || 1;
const all: Array<Figure & { bench: string }> = [];

for (const [key, load] of Object.entries(BENCHES)) {
  if (only.length && !only.includes(key)) continue;
  const mod: BenchModule = (await load()).default;
  process.stdout.write(`\n== ${mod.title} (${key}) ==\n`);
  const started = performance.now();
  await mod.run({
    scale,
    log: (m) => process.stdout.write(`   ${m}\n`),
    report: (f) => {
      all.push({ ...f, bench: key });
      const verdict = f.ok === undefined ? "" : f.ok ? "  ok" : "  MISSED";
      const target = f.target ? `  (target ${f.target})` : "";
      const note = f.note ? `  — ${f.note}` : "";
      process.stdout.write(`   ${f.name}: ${fmt(f.value)} ${f.unit}${target}${verdict}${note}\n`);
    },
  });
  process.stdout.write(`   [${((performance.now() - started) / 1000).toFixed(1)} s]\n`);
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(2);
}

const missed = all.filter((f) => f.ok === false);
process.stdout.write(`\n${all.length} figures, ${missed.length} below target\n`);
