import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { DbOrTx } from "../../db/client";
import {
  findChangeKey,
  insertAssessment,
  insertChange,
  replaceChangeDetails,
  updateChange,
  type NewChangeRow,
} from "../../db/queries/changes";
import { loadHistorySummary } from "../../db/queries/history";
import { ownersOf, type Codeowners } from "../policy";
import { isRevertChange, MODEL_VERSION, scoreChange } from "../scoring";
import type { Assessment, BranchProtection, Change } from "../scoring/types";
import type { SecretBox } from "../crypto";
import type { ActivePolicy } from "./policies";
import { issueReceiptsForChange, policyRefOf } from "./receipts";
import { getSecretBox } from "./secrets";

export interface ScoreAndStoreInput {
  orgId: string;
  repositoryId: string;
  change: Change;
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
}

export interface StoredChange {
  changeId: number;
  outcome: "created" | "updated" | "unchanged";
  assessment: Assessment | null;
  assessmentId: number | null;
}

/** What was stored, as a hash: the same change under the same policy and model is never written twice. */
export function contentHashOf(change: Change, policyVersion: string): string {
  return createHash("sha256")
    .update(canonicalize({ change, policyVersion, model: MODEL_VERSION }) ?? "")
    .digest("hex");
}

/**
 * Scores one normalized change with the policy in force and stores it — row, files, commits, reviews, assessment
 * and the ledger's headline — inside the caller's transaction. Idempotent: unchanged input writes nothing.
 */
export async function scoreAndStoreChange(tx: DbOrTx, input: ScoreAndStoreInput): Promise<StoredChange> {
  const { change, policy, orgId, repositoryId } = input;
  const contentHash = contentHashOf(change, policy.version);
  const existing = await findChangeKey(tx, orgId, repositoryId, { number: change.number, mergeSha: change.mergeSha });
  if (existing && existing.contentHash === contentHash && !input.force) {
    return { changeId: existing.id, outcome: "unchanged", assessment: null, assessmentId: null };
  }

  const history = await loadHistorySummary(tx, {
    orgId,
    repositoryId,
    paths: [...new Set(change.files.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path])))],
    authorLogin: change.author.login,
    before: change.mergedAt ? new Date(change.mergedAt) : input.now,
    windowDays: policy.compiled.history.windowDays,
  });
  const assessment = scoreChange(change, {
    policy: policy.compiled,
    codeowners: input.codeowners,
    protection: input.protection,
    history,
  });

  const assessmentDigest = assessmentDigestOf(assessment);
  if (existing && existing.contentHash === contentHash && existing.assessmentDigest === assessmentDigest) {
    return { changeId: existing.id, outcome: "unchanged", assessment: null, assessmentId: null };
  }

  const serviceOfPath = new Map<string, string>();
  for (const hit of assessment.services) if (hit.direct) for (const p of hit.paths) serviceOfPath.set(p, hit.name);
  const owners = input.codeowners
    ? [...new Set(change.files.flatMap((f) => ownersOf(input.codeowners!, f.path)))].sort()
    : [];
  const tiers = assessment.services.map((s) => s.tier);

  const row: NewChangeRow = {
    orgId,
    repositoryId,
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
    updatedAt: input.now,
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
    isFix: policy.compiled.history.fixPattern.test(change.title),
    contentHash,
    assessmentDigest,
  };

  const changeId = existing ? existing.id : await insertChange(tx, row);
  if (existing) await updateChange(tx, orgId, changeId, row);
  await replaceChangeDetails(tx, orgId, changeId, {
    files: change.files.map((f) => ({
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
  });
  const assessmentId = await insertAssessment(tx, {
    orgId,
    changeId,
    policyVersionId: policy.versionId,
    policyVersion: assessment.policyVersion,
    modelVersion: assessment.modelVersion,
    risk: assessment.risk,
    band: assessment.band,
    signals: assessment.signals,
    reasons: assessment.reasons,
    checks: assessment.checks,
    ai: assessment.ai,
    services: assessment.services,
    regimes: assessment.regimes,
    trigger: input.trigger,
  });
  await updateChange(tx, orgId, changeId, { currentAssessmentId: assessmentId });
  if (change.state === "merged") {
    const box = input.box ?? getSecretBox();
    await issueReceiptsForChange(tx, { orgId, changeId, change, assessment, policy: policyRefOf(policy), box, now: input.now });
  }
  return { changeId, outcome: existing ? "updated" : "created", assessment, assessmentId };
}

/** The verdict's content (not its id or time): equal digests mean a rescore changed nothing. */
export function assessmentDigestOf(a: Assessment): string {
  return createHash("sha256")
    .update(canonicalize({ ...a }) ?? "")
    .digest("hex");
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
