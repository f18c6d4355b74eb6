import type { Actor, Change, ChangeCommit, ChangeFile, FileStatus } from "@/lib/scoring/types";
import { parseTrailers, revertedSha } from "./trailers";

/** Field separator and record separator of the `git log` format used by readMergedChanges. */
export const FS = "\u001f";
export const RS = "\u001e";
export const LOG_FORMAT = `${RS}%H${FS}%P${FS}%an${FS}%ae${FS}%aI${FS}%cn${FS}%ce${FS}%cI${FS}%B${FS}`;

export interface RawCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authoredAt: string;
  committerName: string;
  committerEmail: string;
  committedAt: string;
  message: string;
  files: ChangeFile[];
}

const STATUS: Record<string, FileStatus> = { A: "added", M: "modified", D: "removed", R: "renamed", C: "copied", T: "changed" };

/** One record of `git log --raw --numstat -z` in LOG_FORMAT (without the leading RS). */
export function parseLogRecord(record: string): RawCommit | null {
  const parts = record.split(FS);
  if (parts.length < 10) return null;
  const [sha, parents, an, ae, aI, cn, ce, cI] = parts as [string, string, string, string, string, string, string, string];
  const message = parts.slice(8, parts.length - 1).join(FS);
  const diff = parts[parts.length - 1]!;
  return {
    sha,
    parents: parents.split(" ").filter(Boolean),
    authorName: an,
    authorEmail: ae,
    authoredAt: aI,
    committerName: cn,
    committerEmail: ce,
    committedAt: cI,
    message,
    files: parseDiff(diff),
  };
}

/** `--raw` entries give status and paths, `--numstat` entries the line counts; both are NUL-separated with -z. */
export function parseDiff(diff: string): ChangeFile[] {
  const tokens = diff.split("\0");
  const files: ChangeFile[] = [];
  const byPath = new Map<string, ChangeFile>();
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!.replace(/^\n+/, "");
    if (token.startsWith(":")) {
      const fields = token.split(" ");
      const code = fields[fields.length - 1] ?? "M";
      const letter = code[0]!;
      let file: ChangeFile;
      if (letter === "R" || letter === "C") {
        file = { path: tokens[i + 2]!, previousPath: tokens[i + 1]!, status: STATUS[letter]!, additions: null, deletions: null };
        i += 3;
      } else {
        file = { path: tokens[i + 1]!, status: STATUS[letter] ?? "modified", additions: null, deletions: null };
        i += 2;
      }
      files.push(file);
      byPath.set(file.path, file);
      continue;
    }
    const m = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(token);
    if (m) {
      let path = m[3]!;
      let step = 1;
      if (path === "") {
        path = tokens[i + 2] ?? "";
        step = 3;
      }
      const file = byPath.get(path);
      if (file) {
        file.additions = m[1] === "-" ? null : Number(m[1]);
        file.deletions = m[2] === "-" ? null : Number(m[2]);
      }
      i += step;
      continue;
    }
    i++;
  }
  return files;
}

const MERGE_PR = /^Merge pull request #(\d+) from (\S+)/;
const SQUASH_PR = /\(#(\d+)\)\s*$/;

/** A GitHub login when the email says it (`123+login@users.noreply.github.com`), else the name. */
export function actorOf(name: string, email: string): Actor {
  const noreply = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/i.exec(email);
  const login = noreply?.[1] ?? name ?? email;
  const bot = login.endsWith("[bot]") || /\[bot\]$/.test(name);
  return { login, type: bot ? "Bot" : "User", name, email };
}

/** A commit of a merged branch, read with cat-file. */
export interface BranchCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authoredAt: string;
  message: string;
}

export interface GitChange extends Change {
  /** The commit the change is read from on the first-parent line. */
  sha: string;
  /** Set when the message says `This reverts commit <sha>`. */
  revertsSha: string | null;
}

/** The merged change a first-parent commit stands for: a merge of a pull request, a squash, or a direct push. */
export function toGitChange(raw: RawCommit, repo: string, branch: readonly BranchCommit[] = []): GitChange {
  const lines = raw.message.replace(/\r\n/g, "\n").split("\n");
  const subject = lines[0] ?? "";
  const rest = lines.slice(1).join("\n").trim();
  let number: number | null = null;
  let title = subject;
  let body = rest;
  let headRef = "";
  const merge = MERGE_PR.exec(subject);
  const squash = SQUASH_PR.exec(subject);
  if (merge && raw.parents.length > 1) {
    number = Number(merge[1]);
    headRef = merge[2]!.replace(/^[^/]+\//, "");
    const [first, ...others] = rest.split("\n");
    title = first?.trim() || subject;
    body = others.join("\n").trim();
  } else if (squash) {
    number = Number(squash[1]);
    title = subject.replace(SQUASH_PR, "").trim();
  }
  const mergedAt = new Date(raw.committedAt).toISOString();
  const committer = actorOf(raw.authorName, raw.authorEmail);
  const commits: ChangeCommit[] = [
    {
      sha: raw.sha,
      message: raw.message,
      authorName: raw.authorName,
      authorEmail: raw.authorEmail,
      authorLogin: committer.login,
      committedAt: mergedAt,
      trailers: parseTrailers(raw.message),
      parentCount: raw.parents.length,
    },
  ];
  for (const c of branch) {
    commits.push({
      sha: c.sha,
      message: c.message,
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      authorLogin: actorOf(c.authorName, c.authorEmail).login,
      committedAt: c.authoredAt ? new Date(c.authoredAt).toISOString() : null,
      trailers: parseTrailers(c.message),
      parentCount: c.parents.length,
    });
  }
  // A merge commit is authored by whoever pressed merge; the pull request's author wrote the branch's first commit.
  const first = [...branch].reverse().find((c) => c.parents.length < 2) ?? branch[0];
  const author = merge && first ? actorOf(first.authorName, first.authorEmail) : committer;
  const mergedBy = merge && raw.parents.length > 1 ? committer : null;
  return {
    sha: raw.sha,
    revertsSha: revertedSha(raw.message),
    repo,
    number,
    title,
    body,
    url: number !== null ? `https://github.com/${repo}/pull/${number}` : null,
    state: "merged",
    author,
    createdAt: new Date(first?.authoredAt || raw.authoredAt).toISOString(),
    mergedAt,
    mergedBy,
    baseRef: "",
    headRef,
    headSha: raw.parents.length > 1 ? raw.parents[1]! : raw.sha,
    mergeSha: raw.sha,
    labels: [],
    commits,
    files: raw.files,
    reviews: null,
    requestedReviewers: [],
    checks: null,
    adminBypass: null,
    dependencyChanges: null,
  };
}
