import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import type { CompiledPolicy } from "@/lib/policy";
import {
  assembleLabels, DEFAULT_FIX_PATTERN, DEFAULT_LABEL_WINDOW_DAYS, DEFAULT_MAX_FIX_FILES, isFixCandidate, isIgnorableLine,
  parseBlamePorcelain, parseZeroContextDiff, toSpans,
  type FailureLabel, type FixBlame, type LabelCandidate, type LabelOptions,
} from "./failure-label-rules";
import type { GitChange } from "./log-record";
import { GitReadError, readMergedChanges } from "./read-merged-changes";

export interface FailureLabelOptions extends LabelOptions {
  /** The clone (working directory or bare repository). */
  dir: string;
  /** Files whose lines never count: tests, docs, generated and locale files. Default: none excluded. */
  isExcludedPath?: (path: string) => boolean;
  /** Fixes examined at the same time (each runs one `git diff` and one `git blame` per file). */
  concurrency?: number;
}

export interface FailureLabelStats {
  changes: number;
  fixes: number;
  /** Fixes with more files than `maxFixFiles`. */
  fixesSkippedTooLarge: number;
  /** Fixes with no earlier change inside the window. */
  fixesWithNothingInWindow: number;
  /** Fixes whose every removed line was in an excluded file, blank, a comment or whitespace only. */
  fixesWithNoCountedLines: number;
  blameCalls: number;
  blamedLines: number;
  reverts: number;
}

export interface FailureLabelResult {
  labels: FailureLabel[];
  stats: FailureLabelStats;
}

/** The part of a merged change that labelling needs (keeps memory small while a history streams past). */
export function labelCandidateOf(change: GitChange): LabelCandidate {
  const message = change.commits[0]?.message ?? change.title;
  return {
    sha: change.sha,
    number: change.number,
    title: change.title,
    subject: message.split("\n", 1)[0] ?? "",
    message,
    mergedAt: change.mergedAt ?? change.createdAt,
    revertsSha: change.revertsSha,
    fileCount: change.files.length,
  };
}

/** Tests, docs, generated and translation files as the policy's path conventions define them (docs/policy.md). */
export function excludedPathsOf(policy: CompiledPolicy, repo: string): (path: string) => boolean {
  return (path) => {
    const kinds = policy.classify(repo, path).kinds;
    return kinds.has("tests") || kinds.has("docs") || kinds.has("generated") || kinds.has("translations");
  };
}

/**
 * Labels every change of `candidates` (first-parent order, oldest first, as readMergedChanges yields them):
 * reverted, or fix-inducing by SZZ — the lines each fix deleted or modified are blamed at the fix's parent along the
 * first-parent line, and the change that added them failed if it merged within the window before the fix.
 * Only the lines needed are blamed (`-L` spans), only back to the window's start (`<boundary>..<fix>^`).
 */
export async function computeFailureLabels(candidates: readonly LabelCandidate[], options: FailureLabelOptions): Promise<FailureLabelResult> {
  const pattern = options.fixPattern ?? DEFAULT_FIX_PATTERN;
  const windowMs = (options.windowDays ?? DEFAULT_LABEL_WINDOW_DAYS) * 86_400_000;
  const maxFiles = options.maxFixFiles ?? DEFAULT_MAX_FIX_FILES;
  const excluded = options.isExcludedPath ?? (() => false);
  const stats: FailureLabelStats = {
    changes: candidates.length, fixes: 0, fixesSkippedTooLarge: 0, fixesWithNothingInWindow: 0, fixesWithNoCountedLines: 0,
    blameCalls: 0, blamedLines: 0, reverts: 0,
  };
  const times = candidates.map((c) => Date.parse(c.mergedAt));
  const jobs: { fix: LabelCandidate; index: number; boundary: string | null }[] = [];
  candidates.forEach((c, index) => {
    if (!isFixCandidate(c, pattern)) return;
    stats.fixes++;
    if (c.fileCount > maxFiles) {
      stats.fixesSkippedTooLarge++;
      return;
    }
    // The oldest earlier change inside the window; blame needs to walk no further back than the one before it.
    let first = -1;
    for (let i = 0; i < index; i++) {
      if (times[index]! - times[i]! <= windowMs) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      stats.fixesWithNothingInWindow++;
      return;
    }
    jobs.push({ fix: c, index, boundary: first > 0 ? candidates[first - 1]!.sha : null });
  });

  const blames: (FixBlame | null)[] = new Array(jobs.length).fill(null);
  const limit = Math.max(1, options.concurrency ?? Math.min(8, availableParallelism()));
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const j = next++;
      blames[j] = await blameFix(options.dir, jobs[j]!.fix, jobs[j]!.boundary, excluded, stats);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));

  const labels = assembleLabels(candidates, blames.filter((b): b is FixBlame => b !== null), options);
  stats.reverts = labels.reduce((n, l) => n + l.evidence.filter((e) => e.kind === "revert").length, 0);
  return { labels, stats };
}

async function blameFix(
  dir: string,
  fix: LabelCandidate,
  boundary: string | null,
  excluded: (path: string) => boolean,
  stats: FailureLabelStats,
): Promise<FixBlame | null> {
  const diff = await runGit(dir, [
    "-c", "core.quotepath=off", "diff", "-U0", "-w", "-M", "--no-color", "--no-ext-diff", "--no-textconv", `${fix.sha}^`, fix.sha, "--",
  ]);
  const files: FixBlame["files"] = [];
  for (const f of parseZeroContextDiff(diff)) {
    if (f.binary || !f.oldPath || excluded(f.oldPath) || (f.newPath && excluded(f.newPath))) continue;
    const counted = f.removed.filter((r) => !isIgnorableLine(r.text, f.oldPath)).map((r) => r.line);
    if (!counted.length) continue;
    const spans = toSpans(counted);
    const range = boundary ? `${boundary}..${fix.sha}^` : `${fix.sha}^`;
    stats.blameCalls++;
    const out = await runGit(dir, [
      "blame", "--porcelain", "--first-parent", "-w", ...spans.flatMap((s) => ["-L", `${s.start},${s.end}`]), range, "--", f.oldPath,
    ]);
    const blamed = parseBlamePorcelain(out);
    stats.blamedLines += blamed.length;
    files.push({ path: f.oldPath, blamed });
  }
  if (!files.length) {
    stats.fixesWithNoCountedLines++;
    return null;
  }
  return { fix, files };
}

function runGit(dir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn("git", ["-C", dir, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    proc.stdout.on("data", (d: Buffer) => chunks.push(d));
    proc.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString("utf8")).slice(-2000)));
    proc.on("error", (e) => reject(new GitReadError(`cannot run git: ${e.message}`)));
    proc.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(chunks).toString("utf8"));
      else reject(new GitReadError(`git ${args.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ")} failed (${code}): ${stderr.trim()}`));
    });
  });
}

/** Reads a clone's first-parent history and labels it (readMergedChanges, then computeFailureLabels). */
export async function labelFailuresFromClone(
  options: FailureLabelOptions & { repo: string; ref?: string },
): Promise<FailureLabelResult> {
  const candidates: LabelCandidate[] = [];
  for await (const change of readMergedChanges({ dir: options.dir, repo: options.repo, ref: options.ref, maxBranchCommits: 0 })) {
    candidates.push(labelCandidateOf(change));
  }
  return computeFailureLabels(candidates, options);
}
