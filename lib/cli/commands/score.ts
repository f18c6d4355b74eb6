import type { Command } from "commander";
import { createHistoryTracker, parseChange, scoreChange } from "@/lib/scoring";
import { parseCodeowners } from "@/lib/policy";
import { existsSync, readFileSync } from "node:fs";
import { CliError } from "../errors";
import { loadPolicyFile, openLineWriter, readLines } from "../score-io";

export function registerScore(program: Command): void {
  program
    .command("score")
    .description("Score normalized changes (JSONL, one change per line; see docs/change-format.md) into assessments (JSONL)")
    .requiredOption("--input <file>", "changes, one JSON object per line (.gz accepted)")
    .requiredOption("--out <file>", "where to write one assessment per line ('-' for stdout)")
    .option("--policy <file>", "policy YAML (default: the built-in default policy)")
    .option("--codeowners <file>", "CODEOWNERS of the base branch, applied to every change")
    .option("--history", "build history features from the earlier lines of the input (expects oldest first)")
    .action(async (opts: { input: string; out: string; policy?: string; codeowners?: string; history?: boolean }) => {
      const policy = loadPolicyFile(opts.policy);
      let codeowners = null;
      if (opts.codeowners) {
        if (!existsSync(opts.codeowners)) throw new CliError(`CODEOWNERS file not found: ${opts.codeowners}`);
        codeowners = parseCodeowners(readFileSync(opts.codeowners, "utf8"));
        for (const e of codeowners.errors) process.stderr.write(`${opts.codeowners}: line ${e.line}, column ${e.column}: ${e.message} (line skipped)\n`);
      }
      const tracker = opts.history ? createHistoryTracker({ windowDays: policy.history.windowDays, fixPattern: policy.history.fixPattern }) : null;
      const out = openLineWriter(opts.out);
      let scored = 0;
      let bad = 0;
      for await (const { line, text } of readLines(opts.input)) {
        if (!text.trim()) continue;
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (err) {
          bad++;
          process.stderr.write(`${opts.input}: line ${line}: not valid JSON (${(err as Error).message}); skipped\n`);
          continue;
        }
        const parsed = parseChange(json);
        if (!parsed.ok) {
          bad++;
          process.stderr.write(`${opts.input}: line ${line}: ${parsed.errors.slice(0, 5).join("; ")}; skipped\n`);
          continue;
        }
        const history = tracker ? tracker.next(parsed.change) : null;
        const assessment = scoreChange(parsed.change, { policy, codeowners, protection: null, history });
        await out.write(JSON.stringify({ repo: parsed.change.repo, number: parsed.change.number, sha: parsed.change.mergeSha, ...assessment }));
        scored++;
      }
      await out.close();
      process.stderr.write(`scored ${scored} change${scored === 1 ? "" : "s"}${bad ? `, skipped ${bad} bad line${bad === 1 ? "" : "s"}` : ""}\n`);
      if (scored === 0 && bad > 0) process.exitCode = 1;
    });
}
