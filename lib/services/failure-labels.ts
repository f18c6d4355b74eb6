import type { Db } from "../../db/client";
import { listRepositories } from "../../db/queries/github";
import { listLabelInputs, saveFailureLabels, type LabelInput, type StoredLabel } from "../../db/queries/labels";
import type { SyncedFailureEvidence } from "../../db/schema";
import { excludedPathsOf } from "../git/failure-labels";
import {
  DEFAULT_LABEL_WINDOW_DAYS,
  DEFAULT_MAX_FIX_FILES,
  findReverted,
  isFixCandidate,
  isRevertCandidate,
  type LabelCandidate,
} from "../git/failure-label-rules";
import { getActivePolicy } from "./policies";

const DAY = 86_400_000;
const REVERTS_COMMIT = /this reverts commit ([0-9a-f]{7,40})/gi;
/** GitHub's revert button: `Reverts owner/repo#N` as the description, whatever the title became. */
const REVERTS_PULL_REQUEST = /^\s*reverts\s+(?:[\w.-]+\/[\w.-]+)?#\d+\s*$/im;

export interface SyncedLabelOptions {
  fixPattern: RegExp;
  isExcludedPath: (path: string) => boolean;
  windowDays?: number;
  maxFixFiles?: number;
  /** Up to when the repository's history is known (its last sync): decides which labels are final. */
  knownUntil: Date;
}

const daysBetween = (from: Date, to: Date) => Math.round(((to.getTime() - from.getTime()) / DAY) * 10) / 10;

/**
 * Labels a repository's merged changes (oldest merge first) from what a sync stores (docs/calibration.md):
 * - reverted: a later change says `This reverts commit <merge sha>` (body or commit messages), `Reverts owner/repo#N`,
 *   or is titled `Revert "<title>"` — no time limit, a revert is an explicit verdict;
 * - fixed (file level): a later change whose title matches the fix pattern, merged within the window, touched the
 *   same files, tests, docs, generated files and translations left out. Weaker than line-level SZZ: a synced pull
 *   request carries its files, not the lines a fix removed. Each file of a fix counts against the last earlier change
 *   in the window that touched it (where blame would most often point); labelling every change in the window that
 *   touched the file labels most of a busy repository.
 */
export function labelSyncedChanges(inputs: readonly LabelInput[], options: SyncedLabelOptions): StoredLabel[] {
  const windowMs = (options.windowDays ?? DEFAULT_LABEL_WINDOW_DAYS) * DAY;
  const maxFixFiles = options.maxFixFiles ?? DEFAULT_MAX_FIX_FILES;
  const candidates: LabelCandidate[] = inputs.map((c) => ({
    sha: c.mergeSha ?? `change-${c.id}`,
    number: c.number,
    title: c.title,
    subject: c.title,
    message: [c.title, c.body, ...c.revertMessages].join("\n\n"),
    mergedAt: c.mergedAt.toISOString(),
    revertsSha: null,
    fileCount: c.fileCount,
  }));
  const labels: StoredLabel[] = inputs.map((c) => ({ changeId: c.id, failed: false, settled: true, evidence: [] }));
  const add = (index: number, evidence: SyncedFailureEvidence) => {
    labels[index]!.failed = true;
    labels[index]!.evidence.push(evidence);
  };
  const indexBySha = new Map(candidates.map((c, i) => [c.sha, i]));
  const namedShas = candidates.map((c) => [...c.message.matchAll(REVERTS_COMMIT)].map((m) => m[1]!.toLowerCase()));

  inputs.forEach((change, i) => {
    const base = candidates[i]!;
    const named = namedShas[i]!;
    const variants = named.length ? named.map((sha) => ({ ...base, revertsSha: sha })) : [base];
    if (!variants.some(isRevertCandidate) && !REVERTS_PULL_REQUEST.test(change.body)) return;
    const earlier = candidates.slice(0, i);
    const targets = new Set<number>();
    for (const v of variants) {
      const hit = findReverted(v, earlier);
      if (!hit) continue;
      const t = indexBySha.get(hit.target.sha)!;
      if (targets.has(t)) continue;
      targets.add(t);
      add(t, { kind: "revert", byChangeId: change.id, byNumber: change.number, byTitle: change.title, matchedBy: hit.matchedBy, daysAfter: daysBetween(inputs[t]!.mergedAt, change.mergedAt) });
    }
  });

  const countedPaths = inputs.map((c) => new Set(c.paths.filter((p) => !options.isExcludedPath(p))));
  inputs.forEach((fix, i) => {
    const asCandidate = { ...candidates[i]!, revertsSha: namedShas[i]![0] ?? null };
    if (!isFixCandidate(asCandidate, options.fixPattern) || fix.fileCount > maxFixFiles) return;
    const fixPaths = countedPaths[i]!;
    if (!fixPaths.size) return;
    const fixAt = fix.mergedAt.getTime();
    const unclaimed = new Set(fixPaths);
    for (let j = i - 1; j >= 0 && unclaimed.size && fixAt - inputs[j]!.mergedAt.getTime() <= windowMs; j--) {
      const shared = [...countedPaths[j]!].filter((p) => unclaimed.has(p)).sort();
      if (!shared.length) continue;
      for (const p of shared) unclaimed.delete(p);
      add(j, { kind: "fix-files", byChangeId: fix.id, byNumber: fix.number, byTitle: fix.title, daysAfter: daysBetween(inputs[j]!.mergedAt, fix.mergedAt), paths: shared });
    }
  });

  const until = options.knownUntil.getTime();
  inputs.forEach((c, i) => {
    const label = labels[i]!;
    label.settled = label.failed || until - c.mergedAt.getTime() >= windowMs;
    label.evidence.sort((a, b) => a.daysAfter - b.daysAfter || a.byChangeId - b.byChangeId);
  });
  return labels;
}

/**
 * Whether a merged change can label earlier ones by the rules of labelSyncedChanges: it is a revert (by title, a
 * `This reverts commit` line or GitHub's `Reverts owner/repo#N`) or its title matches the fix pattern.
 */
export function labelsEarlierChanges(change: { title: string; body: string; commits: ReadonlyArray<{ message: string }> }, fixPattern: RegExp): boolean {
  const message = [change.title, change.body, ...change.commits.map((c) => c.message)].join("\n\n");
  const revertsSha = [...message.matchAll(REVERTS_COMMIT)][0]?.[1] ?? null;
  const candidate = { title: change.title, subject: change.title, revertsSha };
  return isRevertCandidate(candidate) || REVERTS_PULL_REQUEST.test(change.body) || isFixCandidate(candidate, fixPattern);
}

export interface RecomputeResult {
  labelled: number;
  failed: number;
  unsettled: number;
}

export interface RecomputeOptions {
  now: Date;
  windowDays?: number;
  maxFixFiles?: number;
  /** Only these repositories (default: all of the organisation's). */
  repositoryIds?: string[];
  /**
   * Store only the labels these changes can move: their own and those of the changes they revert or fix (a
   * refresh that stored them). Default: every label.
   */
  changeIds?: number[];
}

/** Recomputes and stores the failure labels of the organisation's merged changes, repository by repository. */
export async function recomputeFailureLabels(db: Db, orgId: string, options: RecomputeOptions): Promise<RecomputeResult> {
  const { compiled } = await getActivePolicy(db, orgId);
  const result: RecomputeResult = { labelled: 0, failed: 0, unsettled: 0 };
  const movedBy = options.changeIds ? new Set(options.changeIds) : null;
  for (const repo of await listRepositories(db, orgId)) {
    if (options.repositoryIds && !options.repositoryIds.includes(repo.id)) continue;
    const inputs = await listLabelInputs(db, orgId, repo.id);
    if (!inputs.length) continue;
    const newest = inputs[inputs.length - 1]!.mergedAt;
    const computed = labelSyncedChanges(inputs, {
      fixPattern: compiled.history.fixPattern,
      isExcludedPath: excludedPathsOf(compiled, repo.fullName),
      windowDays: options.windowDays,
      maxFixFiles: options.maxFixFiles,
      // Everything merged up to the last sync is known; without one, only up to the newest merge stored.
      knownUntil: repo.lastSyncedAt && repo.lastSyncedAt > newest ? repo.lastSyncedAt : newest,
    });
    const labels = movedBy
      ? computed.filter((l) => movedBy.has(l.changeId) || l.evidence.some((e) => movedBy.has(e.byChangeId)))
      : computed;
    if (!labels.length) continue;
    await db.transaction((tx) => saveFailureLabels(tx, orgId, labels, options.now));
    result.labelled += labels.length;
    result.failed += labels.filter((l) => l.failed).length;
    result.unsettled += labels.filter((l) => !l.settled).length;
  }
  return result;
}
