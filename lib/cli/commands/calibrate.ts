import type { Command } from "commander";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { adoptParams, calibrate, createCalibrationScorer, formatCalibrationReport, paramsOf, type CalibrationReport, type CalibrationRow } from "@/lib/calibration";
import { GitReadError, readMergedChanges } from "@/lib/git";
import { computeFailureLabels, excludedPathsOf, labelCandidateOf, type FailureLabelStats } from "@/lib/git/failure-labels";
import type { LabelCandidate } from "@/lib/git/failure-label-rules";
import type { CompiledPolicy } from "@/lib/policy";
import { CliError } from "../errors";
import { datasetLineSchema, datasetLineToChange, type DatasetLine } from "../evaluate-dataset";
import { loadPolicyFile, openLineWriter, readLines } from "../score-io";

interface CalibrateOptions {
  gitDir?: string;
  repo?: string;
  ref: string;
  input?: string[];
  policy?: string;
  trainFraction: string;
  minFailures: string;
  fixPattern?: string;
  labelWindowDays: string;
  maxFixFiles: string;
  labelsOut?: string;
  adoptOut?: string;
  json?: boolean;
}

/** Valid lines of a labelled dataset file (../shared/datasets format); bad lines are reported and skipped. */
export async function readDataset(path: string, warn: (message: string) => void): Promise<DatasetLine[]> {
  const lines: DatasetLine[] = [];
  for await (const { line, text } of readLines(path)) {
    if (!text.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      warn(`${path} line ${line}: not valid JSON (${(err as Error).message}); skipped`);
      continue;
    }
    const parsed = datasetLineSchema.safeParse(json);
    if (!parsed.success) {
      warn(`${path} line ${line}: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}; skipped`);
      continue;
    }
    lines.push(parsed.data);
  }
  return lines;
}

/** Dataset lines scored oldest first (history from earlier lines only) with the labels they carry. */
export function rowsFromDataset(lines: readonly DatasetLine[], policy: CompiledPolicy): CalibrationRow[] {
  const score = createCalibrationScorer(policy);
  return lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => a.l.repo.localeCompare(b.l.repo) || a.l.mergedAt.localeCompare(b.l.mergedAt) || a.i - b.i)
    .map(({ l }) => ({ ...score(datasetLineToChange(l), l.sha), failed: l.label.failed }));
}

/**
 * A clone's merged changes scored oldest first, then labelled from the same history (reverts and SZZ fixes).
 * Returns the rows, the labels with their evidence, and the labelling statistics.
 */
export async function rowsFromClone(
  options: { dir: string; repo: string; ref: string; policy: CompiledPolicy; fixPattern?: RegExp; windowDays?: number; maxFixFiles?: number },
) {
  const score = createCalibrationScorer(options.policy);
  const rows: Omit<CalibrationRow, "failed">[] = [];
  const candidates: LabelCandidate[] = [];
  for await (const change of readMergedChanges({ dir: options.dir, repo: options.repo, ref: options.ref })) {
    rows.push(score(change, change.sha));
    candidates.push(labelCandidateOf(change));
  }
  const { labels, stats } = await computeFailureLabels(candidates, {
    dir: options.dir,
    fixPattern: options.fixPattern,
    windowDays: options.windowDays,
    maxFixFiles: options.maxFixFiles,
    isExcludedPath: excludedPathsOf(options.policy, options.repo),
  });
  const labelled: CalibrationRow[] = rows.map((r, i) => ({ ...r, failed: labels[i]!.failed, settled: labels[i]!.settled }));
  return { rows: labelled, labels, stats };
}

function positive(value: string, name: string, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new CliError(`${name} must be a positive ${integer ? "whole " : ""}number, got "${value}"`);
  return n;
}

export function registerCalibrate(program: Command): void {
  program
    .command("calibrate")
    .description(
      "Label past changes as failed (reverted, or lines fixed within 30 days) and report how well the risk score ranked them; " +
        "fit non-negative weights and AI multipliers on the oldest changes only and compare on the newest (docs/calibration.md)",
    )
    .option("--git-dir <dir>", "a local clone (working directory or bare): changes and labels come from its first-parent history")
    .option("--repo <owner/name>", "repository name for --git-dir")
    .option("--ref <branch>", "branch or revision to walk with --git-dir", "HEAD")
    .option("--input <file>", "labelled changes in the datasets format (JSONL, .gz accepted) instead of a clone; repeat for several repositories", (v: string, prev: string[] = []) => [...prev, v])
    .option("--policy <file>", "policy YAML whose weights are the 'before' (default: the built-in default policy)")
    .option("--train-fraction <fraction>", "oldest share of changes, by merge time, that the fit may see", "0.7")
    .option("--min-failures <n>", "failures (and non-failures) a period needs before its figures are judged", "20")
    .option("--fix-pattern <regex>", "subject/title of a fix commit, case-insensitive (default: fix, hotfix, bug, regression, incident)")
    .option("--label-window-days <n>", "a fix labels changes merged at most this many days before it", "30")
    .option("--max-fix-files <n>", "fixes touching more files are skipped", "50")
    .option("--labels-out <file>", "write each change's label with its evidence as JSONL (with --git-dir)")
    .option("--adopt-out <file>", "write the policy (--policy, or the default) with the calibrated weights, validated, ready to save as a new version")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      `
Examples:
  npm run cli -- calibrate --git-dir ../clones/app.git --repo acme/app --policy policy.yaml
  npm run cli -- calibrate --input ../shared/datasets/formbricks__formbricks.changes.jsonl.gz

The fit never sees the newest changes: figures on them are out-of-sample. Every figure comes with the number of
failures behind it and a 95% interval; below --min-failures it reads "too few failures to judge".`,
    )
    .action(async (opts: CalibrateOptions) => {
      if (!!opts.gitDir === !!opts.input?.length) throw new CliError("give either --git-dir (with --repo) or --input");
      const trainFraction = Number(opts.trainFraction);
      if (!(trainFraction > 0 && trainFraction < 1)) throw new CliError("--train-fraction must be a fraction between 0 and 1");
      const minFailures = positive(opts.minFailures, "--min-failures");
      const windowDays = positive(opts.labelWindowDays, "--label-window-days");
      const maxFixFiles = positive(opts.maxFixFiles, "--max-fix-files");
      let fixPattern: RegExp | undefined;
      if (opts.fixPattern) {
        try {
          fixPattern = new RegExp(opts.fixPattern, "i");
        } catch (err) {
          throw new CliError(`--fix-pattern is not a valid regular expression: ${(err as Error).message}`);
        }
      }
      const policy = loadPolicyFile(opts.policy);
      const warn = (m: string) => process.stderr.write(`${m}\n`);
      const started = performance.now();

      let rows: CalibrationRow[];
      let source: string;
      let labelStats: FailureLabelStats | null = null;
      if (opts.gitDir) {
        if (!opts.repo || !/^[^/\s]+\/[^/\s]+$/.test(opts.repo)) throw new CliError(`--repo owner/name is required with --git-dir${opts.repo ? `, got "${opts.repo}"` : ""}`);
        if (!existsSync(opts.gitDir)) throw new CliError(`no such directory: ${opts.gitDir}`);
        try {
          const out = await rowsFromClone({ dir: opts.gitDir, repo: opts.repo, ref: opts.ref, policy, fixPattern, windowDays, maxFixFiles });
          rows = out.rows;
          labelStats = out.stats;
          if (opts.labelsOut) {
            const w = openLineWriter(opts.labelsOut);
            for (const l of out.labels) await w.write(JSON.stringify({ repo: opts.repo, ...l }));
            await w.close();
          }
        } catch (err) {
          if (err instanceof GitReadError) throw new CliError(err.message);
          throw err;
        }
        source = `${opts.repo} (${opts.gitDir}, ${opts.ref})`;
        const s = labelStats;
        warn(
          `labelled ${s.changes} changes in ${((performance.now() - started) / 1000).toFixed(1)}s: ${rows.filter((r) => r.failed).length} failed ` +
            `(${s.reverts} reverts; ${s.fixes} fixes, ${s.fixesSkippedTooLarge} skipped for > ${maxFixFiles} files, ${s.blameCalls} blame calls over ${s.blamedLines} lines)`,
        );
      } else {
        if (opts.labelsOut) throw new CliError("--labels-out needs --git-dir (dataset lines already carry their labels)");
        const lines: DatasetLine[] = [];
        for (const file of opts.input!) lines.push(...(await readDataset(file, warn)));
        if (lines.length < 10) throw new CliError(`too few valid changes to calibrate (${lines.length})`);
        rows = rowsFromDataset(lines, policy);
        source = opts.input!.join(", ");
      }

      const report: CalibrationReport = calibrate(rows, paramsOf(policy), { trainFraction, minFailures });
      let adopted: { file: string; version: string } | null = null;
      if (opts.adoptOut) {
        const base = opts.policy ? readFileSync(opts.policy, "utf8") : "";
        const result = adoptParams(base, report.proposed);
        if (!result.ok) throw new CliError(`the calibrated policy does not validate:\n${result.message}`);
        writeFileSync(opts.adoptOut, result.text);
        adopted = { file: opts.adoptOut, version: result.version };
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ source, policyVersion: policy.version, labels: labelStats, report, adopted }, null, 2)}\n`);
        return;
      }
      process.stdout.write(formatCalibrationReport(report, `Calibration of ${source}, policy ${policy.version === "default" ? "default" : policy.version.slice(0, 12)}`));
      if (adopted) process.stdout.write(`\nWrote the calibrated policy to ${adopted.file} (version ${adopted.version.slice(0, 12)}); it validates.\n`);
    });
}
