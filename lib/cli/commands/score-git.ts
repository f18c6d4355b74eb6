import type { Command } from "commander";
import { existsSync } from "node:fs";
import { GitReadError, readMergedChanges } from "@/lib/git";
import { createHistoryTracker, scoreChange, SIGNAL_NAMES, type Assessment } from "@/lib/scoring";
import type { GitChange } from "@/lib/git";
import { CliError } from "../errors";
import { loadPolicyFile, openLineWriter } from "../score-io";

/** The line score-git writes: fixed keys in a fixed order. */
export function scoreGitLine(change: GitChange, a: Assessment): string {
  return JSON.stringify({
    repo: change.repo,
    number: change.number,
    sha: change.sha,
    mergedAt: change.mergedAt,
    risk: a.risk,
    band: a.band,
    signals: Object.fromEntries(SIGNAL_NAMES.map((n) => [n, a.signals[n].value])),
    aiOrigin: a.ai.aiOrigin,
    reasons: a.reasons.filter((r) => (r.points ?? 0) > 0 || r.signal === "ai").map((r) => r.message),
  });
}

export function registerScoreGit(program: Command): void {
  program
    .command("score-git")
    .description("Score every merged change of a local clone's first-parent history (bare or not), oldest first")
    .requiredOption("--git-dir <dir>", "the clone (working directory or bare repository)")
    .requiredOption("--repo <owner/name>", "repository name to stamp on each change")
    .requiredOption("--out <file>", "JSONL output, one line per merged change ('-' for stdout)")
    .option("--ref <branch>", "branch or revision to walk", "HEAD")
    .option("--since <YYYY-MM-DD>", "write only changes merged on or after this day (history still uses earlier ones)")
    .option("--policy <file>", "policy YAML (default: the built-in default policy)")
    .action(async (opts: { gitDir: string; repo: string; out: string; ref: string; since?: string; policy?: string }) => {
      if (!/^[^/\s]+\/[^/\s]+$/.test(opts.repo)) throw new CliError(`--repo must be owner/name, got "${opts.repo}"`);
      if (opts.since && !/^\d{4}-\d{2}-\d{2}$/.test(opts.since)) throw new CliError(`--since must be YYYY-MM-DD, got "${opts.since}"`);
      if (!existsSync(opts.gitDir)) throw new CliError(`no such directory: ${opts.gitDir}`);
      const policy = loadPolicyFile(opts.policy);
      const since = opts.since ? `${opts.since}T00:00:00.000Z` : null;
      const tracker = createHistoryTracker({ windowDays: policy.history.windowDays, fixPattern: policy.history.fixPattern });
      const out = openLineWriter(opts.out);
      let written = 0;
      let seen = 0;
      try {
        for await (const change of readMergedChanges({ dir: opts.gitDir, repo: opts.repo, ref: opts.ref })) {
          seen++;
          const history = tracker.next(change);
          if (since && (change.mergedAt ?? "") < since) continue;
          const assessment = scoreChange(change, { policy, codeowners: null, protection: null, history });
          await out.write(scoreGitLine(change, assessment));
          written++;
        }
      } catch (err) {
        if (err instanceof GitReadError) throw new CliError(err.message);
        throw err;
      } finally {
        await out.close();
      }
      process.stderr.write(`scored ${written} merged change${written === 1 ? "" : "s"} (${seen} read) from ${opts.gitDir}\n`);
    });
}
