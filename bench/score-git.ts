import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { BenchModule } from "./harness";

const DIRS = ["services/payments", "services/billing", "apps/web", "apps/admin", "packages/ui", "packages/db", "docs", "infra"];

/** Writes a first-parent history of `n` merged changes (squash and merge commits) with git fast-import. */
async function generateRepository(dir: string, n: number): Promise<void> {
  spawnSync("git", ["init", "-q", "--bare", "-b", "main", dir]);
  const proc = spawn("git", ["-C", dir, "fast-import", "--quiet"], { stdio: ["pipe", "ignore", "inherit"] });
  const done = new Promise<number>((resolve) => proc.on("close", (c) => resolve(c ?? 0)));
  let seed = 42;
  const r = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const who = (i: number, t: number) => `dev${i % 37} <${1000 + (i % 37)}+dev${i % 37}@users.noreply.github.com> ${t} +0000`;
  const files = (i: number) => {
    let out = "";
    const count = 1 + Math.floor(r() ** 2 * 8);
    for (let f = 0; f < count; f++) {
      const path = `${DIRS[Math.floor(r() * DIRS.length)]}/mod${Math.floor(r() * 400)}${r() < 0.2 ? ".test" : ""}.ts`;
      const lines = Array.from({ length: 1 + Math.floor(r() * 40) }, (_, k) => `export const v${k} = ${i};`).join("\n");
      out += `M 100644 inline ${path}\n${data(`${lines}\n`)}`;
    }
    return out;
  };
  const write = async (s: string) => {
    if (!proc.stdin.write(s)) await new Promise((res) => proc.stdin.once("drain", res));
  };
  let mainMark = 0;
  let mark = 0;
  const t0 = 1_700_000_000;
  for (let i = 1; i <= n; i++) {
    const t = t0 + i * 3600;
    const trailer = r() < 0.15 ? "\n\nCo-authored-by: Claude <noreply@anthropic.com>" : "";
    if (i % 10 === 0 && mainMark) {
      const branchMark = ++mark;
      await write(`commit refs/heads/topic\nmark :${branchMark}\nauthor ${who(i, t - 60)}\ncommitter ${who(i, t - 60)}\n${data(`Work for ${i}${trailer}`)}from :${mainMark}\n${files(i)}\n`);
      const m = ++mark;
      await write(`commit refs/heads/main\nmark :${m}\nauthor ${who(i + 1, t)}\ncommitter GitHub <noreply@github.com> ${t} +0000\n${data(`Merge pull request #${i} from acme/topic-${i}\n\nFeature ${i}`)}from :${mainMark}\nmerge :${branchMark}\n\n`);
      mainMark = m;
    } else {
      const m = ++mark;
      const title = r() < 0.2 ? `fix: problem ${i}` : `Change ${i}`;
      await write(`commit refs/heads/main\nmark :${m}\nauthor ${who(i, t)}\ncommitter GitHub <noreply@github.com> ${t} +0000\n${data(`${title} (#${i})${trailer}`)}${mainMark ? `from :${mainMark}\n` : ""}${files(i)}\n`);
      mainMark = m;
    }
  }
  proc.stdin.end();
  if ((await done) !== 0) throw new Error("git fast-import failed");
}

function timeScoreGit(dir: string, ref: string, out: string): { seconds: number; maxRssMb: number; lines: number } {
  const started = performance.now();
  const res = spawnSync("/usr/bin/time", ["-f", "%M", "node_modules/.bin/tsx", "lib/cli/main.ts", "score-git", "--git-dir", dir, "--repo", "acme/bench", "--ref", ref, "--out", out], { encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`score-git failed: ${res.stderr}`);
  const kb = Number(res.stderr.trim().split("\n").pop());
  const lines = readFileSync(out, "utf8").split("\n").filter(Boolean).length;
  return { seconds, maxRssMb: kb / 1024, lines };
}

const bench: BenchModule = {
  title: "score-git on a generated repository (git fast-import), bare clone",
  async run(ctx) {
    const n = Math.max(1000, Math.round(10_000 * ctx.scale));
    const root = mkdtempSync(join(tmpdir(), "rl-bench-git-"));
    try {
      const repo = join(root, "repo.git");
      const g0 = performance.now();
      await generateRepository(repo, n);
      ctx.log(`generated ${n} merged changes in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

      const quarter = timeScoreGit(repo, `main~${n - Math.round(n / 4)}`, join(root, "quarter.jsonl"));
      const full = timeScoreGit(repo, "main", join(root, "full.jsonl"));
      ctx.report({ name: `score-git, ${full.lines} changes`, value: full.seconds, unit: "s", target: n >= 10_000 ? "< 60" : undefined, ok: n >= 10_000 ? full.seconds < 60 : undefined });
      ctx.report({ name: "throughput", value: full.lines / full.seconds, unit: "changes/s" });
      ctx.report({ name: `max RSS, ${quarter.lines} changes`, value: quarter.maxRssMb, unit: "MB" });
      ctx.report({ name: `max RSS, ${full.lines} changes`, value: full.maxRssMb, unit: "MB", target: "flat: ≤ 1.5 × the quarter run", ok: full.maxRssMb <= 1.5 * quarter.maxRssMb });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export default bench;
