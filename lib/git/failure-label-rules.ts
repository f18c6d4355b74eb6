/**
 * Failure labels (docs/calibration.md), the pure part: which changes a revert names, which changes are fixes, which
 * lines of a fix's diff count, how `git blame --porcelain` output reads, and how the evidence becomes labels. The
 * git processes live in failure-labels.ts.
 */

/** What labelling needs to know about one merged change (first-parent commit), in first-parent order. */
export interface LabelCandidate {
  sha: string;
  number: number | null;
  /** The pull request title (merge commits) or the subject without `(#N)` (squashes). */
  title: string;
  /** First line of the commit message. */
  subject: string;
  /** Full commit message (revert markers are read from it). */
  message: string;
  mergedAt: string;
  /** The commit named by `This reverts commit <sha>`, when the message says it. */
  revertsSha: string | null;
  /** Number of files the change touched (fixes touching too many are skipped). */
  fileCount: number;
}

export interface LineSpan {
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

export interface FixLineEvidence {
  /** Path at the fix's parent (what was blamed). */
  path: string;
  /** Line numbers at the fix's parent that the fix deleted or modified and that the change had added. */
  lines: number[];
  /** Path in the change that added the lines. */
  changePath: string;
  /** The same lines, numbered as in the change's own commit. */
  changeLines: number[];
}

export type FailureEvidence =
  | {
      kind: "revert";
      bySha: string;
      byNumber: number | null;
      byTitle: string;
      /** How the revert names the change. */
      matchedBy: "sha" | "title" | "pull-request";
      daysAfter: number;
    }
  | {
      kind: "fix";
      bySha: string;
      byNumber: number | null;
      byTitle: string;
      daysAfter: number;
      files: FixLineEvidence[];
    };

export interface FailureLabel {
  sha: string;
  number: number | null;
  mergedAt: string;
  failed: boolean;
  evidence: FailureEvidence[];
  /**
   * false when the change merged less than the fix window before the newest change seen: a fix may still come,
   * so "not failed" is not final yet.
   */
  settled: boolean;
}

export interface LabelOptions {
  /** Subject/title of a fix. Default: fix, hotfix, bug, bugfix, regression, incident (words, any case). */
  fixPattern?: RegExp;
  /** A fix counts against changes merged at most this many days before it. Default 30. */
  windowDays?: number;
  /** Fixes touching more files than this are skipped (mass renames, formatting sweeps). Default 50. */
  maxFixFiles?: number;
}

export const DEFAULT_FIX_PATTERN = /\b(fix|fixes|fixed|fixing|hotfix|hotfixes|bug|bugs|bugfix|bugfixes|regression|regressions|incident|incidents)\b/i;
export const DEFAULT_LABEL_WINDOW_DAYS = 30;
export const DEFAULT_MAX_FIX_FILES = 50;
const DAY = 86_400_000;

const REVERT_SUBJECT = /^\s*revert\s*"(.+)"/i;
const REVERTS_PR = /^\s*reverts\s+(?:[\w.-]+\/[\w.-]+)?#(\d+)\s*$/im;
const STARTS_WITH_REVERT = /^\s*revert\b/i;

export function isRevertCandidate(c: Pick<LabelCandidate, "subject" | "title" | "revertsSha">): boolean {
  return c.revertsSha !== null || STARTS_WITH_REVERT.test(c.subject) || STARTS_WITH_REVERT.test(c.title);
}

/** A fix, for SZZ: its subject or title matches the pattern, and it is not a revert (reverts are matched directly). */
export function isFixCandidate(c: Pick<LabelCandidate, "subject" | "title" | "revertsSha">, pattern: RegExp = DEFAULT_FIX_PATTERN): boolean {
  if (isRevertCandidate(c)) return false;
  return pattern.test(c.subject) || pattern.test(c.title);
}

/**
 * The earlier change a revert names: by sha (`This reverts commit <sha>`, abbreviated shas accepted), by pull
 * request (`Reverts owner/repo#N`, GitHub's revert button) or by title (`Revert "<title>"`, the newest earlier
 * change with that title or subject). `earlier` is in first-parent order, oldest first.
 */
export function findReverted(
  revert: LabelCandidate,
  earlier: readonly LabelCandidate[],
): { target: LabelCandidate; matchedBy: "sha" | "title" | "pull-request" } | null {
  if (revert.revertsSha) {
    const sha = revert.revertsSha.toLowerCase();
    for (let i = earlier.length - 1; i >= 0; i--) if (earlier[i]!.sha.toLowerCase().startsWith(sha)) return { target: earlier[i]!, matchedBy: "sha" };
    // A revert of a commit that is not on the first-parent line (e.g. a branch commit) names no merged change.
  }
  const pr = REVERTS_PR.exec(revert.message);
  if (pr) {
    const n = Number(pr[1]);
    for (let i = earlier.length - 1; i >= 0; i--) if (earlier[i]!.number === n) return { target: earlier[i]!, matchedBy: "pull-request" };
  }
  const quoted = REVERT_SUBJECT.exec(revert.subject) ?? REVERT_SUBJECT.exec(revert.title);
  if (quoted) {
    // `Revert "Add d (#12)" (#14)`: the quote runs to the last `"` of the subject.
    const text = quoted[1]!.replace(/"\s*(\(#\d+\))?\s*$/, "").trim();
    const withoutPr = text.replace(/\s*\(#\d+\)\s*$/, "").trim();
    for (let i = earlier.length - 1; i >= 0; i--) {
      const e = earlier[i]!;
      if (e.subject.trim() === text || e.title.trim() === text || e.title.trim() === withoutPr) return { target: e, matchedBy: "title" };
    }
  }
  return null;
}

/** One file of a fix's `git diff -U0` against its first parent: the old-side lines it deleted or modified. */
export interface FixFileDiff {
  oldPath: string;
  newPath: string;
  /** Old-side lines removed or replaced, with their text. */
  removed: { line: number; text: string }[];
  binary: boolean;
}

/**
 * Parses `git diff -U0 --no-color` output (with `-c core.quotepath=off`). Added files (`--- /dev/null`) give no
 * old lines; binary files are flagged.
 */
export function parseZeroContextDiff(diff: string): FixFileDiff[] {
  const out: FixFileDiff[] = [];
  let current: FixFileDiff | null = null;
  let inHunks = false;
  let oldLine = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("diff --git ")) {
      current = { oldPath: "", newPath: "", removed: [], binary: false };
      out.push(current);
      inHunks = false;
      continue;
    }
    if (!current) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
    if (hunk) {
      inHunks = true;
      oldLine = Number(hunk[1]);
      continue;
    }
    if (inHunks) {
      // -U0: a hunk holds only "-" lines then "+" lines (and "\ No newline" markers).
      if (line.startsWith("-")) current.removed.push({ line: oldLine++, text: line.slice(1) });
      continue;
    }
    if (line.startsWith("--- ")) current.oldPath = diffPath(line.slice(4), "a/");
    else if (line.startsWith("+++ ")) current.newPath = diffPath(line.slice(4), "b/");
    else if (line.startsWith("rename from ")) current.oldPath = unquoteMaybe(line.slice(12));
    else if (line.startsWith("rename to ")) current.newPath = unquoteMaybe(line.slice(10));
    else if (line.startsWith("Binary files ")) current.binary = true;
  }
  return out.map((f) => ({ ...f, oldPath: f.oldPath === "/dev/null" ? "" : f.oldPath, newPath: f.newPath === "/dev/null" ? "" : f.newPath }));
}

function unquoteMaybe(p: string): string {
  return p.startsWith('"') && p.endsWith('"') ? unquoteC(p.slice(1, -1)) : p;
}

function diffPath(raw: string, prefix: string): string {
  let p = raw.replace(/\t$/, "");
  if (p.startsWith('"') && p.endsWith('"')) p = unquoteC(p.slice(1, -1));
  if (p === "/dev/null") return p;
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

/** Git's C-style quoting of unusual paths (octal escapes are UTF-8 bytes). */
function unquoteC(s: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "\\" && i + 1 < s.length) {
      const next = s[i + 1]!;
      if (/[0-7]/.test(next)) {
        bytes.push(parseInt(s.slice(i + 1, i + 4), 8));
        i += 3;
        continue;
      }
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i++;
      continue;
    }
    for (const b of Buffer.from(ch, "utf8")) bytes.push(b);
  }
  return Buffer.from(bytes).toString("utf8");
}

const HASH_COMMENT = new Set(["py", "rb", "sh", "bash", "zsh", "yml", "yaml", "toml", "r", "pl", "pm", "ex", "exs", "tf", "hcl", "cmake", "mk", "conf", "ini", "dockerfile", "nix", "cr", "jl", "ps1", "coffee", "graphql", "gql", "prisma"]);
const DASH_COMMENT = new Set(["sql", "lua", "hs", "elm", "ada"]);
const SLASH_COMMENT = new Set(["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "java", "kt", "kts", "scala", "go", "c", "h", "cc", "cpp", "hpp", "cs", "rs", "swift", "dart", "php", "vue", "svelte", "astro", "css", "scss", "less", "groovy", "gradle", "proto", "zig", "sol", "prisma", "json5", "jsonc"]);
const MARKUP_COMMENT = new Set(["html", "htm", "xml", "vue", "svelte", "astro", "svg", "md", "mdx"]);

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (base === "dockerfile" || base.startsWith("dockerfile.")) return "dockerfile";
  if (base === "makefile") return "mk";
  const dot = base.lastIndexOf(".");
  return dot < 0 ? "" : base.slice(dot + 1);
}

/**
 * Blank lines and whole-line comments carry no behaviour: a fix that edits them did not fix the code that wrote
 * them. Judged per line by the file's language; a line that is both code and a trailing comment counts as code.
 */
export function isIgnorableLine(text: string, path: string): boolean {
  const t = text.trim();
  if (t === "") return true;
  const ext = extensionOf(path);
  if (SLASH_COMMENT.has(ext) && (t.startsWith("//") || t.startsWith("/*") || t.startsWith("*/") || /^\*(\s|$|\*)/.test(t))) return true;
  if (HASH_COMMENT.has(ext) && t.startsWith("#") && !t.startsWith("#!")) return true;
  if (DASH_COMMENT.has(ext) && t.startsWith("--")) return true;
  if (MARKUP_COMMENT.has(ext) && t.startsWith("<!--")) return true;
  if (ext === "py" && (t.startsWith('"""') || t.startsWith("'''"))) return true;
  return false;
}

/** Sorted line numbers as maximal contiguous spans (for `git blame -L start,end`). */
export function toSpans(lines: readonly number[]): LineSpan[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const spans: LineSpan[] = [];
  for (const n of sorted) {
    const last = spans[spans.length - 1];
    if (last && n === last.end + 1) last.end = n;
    else spans.push({ start: n, end: n });
  }
  return spans;
}

export interface BlamedLine {
  /** The commit the line is attributed to. */
  sha: string;
  /** Line number in that commit's version of the file. */
  origLine: number;
  /** Line number in the blamed revision. */
  finalLine: number;
  /** Path in that commit. */
  origPath: string;
  /** The line is older than the blame's range (attributed to its lower bound, not to a change in range). */
  boundary: boolean;
}

/** Parses `git blame --porcelain` output (every line, with the commit headers given once per commit). */
export function parseBlamePorcelain(text: string): BlamedLine[] {
  const out: BlamedLine[] = [];
  const filenameOf = new Map<string, string>();
  const boundaryOf = new Set<string>();
  let pending: { sha: string; orig: number; final: number } | null = null;
  for (const line of text.split("\n")) {
    if (pending) {
      if (line.startsWith("\t")) {
        out.push({ sha: pending.sha, origLine: pending.orig, finalLine: pending.final, origPath: filenameOf.get(pending.sha) ?? "", boundary: boundaryOf.has(pending.sha) });
        pending = null;
      } else if (line.startsWith("filename ")) {
        filenameOf.set(pending.sha, line.slice(9));
      } else if (line === "boundary") {
        boundaryOf.add(pending.sha);
      }
      continue;
    }
    const head = /^([0-9a-f]{40}) (\d+) (\d+)(?: \d+)?$/.exec(line);
    if (head) pending = { sha: head[1]!, orig: Number(head[2]), final: Number(head[3]) };
  }
  return out;
}

/** One fix's blame results, per file: the lines it removed and who (which first-parent commit) had written them. */
export interface FixBlame {
  fix: LabelCandidate;
  files: { path: string; blamed: BlamedLine[] }[];
}

/**
 * Assembles labels: reverts name their target directly; a fix's blamed lines label the change that wrote them when
 * it merged within the window before the fix. `candidates` in first-parent order, oldest first. `newestAt` (the
 * newest merge time seen; default the last candidate's) decides which labels are settled.
 */
export function assembleLabels(
  candidates: readonly LabelCandidate[],
  blames: readonly FixBlame[],
  options: LabelOptions & { newestAt?: string } = {},
): FailureLabel[] {
  const windowMs = (options.windowDays ?? DEFAULT_LABEL_WINDOW_DAYS) * DAY;
  const bySha = new Map<string, number>();
  candidates.forEach((c, i) => bySha.set(c.sha.toLowerCase(), i));
  const labels: FailureLabel[] = candidates.map((c) => ({ sha: c.sha, number: c.number, mergedAt: c.mergedAt, failed: false, evidence: [], settled: true }));
  const days = (from: string, to: string) => Math.round(((Date.parse(to) - Date.parse(from)) / DAY) * 10) / 10;

  candidates.forEach((c, i) => {
    if (!isRevertCandidate(c)) return;
    const hit = findReverted(c, candidates.slice(0, i));
    if (!hit) return;
    const label = labels[bySha.get(hit.target.sha.toLowerCase())!]!;
    label.failed = true;
    label.evidence.push({ kind: "revert", bySha: c.sha, byNumber: c.number, byTitle: c.title, matchedBy: hit.matchedBy, daysAfter: days(hit.target.mergedAt, c.mergedAt) });
  });

  for (const { fix, files } of blames) {
    const fixAt = Date.parse(fix.mergedAt);
    const fixIndex = bySha.get(fix.sha.toLowerCase());
    const perChange = new Map<number, FixLineEvidence[]>();
    for (const file of files) {
      const perTarget = new Map<number, BlamedLine[]>();
      for (const b of file.blamed) {
        if (b.boundary) continue;
        const idx = bySha.get(b.sha);
        if (idx === undefined || (fixIndex !== undefined && idx >= fixIndex)) continue;
        const at = Date.parse(candidates[idx]!.mergedAt);
        if (!(fixAt - at <= windowMs)) continue;
        const list = perTarget.get(idx) ?? [];
        list.push(b);
        perTarget.set(idx, list);
      }
      for (const [idx, lines] of perTarget) {
        const list = perChange.get(idx) ?? [];
        list.push({
          path: file.path,
          lines: lines.map((l) => l.finalLine).sort((a, b) => a - b),
          changePath: lines[0]!.origPath || file.path,
          changeLines: lines.map((l) => l.origLine).sort((a, b) => a - b),
        });
        perChange.set(idx, list);
      }
    }
    for (const idx of [...perChange.keys()].sort((a, b) => a - b)) {
      const label = labels[idx]!;
      label.failed = true;
      label.evidence.push({ kind: "fix", bySha: fix.sha, byNumber: fix.number, byTitle: fix.title, daysAfter: days(candidates[idx]!.mergedAt, fix.mergedAt), files: perChange.get(idx)! });
    }
  }

  const newest = options.newestAt ?? candidates[candidates.length - 1]?.mergedAt;
  if (newest) {
    const newestMs = Date.parse(newest);
    for (const l of labels) l.settled = l.failed || newestMs - Date.parse(l.mergedAt) >= windowMs;
  }
  for (const l of labels) l.evidence.sort((a, b) => a.daysAfter - b.daysAfter || a.bySha.localeCompare(b.bySha));
  return labels;
}
