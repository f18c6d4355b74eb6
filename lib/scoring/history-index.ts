import { DAY_MS, isoToMillis } from "./time";
import { isRevertChange } from "./history";
import type { Actor, Change, ChangeFile, FileHistory, HistorySummary } from "./types";

/** What a history summary looks at: who wrote the change and which paths (and previous names) it touches. */
export interface HistorySubject {
  author: Pick<Actor, "login" | "email">;
  files: ReadonlyArray<Pick<ChangeFile, "path" | "previousPath">>;
}

/**
 * The history features of §5.2 for changes that arrive in any order (a sync sees pull requests by update time,
 * not by merge time). Every event is kept sorted by merge time, and a summary for a change merged at T counts only
 * events strictly before T — the same answer whatever order the changes were added in, and never a look-ahead.
 * Use createHistoryTracker instead when walking a history oldest first with flat memory (git backfill).
 */
export interface HistoryIndex {
  /** Adds or replaces a merged change (keyed by `key`); open changes are ignored. */
  put(key: string, change: Change): void;
  /** Adds or replaces what a stored change contributes, when only its headline is at hand. */
  putEvent(key: string, event: HistoryEvent): void;
  /** What the change sees: events merged strictly before `at` (its merge time, or now for an open change). */
  summarize(change: HistorySubject, at: number): HistorySummary;
  readonly size: number;
}

/** A merged change as history sees it. */
export interface HistoryEvent {
  at: number;
  author: string;
  fix: boolean;
  revert: boolean;
  paths: string[];
}

interface Event {
  at: number;
  key: string;
  author: string;
  fix: boolean;
  revert: boolean;
}

export interface HistoryIndexOptions {
  windowDays?: number;
  fixPattern?: RegExp;
}

const DEFAULT_FIX = /\b(fix|fixes|fixed|hotfix|bug|bugfix|regression|broken)\b/i;

export function createHistoryIndex(options: HistoryIndexOptions = {}): HistoryIndex {
  const windowMs = (options.windowDays ?? 90) * DAY_MS;
  const fixPattern = options.fixPattern ?? DEFAULT_FIX;
  const byPath = new Map<string, Event[]>();
  const byAuthor = new Map<string, number[]>();
  /** What each key contributed, so a re-synced change replaces its old events. */
  const contributed = new Map<string, { at: number; author: string; paths: string[] }>();

  const authorOf = (c: HistorySubject) => (c.author.login || c.author.email || "").toLowerCase();

  function insertSorted<T>(list: T[], item: T, at: (t: T) => number): void {
    let lo = 0;
    let hi = list.length;
    const t = at(item);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(list[mid]!) <= t) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, item);
  }

  /** Index of the first element at or after t. */
  function lowerBound<T>(list: T[], t: number, at: (x: T) => number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(list[mid]!) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function remove(key: string): void {
    const old = contributed.get(key);
    if (!old) return;
    for (const path of old.paths) {
      const list = byPath.get(path);
      if (!list) continue;
      const i = list.findIndex((e) => e.key === key);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) byPath.delete(path);
    }
    const times = byAuthor.get(old.author);
    if (times) {
      const i = lowerBound(times, old.at, (x) => x);
      if (times[i] === old.at) times.splice(i, 1);
    }
    contributed.delete(key);
  }

  return {
    get size() {
      return contributed.size;
    },
    put(key, change) {
      const at = isoToMillis(change.mergedAt);
      if (change.state !== "merged" || at === null) {
        remove(key);
        return;
      }
      const revert = isRevertChange(change);
      this.putEvent(key, {
        at,
        author: authorOf(change),
        revert,
        fix: !revert && fixPattern.test(change.title),
        paths: change.files.filter((f) => f.status !== "removed").map((f) => f.path),
      });
    },
    putEvent(key, event) {
      remove(key);
      const { at, fix, revert } = event;
      const author = event.author.toLowerCase();
      const paths = [...new Set(event.paths)];
      for (const path of paths) {
        let list = byPath.get(path);
        if (!list) byPath.set(path, (list = []));
        insertSorted(list, { at, key, author, fix, revert }, (e) => e.at);
      }
      let times = byAuthor.get(author);
      if (!times) byAuthor.set(author, (times = []));
      insertSorted(times, at, (x) => x);
      contributed.set(key, { at, author, paths });
    },
    summarize(change, at) {
      const author = authorOf(change);
      const files: Record<string, FileHistory> = {};
      let touchedFilesKnown = 0;
      const seen = new Set<string>();
      for (const file of change.files) {
        const names = file.previousPath && file.previousPath !== file.path ? [file.path, file.previousPath] : [file.path];
        for (const path of names) {
          if (seen.has(path)) continue;
          seen.add(path);
          const list = byPath.get(path);
          if (!list) continue;
          const end = lowerBound(list, at, (e) => e.at);
          const start = lowerBound(list, at - windowMs, (e) => e.at);
          let knows = false;
          for (let i = 0; i < end; i++) if (list[i]!.author === author) knows = true;
          if (knows && path === file.path) touchedFilesKnown++;
          if (end <= start) continue;
          const authors = new Set<string>();
          let fixes = 0;
          let reverts = 0;
          for (let i = start; i < end; i++) {
            const e = list[i]!;
            authors.add(e.author);
            if (e.fix) fixes++;
            if (e.revert) reverts++;
          }
          files[path] = { changes: end - start, reverts, fixes, authors: authors.size };
        }
      }
      const times = byAuthor.get(author);
      const priorChanges = times ? lowerBound(times, at, (x) => x) : 0;
      return { windowDays: windowMs / DAY_MS, files, author: { priorChanges, touchedFilesKnown } };
    },
  };
}
