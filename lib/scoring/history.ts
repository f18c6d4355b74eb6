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
  /**
   * One entry per path ever changed (until it is deleted): its events inside the window and every author who ever
   * changed it. An entry whose window is empty stands for a path with no recent history.
   */
  const paths = new Map<string, PathState>();
  /** Authors as small integers, so that events and author sets hold numbers, not strings. */
  const authorIds = new Map<string, number>();
  const authorChanges: number[] = [];

  const timeOf = (change: Change) => isoToMillis(change.mergedAt) ?? isoToMillis(change.createdAt) ?? 0;
  const authorKey = (change: Change) => (change.author.login || change.author.email || "").toLowerCase();
  function authorIdOf(change: Change, create: boolean): number {
    const key = authorKey(change);
    let id = authorIds.get(key);
    if (id === undefined) {
      if (!create) return -1;
      id = authorChanges.length;
      authorIds.set(key, id);
      authorChanges.push(0);
    }
    return id;
  }

  function summarizeAt(change: Change, now: number, author: number): HistorySummary {
    const files = dictionary<FileHistory>();
    const since = now - windowMs;
    let known = 0;
    for (const file of change.files) {
      const entry = paths.get(file.path);
      windowOf(files, file.path, entry, since);
      const previous = file.previousPath;
      const previousEntry = previous ? paths.get(previous) : undefined;
      if (previous && previous !== file.path) windowOf(files, previous, previousEntry, since);
      const who = entry ?? previousEntry;
      if (author >= 0 && who && hasAuthor(who, author)) known++;
    }
    return { windowDays, files, author: { priorChanges: author >= 0 ? authorChanges[author]! : 0, touchedFilesKnown: known } };
  }

  function recordAt(change: Change, at: number, author: number): void {
    const revert = isRevertChange(change);
    const flags = revert ? REVERT_FLAG : fixPattern.test(change.title) ? FIX_FLAG : 0;
    for (const file of change.files) {
      const previous = file.previousPath;
      if (previous && previous !== file.path && file.status === "renamed") {
        // A rename carries the file's past with it.
        const past = paths.get(previous);
        if (past) {
          const into = paths.get(file.path);
          if (!into) paths.set(file.path, past);
          else {
            for (let i = past.head; i < past.events.length; i += 3) add(into, past.events[i]!, past.events[i + 1]!, past.events[i + 2]!);
            for (const a of authorsOf(past)) addAuthor(into, a);
          }
          paths.delete(previous);
        }
      }
      if (file.status === "removed") {
        paths.delete(file.path);
        continue;
      }
      let state = paths.get(file.path);
      if (!state) paths.set(file.path, (state = newState()));
      add(state, at, author, flags);
      addAuthor(state, author);
    }
    authorChanges[author]!++;
  }

  return {
    summarize(change) {
      return summarizeAt(change, timeOf(change), authorIdOf(change, false));
    },
    record(change) {
      recordAt(change, timeOf(change), authorIdOf(change, true));
    },
    next(change) {
      const at = timeOf(change);
      const author = authorIdOf(change, true);
      const summary = summarizeAt(change, at, author);
      recordAt(change, at, author);
      return summary;
    },
  };
}

/** Adds the path's window counts to the summary once; drops events older than the window first. */
function windowOf(files: Record<string, FileHistory>, path: string, state: PathState | undefined, since: number): void {
  if (!state || state.head === state.events.length || files[path]) return;
  prune(state, since);
  if (state.changes === 0) return;
  files[path] = { changes: state.changes, reverts: state.reverts, fixes: state.fixes, authors: state.windowIds.length };
}

/**
 * An object keyed by file paths. Starting it in dictionary mode keeps V8 from building a hidden class per distinct
 * sequence of paths, which otherwise costs time and memory in proportion to the history walked. Deleting the only
 * property added is not enough (V8 just steps back to the previous hidden class); deleting one that is not the last
 * added is what switches the object to dictionary mode. It keeps Object.prototype, so it compares and serialises
 * like any plain object.
 */
function dictionary<T>(): Record<string, T> {
  const o = {} as Record<string, unknown>;
  o.__first__ = 0;
  o.__second__ = 0;
  delete o.__first__;
  delete o.__second__;
  return o as Record<string, T>;
}

const FIX_FLAG = 1;
const REVERT_FLAG = 2;

/**
 * One path: its events inside the window as flat triples (merge time, author id, fix/revert flags) from `head`
 * on, with running counts so that a summary costs O(1) per path, and every author who ever changed it.
 */
interface PathState {
  events: number[];
  head: number;
  changes: number;
  fixes: number;
  reverts: number;
  /** Distinct authors inside the window and how many events each has there (parallel arrays: few per path). */
  windowIds: number[];
  windowCounts: number[];
  /** Every author who ever changed the path: a short list, or a set once it grows. */
  everList: number[];
  everSet: Set<number> | null;
}

const SMALL = 32;

function hasAuthor(state: PathState, author: number): boolean {
  return state.everSet ? state.everSet.has(author) : state.everList.includes(author);
}

function addAuthor(state: PathState, author: number): void {
  if (state.everSet) state.everSet.add(author);
  else if (!state.everList.includes(author)) {
    state.everList.push(author);
    if (state.everList.length > SMALL) {
      state.everSet = new Set(state.everList);
      state.everList = [];
    }
  }
}

function authorsOf(state: PathState): Iterable<number> {
  return state.everSet ?? state.everList;
}

function newState(): PathState {
  return { events: [], head: 0, changes: 0, fixes: 0, reverts: 0, windowIds: [], windowCounts: [], everList: [], everSet: null };
}

function add(state: PathState, at: number, author: number, flags: number): void {
  state.events.push(at, author, flags);
  state.changes++;
  if (flags & FIX_FLAG) state.fixes++;
  if (flags & REVERT_FLAG) state.reverts++;
  const i = state.windowIds.indexOf(author);
  if (i < 0) {
    state.windowIds.push(author);
    state.windowCounts.push(1);
  } else {
    state.windowCounts[i]!++;
  }
}

function prune(state: PathState, before: number): void {
  const events = state.events;
  let head = state.head;
  while (head < events.length && events[head]! < before) {
    const author = events[head + 1]!;
    const flags = events[head + 2]!;
    head += 3;
    state.changes--;
    if (flags & FIX_FLAG) state.fixes--;
    if (flags & REVERT_FLAG) state.reverts--;
    const i = state.windowIds.indexOf(author);
    if (--state.windowCounts[i]! === 0) {
      // Order does not matter: move the last author into the freed slot.
      const last = state.windowIds.length - 1;
      state.windowIds[i] = state.windowIds[last]!;
      state.windowCounts[i] = state.windowCounts[last]!;
      state.windowIds.pop();
      state.windowCounts.pop();
    }
  }
  if (head === events.length) {
    state.events = [];
    state.head = 0;
  } else if (head > 192 && head * 2 > events.length) {
    state.events = events.slice(head);
    state.head = 0;
  } else {
    state.head = head;
  }
}
