import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { CommitReader } from "./cat-file";
import { LOG_FORMAT, parseLogRecord, RS, toGitChange, type GitChange } from "./log-record";

export interface ReadMergedChangesOptions {
  /** A clone's working directory or a bare repository. */
  dir: string;
  /** "owner/name", stamped on every change. */
  repo: string;
  /** Branch or any revision; default HEAD. */
  ref?: string;
  /**
   * For merge commits, read the merged branch's own commits (their authors and trailers) back to where the branch
   * left the first-parent line, at most `maxBranchCommits` (default 250; 0 turns it off).
   */
  maxBranchCommits?: number;
}

export class GitReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitReadError";
  }
}

/**
 * The merged changes of a branch's first-parent history, OLDEST FIRST, streamed: one `git log` process read as it
 * goes (memory does not grow with history length). Merge commits ("Merge pull request #N …") and squash commits
 * ("… (#N)") carry their pull request number; other commits are direct pushes (number null). Files come with
 * status, line counts (null for binary files) and renames, diffed against the first parent.
 */
export async function* readMergedChanges(options: ReadMergedChangesOptions): AsyncGenerator<GitChange> {
  const { dir, repo, ref = "HEAD" } = options;
  if (!existsSync(dir)) throw new GitReadError(`not a directory: ${dir}`);
  await assertRevision(dir, ref);
  const args = [
    "-C", dir, "-c", "core.quotepath=off", "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-M",
    "--raw", "--numstat", "-z", "--no-abbrev", "--no-color", "--no-ext-diff", `--format=${LOG_FORMAT}`, ref, "--",
  ];
  const proc = spawn("git", args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.setEncoding("utf8");
  proc.stderr.on("data", (d: string) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<number>((resolve) => proc.on("close", (code) => resolve(code ?? 0)));
  const maxBranch = options.maxBranchCommits ?? 250;
  const tips = maxBranch > 0 ? new CommitReader(dir) : null;
  // First-parent commits seen so far: where a merged branch's own history stops.
  const mainLine = new Set<string>();
  try {
    proc.stdout.setEncoding("utf8");
    let pending = "";
    for await (const chunk of proc.stdout as AsyncIterable<string>) {
      pending += chunk;
      let cut = pending.indexOf(RS, 1);
      while (cut >= 0) {
        yield await build(pending.slice(1, cut));
        pending = pending.slice(cut);
        cut = pending.indexOf(RS, 1);
      }
    }
    if (pending.startsWith(RS)) yield await build(pending.slice(1));
    const code = await exited;
    if (code !== 0) throw new GitReadError(`git log failed (${code}): ${stderr.trim()}`);
  } finally {
    tips?.close();
    if (proc.exitCode === null) proc.kill();
  }

  async function build(record: string): Promise<GitChange> {
    const raw = parseLogRecord(record);
    if (!raw) throw new GitReadError(`unexpected git log output near: ${record.slice(0, 80)}`);
    mainLine.add(raw.sha);
    const branch = [];
    if (tips && raw.parents.length > 1) {
      let next: string | undefined = raw.parents[1];
      while (next && !mainLine.has(next) && branch.length < maxBranch) {
        const c = await tips.read(next);
        if (!c) break;
        branch.push(c);
        next = c.parents[0];
      }
    }
    return toGitChange(raw, repo, branch);
  }
}

function assertRevision(dir: string, ref: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn("git", ["-C", dir, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("error", (e) => reject(new GitReadError(`cannot run git: ${e.message}`)));
    p.on("close", (code) =>
      code === 0 ? resolve() : reject(new GitReadError(`${dir}: not a git repository or no such revision "${ref}"${err.trim() ? ` (${err.trim()})` : ""}`)),
    );
  });
}
