import { DAY_MS, isoToMillis } from "./time";
import type { Change, FileHistory, HistorySummary } from "./types";

export interface HistoryTrackerOptions {
  /** Days of file history that count (reverts, fixes, churn). Default 90. */
  windowDays?: number;
  /** A change whose title matches is a fix. Default: fix, hotfix, bug, regression, broken … */
  fixPattern?: RegExp;
}

export interface HistoryTracker {
  /** The history a change sees: built only from the changes recorded so far. Call it before `record`. */
  summarize(change: Change): HistorySummary;
  /** Adds a change to the history. Changes must be recorded oldest first (by mergedAt). */
  record(change: Change): void;
  /** summarize, then record: the usual step when walking a history oldest first. */
  next(change: Change): HistorySummary;
}

interface Event {
  at: number;
  author: string;
  fix: boolean;
  revert: boolean;
}

const DEFAULT_FIX = /\b(fix|fixes|fixed|hotfix|bug|bugfix|regression|broken)\b/i;
const REVERT = /^\s*revert\b|this reverts commit [0-9a-f]{7,40}/i;

/** Whether a change reverts an earlier one (by its title or a `This reverts commit <sha>` line). */
export function isRevertChange(change: Pick<Change, "title" | "body" | "commits">): boolean {
  return REVERT.test(change.title) || /this reverts commit [0-9a-f]{7,40}/i.test(change.body ?? "") ||
    change.commits.some((c) => /this reverts commit [0-9a-f]{7,40}/i.test(c.message));
}

/**
 * Walks a repository's merged changes oldest first and answers, for each, what happened before it: the §5.2
 * history features with no look-ahead. Memory grows with the number of distinct paths and the events inside the
 * window, not with the length of the history.
 *
 *   const tracker = createHistoryTracker({ windowDays: 90 });
 *   for (const change of oldestFirst) {
 *     const history = tracker.next(change);           // earlier changes only
 *     const assessment = scoreChange(change, { policy, codeowners, protection, history });
 *   }
 */
export function createHistoryTracker(options: HistoryTrackerOptions = {}): HistoryTracker {
  const windowDays = options.windowDays ?? 90;
  const windowMs = windowDays * DAY_MS;
  const fixPattern = options.fixPattern ?? DEFAULT_FIX;
  const paths = new Map<string, PathState>();
  const pathAuthors = new Map<string, Set<string>>();
  const authorChanges = new Map<string, number>();

  const timeOf = (change: Change) => isoToMillis(change.mergedAt) ?? isoToMillis(change.createdAt) ?? 0;
  const authorOf = (change: Change) => (change.author.login || change.author.email || "").toLowerCase();

  function summarize(change: Change): HistorySummary {
    const now = timeOf(change);
    const author = authorOf(change);
    const files = dictionary<FileHistory>();
    let known = 0;
    for (const file of change.files) {
      for (const path of file.previousPath && file.previousPath !== file.path ? [file.path, file.previousPath] : [file.path]) {
        if (files[path]) continue;
        const state = paths.get(path);
        if (!state) continue;
        prune(state, now - windowMs);
        if (state.changes === 0) {
          paths.delete(path);
          continue;
        }
        files[path] = { changes: state.changes, reverts: state.reverts, fixes: state.fixes, authors: state.authors.size };
      }
      const authors = pathAuthors.get(file.path) ?? (file.previousPath ? pathAuthors.get(file.previousPath) : undefined);
      if (authors?.has(author)) known++;
    }
    return { windowDays, files, author: { priorChanges: authorChanges.get(author) ?? 0, touchedFilesKnown: known } };
  }

  function record(change: Change): void {
    const at = timeOf(change);
    const author = authorOf(change);
    const revert = isRevertChange(change);
    const fix = !revert && fixPattern.test(change.title);
    for (const file of change.files) {
      const moved = file.previousPath && file.previousPath !== file.path && file.status === "renamed";
      if (moved) {
        // A rename carries the file's past with it.
        const past = paths.get(file.previousPath!);
        if (past) {
          const into = paths.get(file.path);
          if (into) for (const e of past.events.slice(past.head)) add(into, e);
          else paths.set(file.path, past);
          paths.delete(file.previousPath!);
        }
        const who = pathAuthors.get(file.previousPath!);
        if (who) {
          pathAuthors.set(file.path, new Set([...(pathAuthors.get(file.path) ?? []), ...who]));
          pathAuthors.delete(file.previousPath!);
        }
      }
      if (file.status === "removed") {
        paths.delete(file.path);
        pathAuthors.delete(file.path);
        continue;
      }
      let state = paths.get(file.path);
      if (!state) paths.set(file.path, (state = newState()));
      add(state, { at, author, fix, revert });
      let who = pathAuthors.get(file.path);
      if (!who) pathAuthors.set(file.path, (who = new Set()));
      who.add(author);
    }
    authorChanges.set(author, (authorChanges.get(author) ?? 0) + 1);
  }

  return {
    summarize,
    record,
    next(change) {
      const summary = summarize(change);
      record(change);
      return summary;
    },
  };
}

/**
 * An object keyed by file paths. Starting it in dictionary mode keeps V8 from building a hidden class per distinct
 * sequence of paths, which otherwise costs time and memory in proportion to the history walked.
 */
function dictionary<T>(): Record<string, T> {
  const o: Record<string, T> = {};
  (o as Record<string, unknown>).__dictionary__ = 0;
  delete (o as Record<string, unknown>).__dictionary__;
  return o;
}

/** Events of one path inside the window, with running counts so that a summary costs O(1) per path. */
interface PathState {
  events: Event[];
  head: number;
  changes: number;
  fixes: number;
  reverts: number;
  authors: Map<string, number>;
}

function newState(): PathState {
  return { events: [], head: 0, changes: 0, fixes: 0, reverts: 0, authors: new Map() };
}

function add(state: PathState, e: Event): void {
  state.events.push(e);
  state.changes++;
  if (e.fix) state.fixes++;
  if (e.revert) state.reverts++;
  state.authors.set(e.author, (state.authors.get(e.author) ?? 0) + 1);
}

function prune(state: PathState, before: number): void {
  while (state.head < state.events.length && state.events[state.head]!.at < before) {
    const e = state.events[state.head++]!;
    state.changes--;
    if (e.fix) state.fixes--;
    if (e.revert) state.reverts--;
    const n = (state.authors.get(e.author) ?? 1) - 1;
    if (n) state.authors.set(e.author, n);
    else state.authors.delete(e.author);
  }
  if (state.head > 64 && state.head * 2 > state.events.length) {
    state.events = state.events.slice(state.head);
    state.head = 0;
  }
}
