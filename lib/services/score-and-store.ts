import { createHash } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import {
  findChangeKey,
  findChangeKeysByNumber,
  insertAssessmentsWithIds,
  insertChange,
  replaceChange,
  replaceDetailsOfChanges,
  reserveAssessmentIds,
  upsertNumberedChanges,
  type ChangeKeys,
  type NewAssessmentRow,
  type NewChangeRow,
} from "../../db/queries/changes";
import type { SecretBox } from "../crypto";
import { ownersOf, type Codeowners } from "../policy";
import { loadStoredChange } from "../../db/queries/stored-changes";
import { canonicalJson } from "../receipts/canonical";
import { isRevertChange, MODEL_VERSION, scoreChange } from "../scoring";
import type { HistoryIndex } from "../scoring/history-index";
import type { Assessment, BranchProtection, Change, HistorySummary } from "../scoring/types";
import type { ActivePolicy } from "./policies";
import { issueReceiptsForChanges, policyRefOf } from "./receipts";
import { historyKey, loadRepositoryHistory } from "./repository-history";
import { getSecretBox } from "./secrets";
import { yieldToEventLoop } from "./yield";

export interface StoreContext {
  orgId: string;
  repositoryId: string;
  policy: ActivePolicy;
  codeowners: Codeowners | null;
  protection: BranchProtection | null;
  /** "sync", "webhook", "rescore", "import". */
  trigger: string;
  /** The moment an open change is scored at (its history is everything merged before it). */
  now: Date;
  /**
   * Score even when the stored input is unchanged (a rescore: new history or policy). A verdict identical to the
   * current one still stores nothing.
   */
  force?: boolean;
  /** Seals and opens the organisation's receipt signing key; defaults to the one configured by ENCRYPTION_KEYS. */
  box?: SecretBox;
  /**
   * The repository's history held in memory by a sync or rescore (kept up to date here). Without it, the stored
   * merges that bear on the given changes (their paths and authors) are loaded into one for this call.
   */
  history?: HistoryIndex;
  /**
   * What is stored of the repository's numbered changes, held in memory by a first sync (which writes nearly all of
   * them): no read per batch, so the next batch is scored while the last one is still being written.
   */
  storedKeys?: ChangeKeys;
}

export interface ScoreAndStoreInput extends StoreContext {
  change: Change;
}

export interface StoredChange {
  changeId: number;
  outcome: "created" | "updated" | "unchanged";
  assessment: Assessment | null;
  assessmentId: number | null;
}

/**
 * What was stored, as a hash: the same change under the same policy and model is never written twice. The digests
 * are of RFC 8785 canonical JSON, stable whatever the order in which the objects were built.
 */
export function contentHashOf(change: Change, policyVersion: string): string {
  // When a copy was fetched is not what it holds: the same content fetched again is the same change.
  const { fetchedAt: _fetchedAt, ...content } = change;
  return sha256(canonicalJson({ change: content, policyVersion, model: MODEL_VERSION }));
}

/** The verdict's content (not its id or time): equal digests mean a rescore changed nothing. */
export function assessmentDigestOf(a: Assessment): string {
  return sha256(canonicalJson(a));
}

export function historyDigestOf(h: HistorySummary): string {
  return sha256(canonicalJson(h));
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** One change: see scoreAndStoreChanges. */
export async function scoreAndStoreChange(tx: DbOrTx, input: ScoreAndStoreInput): Promise<StoredChange> {
  const { change, ...ctx } = input;
  return (await scoreAndStoreChanges(tx, ctx, [change]))[0]!;
}

const SCORE_SLICE = 20;

/**
 * Scores normalized changes with the policy in force and stores them — rows, files, commits, reviews, assessments,
 * the ledger's headline and, for merges, the receipt — inside the caller's transaction, with set-based writes.
 * Idempotent: unchanged input writes nothing. Changes are scored in the order given; a sync passes them oldest
 * merge first so that each one's history includes the others.
 */
export async function scoreAndStoreChanges(tx: DbOrTx, ctx: StoreContext, input: Change[]): Promise<StoredChange[]> {
  return storeScoredChanges(tx, await scoreChanges(tx, ctx, input));
}

interface Pending {
  index: number;
  change: Change;
  assessment: Assessment;
  row: NewChangeRow;
  existingId: number | null;
}

/** Changes scored by scoreChanges, to be stored by storeScoredChanges. */
export interface ScoredChanges {
  ctx: StoreContext;
  /** The unchanged ones are filled in; the others are stored. */
  results: StoredChange[];
  pending: Pending[];
}

/**
 * The first half of scoreAndStoreChanges: reads which changes are stored already (with `db`, which need not be
 * the transaction that stores them) and scores those whose input or verdict changed; writes nothing.
 */
export async function scoreChanges(db: DbOrTx, ctx: StoreContext, input: Change[]): Promise<ScoredChanges> {
  const { orgId, repositoryId, policy } = ctx;
  const numbered = input.filter((c) => c.number !== null).map((c) => c.number!);
  const existingByNumber = ctx.storedKeys ?? (await findChangeKeysByNumber(db, orgId, repositoryId, numbered));
  const historyIndex = ctx.history ?? (await loadRepositoryHistory(db, orgId, repositoryId, policy, input)).index;

  const results: StoredChange[] = new Array(input.length);
  const pending: Pending[] = [];

  for (const [index, change] of input.entries()) {
    // Scoring runs beside the previous batch's transaction (and, embedded, beside the web server): let both
    // continue every few changes rather than after the whole batch.
    if (index > 0 && index % SCORE_SLICE === 0) await yieldToEventLoop();
    const contentHash = contentHashOf(change, policy.version);
    const existing =
      change.number !== null
        ? existingByNumber.get(change.number)
        : await findChangeKey(db, orgId, repositoryId, { number: null, mergeSha: change.mergeSha });
    if (existing && existing.contentHash === contentHash && !ctx.force) {
      results[index] = { changeId: existing.id, outcome: "unchanged", assessment: null, assessmentId: null };
      continue;
    }
    const at = change.mergedAt ? new Date(change.mergedAt) : ctx.now;
    const history = historyIndex.summarize(change, at.getTime());
    const assessment = scoreChange(change, { policy: policy.compiled, codeowners: ctx.codeowners, protection: ctx.protection, history });
    const assessmentDigest = assessmentDigestOf(assessment);
    historyIndex.put(historyKey(repositoryId, change), change);
    if (existing && existing.contentHash === contentHash && existing.assessmentDigest === assessmentDigest) {
      results[index] = { changeId: existing.id, outcome: "unchanged", assessment: null, assessmentId: null };
      continue;
    }
    pending.push({
      index,
      change,
      assessment,
      existingId: existing?.id ?? null,
      row: changeRowOf(ctx, change, assessment, { contentHash, assessmentDigest, historyDigest: historyDigestOf(history) }),
    });
  }
  return { ctx, results, pending };
}

/** Records in `keys` (see StoreContext.storedKeys) what storeScoredChanges wrote of `scored`, once it has committed. */
export function rememberStoredKeys(keys: ChangeKeys, scored: ScoredChanges, stored: StoredChange[]): void {
  for (const p of scored.pending) {
    const result = stored[p.index];
    if (p.change.number === null || !result || result.outcome === "unchanged") continue;
    keys.set(p.change.number, { id: result.changeId, contentHash: p.row.contentHash ?? null, assessmentDigest: p.row.assessmentDigest ?? null });
  }
}

/** The second half of scoreAndStoreChanges: stores what scoreChanges scored, in the caller's transaction. */
export async function storeScoredChanges(tx: DbOrTx, scored: ScoredChanges): Promise<StoredChange[]> {
  const { ctx, results, pending } = scored;
  const { orgId, policy } = ctx;
  if (!pending.length) return results;

  // The changes point at their new assessment as they are written: no second write of each change row.
  const assessmentIds = await reserveAssessmentIds(tx, pending.length);
  pending.forEach((p, n) => (p.row.currentAssessmentId = assessmentIds[n]!));
  // Rows: numbered changes in one upsert; the rare un-numbered ones (git history) one by one.
  const idsByNumber = await upsertNumberedChanges(tx, pending.filter((p) => p.change.number !== null).map((p) => p.row));
  const changeIds = new Map<Pending, number>();
  /** Rows this transaction created: they cannot have a receipt yet. */
  const firstStored = new Set<Pending>();
  /** Not written: the stored copy was fetched after this one (another writer stored it meanwhile). */
  const superseded: Pending[] = [];
  for (const p of pending) {
    if (p.change.number !== null) {
      const stored = idsByNumber.get(p.change.number);
      if (!stored) superseded.push(p);
      else {
        changeIds.set(p, stored.id);
        if (stored.inserted) firstStored.add(p);
      }
    } else if (p.existingId !== null) {
      if (await replaceChange(tx, orgId, p.existingId, p.row)) changeIds.set(p, p.existingId);
      else superseded.push(p);
    } else {
      changeIds.set(p, await insertChange(tx, p.row));
      firstStored.add(p);
    }
  }
  if (superseded.length) {
    // Their reserved assessment ids stay unused. A row created by the other writer after scoreChanges read is looked up.
    const ids = await findChangeKeysByNumber(tx, orgId, ctx.repositoryId, superseded.filter((p) => p.existingId === null).map((p) => p.change.number!));
    for (const p of superseded) {
      const changeId = p.existingId ?? ids.get(p.change.number!)!.id;
      results[p.index] = { changeId, outcome: "unchanged", assessment: null, assessmentId: null };
      // The caller's history learnt the skipped copy when it was scored: it learns the stored one instead.
      const newer = ctx.history ? await loadStoredChange(tx, orgId, changeId) : undefined;
      if (newer) ctx.history!.put(historyKey(ctx.repositoryId, newer), newer);
    }
  }
  // Only the rows written get details, an assessment and a receipt.
  const written = pending.filter((p) => changeIds.has(p));
  if (!written.length) return results;
  // Files, commits, reviews and assessments are written while the receipts are signed (on PostgreSQL the server
  // works on them meanwhile); the receipts are inserted after them, in the same transaction.
  let writes: Promise<unknown> | null = null;
  const startWrites = () => {
    writes ??= Promise.all([
      replaceDetailsOfChanges(
        tx,
        orgId,
        written.map((p) => ({ changeId: changeIds.get(p)!, replaces: !firstStored.has(p), ...detailsOf(p.change, p.assessment) })),
      ),
      insertAssessmentsWithIds(
        tx,
        written.map((p) => ({ id: p.row.currentAssessmentId!, ...assessmentRowOf(ctx, changeIds.get(p)!, p.assessment) })),
      ),
    ]);
    // Awaited below; a failure must not go unhandled while the receipts are being signed.
    writes.catch(() => {});
    return writes;
  };
  try {
    await issueReceiptsForChanges(
      tx,
      { orgId, policy: policyRefOf(policy), box: ctx.box ?? getSecretBox(), now: ctx.now },
      written.map((p) => ({ changeId: changeIds.get(p)!, change: p.change, assessment: p.assessment, firstStored: firstStored.has(p) })),
      { whileSigning: startWrites },
    );
  } catch (err) {
    // A failed write aborts the transaction, and the receipts fail after it: report the cause.
    await writes;
    throw err;
  }
  await startWrites();
  for (const p of written) {
    results[p.index] = {
      changeId: changeIds.get(p)!,
      outcome: p.existingId === null ? "created" : "updated",
      assessment: p.assessment,
      assessmentId: p.row.currentAssessmentId!,
    };
  }
  return results;
}

function changeRowOf(
  ctx: StoreContext,
  change: Change,
  assessment: Assessment,
  digests: { contentHash: string; assessmentDigest: string; historyDigest: string },
): NewChangeRow {
  const owners = ctx.codeowners ? [...new Set(change.files.flatMap((f) => ownersOf(ctx.codeowners!, f.path)))].sort() : [];
  const tiers = assessment.services.map((s) => s.tier);
  return {
    orgId: ctx.orgId,
    repositoryId: ctx.repositoryId,
    number: change.number,
    title: change.title,
    body: change.body,
    url: change.url ?? null,
    state: change.state,
    authorLogin: change.author.login,
    authorType: change.author.type,
    mergedByLogin: change.mergedBy?.login ?? null,
    createdAt: new Date(change.createdAt),
    mergedAt: change.mergedAt ? new Date(change.mergedAt) : null,
    updatedAt: ctx.now,
    baseRef: change.baseRef,
    headRef: change.headRef,
    headSha: change.headSha,
    mergeSha: change.mergeSha,
    labels: change.labels,
    requestedReviewers: change.requestedReviewers,
    checks: change.checks,
    additions: change.files.reduce((n, f) => n + (f.additions ?? 0), 0),
    deletions: change.files.reduce((n, f) => n + (f.deletions ?? 0), 0),
    fileCount: change.filesTruncated?.totalFiles ?? change.files.length,
    truncatedReason: change.filesTruncated?.reason ?? null,
    provenance: assessment.ai.provenance,
    risk: assessment.risk,
    band: assessment.band,
    aiOrigin: assessment.ai.aiOrigin,
    topReason: assessment.reasons[0]?.message ?? null,
    services: [...new Set(assessment.services.map((s) => s.name))],
    tier: tiers.length ? Math.min(...tiers) : null,
    failedControls: assessment.checks.filter((c) => c.status === "fail").map((c) => c.id),
    owners,
    isRevert: isRevertChange(change),
    isFix: ctx.policy.compiled.history.fixPattern.test(change.title),
    // Always present (null without one): a set-based write needs the same keys in every row.
    fetchedAt: change.fetchedAt ? new Date(change.fetchedAt) : null,
    ...digests,
  };
}

function detailsOf(change: Change, assessment: Assessment) {
  const serviceOfPath = new Map<string, string>();
  for (const hit of assessment.services) if (hit.direct) for (const p of hit.paths) serviceOfPath.set(p, hit.name);
  return {
    files: dedupeBy(change.files, (f) => f.path).map((f) => ({
      path: f.path,
      previousPath: f.previousPath ?? null,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      service: serviceOfPath.get(f.path) ?? null,
    })),
    commits: dedupeBy(change.commits, (c) => c.sha).map((c) => ({
      sha: c.sha,
      message: c.message,
      authorName: c.authorName ?? null,
      authorEmail: c.authorEmail ?? null,
      authorLogin: c.authorLogin ?? null,
      committedAt: c.committedAt ? new Date(c.committedAt) : null,
      parentCount: c.parentCount ?? 1,
      trailers: c.trailers,
    })),
    reviews: (change.reviews ?? []).map((r) => ({
      reviewer: r.reviewer,
      reviewerType: r.reviewerType,
      state: r.state,
      submittedAt: r.submittedAt ? new Date(r.submittedAt) : null,
      commitSha: r.commitSha,
    })),
  };
}

function assessmentRowOf(ctx: StoreContext, changeId: number, a: Assessment): NewAssessmentRow {
  return {
    orgId: ctx.orgId,
    changeId,
    policyVersionId: ctx.policy.versionId,
    policyVersion: a.policyVersion,
    modelVersion: a.modelVersion,
    risk: a.risk,
    band: a.band,
    signals: a.signals,
    reasons: a.reasons,
    checks: a.checks,
    ai: a.ai,
    services: a.services,
    regimes: a.regimes,
    trigger: ctx.trigger,
  };
}

function dedupeBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
