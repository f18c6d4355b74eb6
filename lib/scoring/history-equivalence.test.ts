import { describe, expect, it } from "vitest";
import { createHistoryTracker, isRevertChange, type HistoryTracker, type HistoryTrackerOptions } from "./history";
import { DAY_MS, isoToMillis } from "./time";
import { file, makeChange } from "./testing/make-change";
import type { Change, ChangeFile, FileHistory, HistorySummary } from "./types";

/**
 * The compact history tracker must answer exactly what the straightforward one it replaced answered (model
 * pri-1.1.0, one Map of event objects per path and one of author sets). That implementation is kept here, verbatim,
 * as the reference, and both walk the same randomised histories: renames onto fresh and existing paths, deletions,
 * re-creations, fixes, reverts, windows that empty and refill, authors coming back.
 */
const DEFAULT_FIX = /\b(fix|fixes|fixed|hotfix|bug|bugfix|regression|broken)\b/i;

interface Event {
  at: number;
  author: string;
  fix: boolean;
  revert: boolean;
}

function referenceTracker(options: HistoryTrackerOptions = {}): HistoryTracker {
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

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomHistory(seed: number, n: number): Change[] {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const names = Array.from({ length: 30 }, (_, i) => `src/m${i}.ts`);
  const out: Change[] = [];
  let day = 0;
  for (let i = 0; i < n; i++) {
    day += r() < 0.3 ? Math.floor(r() * 20) : 0.25;
    const files: ChangeFile[] = [];
    const count = 1 + Math.floor(r() * 4);
    for (let k = 0; k < count; k++) {
      const x = r();
      const path = pick(names);
      if (x < 0.12) files.push(file(path, 0, 0, { status: "renamed", previousPath: pick(names) }));
      else if (x < 0.2) files.push(file(path, 0, 5, { status: "removed" }));
      else if (x < 0.25) files.push(file(path, 3, 0, { status: "copied", previousPath: pick(names) }));
      else files.push(file(path, 4, 1, { status: r() < 0.2 ? "added" : "modified" }));
    }
    const at = new Date(Date.UTC(2026, 0, 1) + day * DAY_MS).toISOString();
    const title = r() < 0.15 ? `Revert "change ${i - 1}"` : r() < 0.3 ? `fix: issue ${i}` : `change ${i}`;
    out.push(makeChange({ number: i, title, mergedAt: at, createdAt: at, files, author: { login: pick(["ann", "Bob", "bob", "cy", "dee", ""]), type: "User", email: "x@example.com" } }));
  }
  return out;
}

describe("history tracker: same answers as the reference implementation", () => {
  it.each([1, 2, 3, 4, 5])("random history %i", (seed) => {
    const changes = randomHistory(seed, 400);
    const fast = createHistoryTracker({ windowDays: 10 });
    const reference = referenceTracker({ windowDays: 10 });
    changes.forEach((c, i) => {
      if (i % 7 === 3) expect(fast.summarize(c)).toEqual(reference.summarize(c));
      const a = fast.next(c);
      const b = reference.next(c);
      expect(a).toEqual(b);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });
  });

  it("remembers an author on a path after the path's window has emptied", () => {
    const t = createHistoryTracker({ windowDays: 5 });
    const at = (day: number) => `2026-01-${String(day).padStart(2, "0")}T10:00:00Z`;
    t.record(makeChange({ mergedAt: at(1), files: [file("src/a.ts", 5)] }));
    const later = t.summarize(makeChange({ mergedAt: at(20), files: [file("src/a.ts", 1)] }));
    expect(later.files["src/a.ts"]).toBeUndefined();
    expect(later.author.touchedFilesKnown).toBe(1);
    t.record(makeChange({ mergedAt: at(21), files: [file("src/b.ts", 0, 0, { status: "renamed", previousPath: "src/a.ts" })], author: { login: "zed", type: "User" } }));
    const moved = t.summarize(makeChange({ mergedAt: at(22), files: [file("src/b.ts", 1)] }));
    expect(moved.files["src/b.ts"]).toEqual({ changes: 1, reverts: 0, fixes: 0, authors: 1 });
    expect(moved.author.touchedFilesKnown).toBe(1);
  });
});

