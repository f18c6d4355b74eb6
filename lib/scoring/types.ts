/**
 * The contract of the scoring engine: the normalized change that every source (GitHub sync, webhook, git clone,
 * JSONL file) produces, and the assessment the engine returns. Plain data only: no ORM, no framework types.
 * Times are ISO 8601 strings; the engine never reads a clock.
 */

export type FileStatus = "added" | "modified" | "removed" | "renamed" | "copied" | "changed";

export interface ChangeFile {
  path: string;
  /** Set for renames and copies. */
  previousPath?: string | null;
  status: FileStatus;
  /** null when the file is binary or the source does not know. */
  additions: number | null;
  deletions: number | null;
}

export interface Trailer {
  /** As written (case preserved); compare case-insensitively. */
  key: string;
  value: string;
}

export interface Actor {
  login: string;
  type: "User" | "Bot";
  name?: string | null;
  email?: string | null;
}

export interface ChangeCommit {
  sha: string;
  message: string;
  authorName?: string | null;
  authorEmail?: string | null;
  authorLogin?: string | null;
  committedAt?: string | null;
  trailers: Trailer[];
  /** Number of parents; > 1 means a merge commit (e.g. main merged into the branch). */
  parentCount?: number;
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export interface ChangeReview {
  reviewer: string;
  reviewerType: "User" | "Bot";
  state: ReviewState;
  submittedAt: string | null;
  /** The commit the review was made on. */
  commitSha: string | null;
}

export type CheckConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "skipped"
  | "cancelled"
  | "timed_out"
  | "action_required"
  | "stale"
  | "pending"
  | "error";

export interface CheckResult {
  name: string;
  conclusion: CheckConclusion;
}

export interface DependencyChange {
  ecosystem: "npm" | "pip" | "go" | "maven" | "cargo" | "gem" | "composer" | "nuget" | string;
  name: string;
  version?: string | null;
  kind: "added" | "removed" | "updated";
}

export interface Change {
  /** "owner/name" */
  repo: string;
  /** null when the source cannot name a pull request (direct push seen in git history). */
  number: number | null;
  title: string;
  body: string;
  url?: string | null;
  state: "open" | "merged" | "closed";
  author: Actor;
  createdAt: string;
  mergedAt: string | null;
  mergedBy: Actor | null;
  baseRef: string;
  headRef: string;
  headSha: string | null;
  mergeSha: string | null;
  labels: string[];
  commits: ChangeCommit[];
  files: ChangeFile[];
  /** Set when a source cap was hit (GitHub lists at most 3,000 files of a pull request). */
  filesTruncated?: { reason: string; totalFiles?: number | null } | null;
  /** null when the source does not know reviews (a git clone): review checks become "unknown". */
  reviews: ChangeReview[] | null;
  requestedReviewers: string[];
  /** Check and status results at the merged head; null when unknown. */
  checks: CheckResult[] | null;
  /** Ticket references found by the source (the engine also scans title, body and branch). */
  linkedTickets?: string[];
  /** true when branch protection was bypassed by an admin; null when unknown. */
  adminBypass?: boolean | null;
  /** Dependency manifest edits when the source can read them; null/undefined when unknown. */
  dependencyChanges?: DependencyChange[] | null;
  /**
   * When this copy was requested from the source (ISO time), for the store to never replace a copy fetched later.
   * About the copy, not the change: not scored, not part of what was stored (its content hash). Null/undefined when
   * the source has none (git history).
   */
  fetchedAt?: string | null;
}

/** Branch protection of the base branch, as far as it matters to the score. */
export interface BranchProtection {
  requiredApprovals: number;
  requireCodeOwnerReviews: boolean;
  requiredChecks: string[];
  enforceAdmins: boolean;
}

export interface FileHistory {
  /** Changes that touched this path in the history window, before this change. */
  changes: number;
  reverts: number;
  fixes: number;
  /** Distinct authors who touched it. */
  authors: number;
}

/** What happened before this change (never after it): built by the caller from stored history. */
export interface HistorySummary {
  windowDays: number;
  files: Record<string, FileHistory>;
  author: {
    /** Changes by this author in the repository before this one. */
    priorChanges: number;
    /** Of the touched paths, how many the author changed before. */
    touchedFilesKnown: number;
  };
}

export const SIGNAL_NAMES = [
  "scope",
  "criticality",
  "compliance",
  "policy",
  "verification",
  "review",
  "history",
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

export type Band = "low" | "elevated" | "high" | "critical";

export type EvidenceKind =
  | "path"
  | "service"
  | "regime"
  | "reviewer"
  | "rule"
  | "check"
  | "commit"
  | "label"
  | "trailer"
  | "branch"
  | "dependency"
  | "metric"
  | "author";

export interface Evidence {
  kind: EvidenceKind;
  value: string;
  detail?: string;
}

export interface Reason {
  signal: SignalName | "ai";
  /** Stable identifier of the rule that produced it, e.g. "review.self-merge". */
  code: string;
  message: string;
  evidence: Evidence[];
  /** Risk points this reason accounts for (the points of its signal, shared by contribution). */
  points?: number;
}

export interface SignalResult {
  name: SignalName;
  /** 0–1 before the AI multiplier. */
  value: number;
  weight: number;
  /** 1 for human work. */
  multiplier: number;
  /** Risk points this signal contributes to the 0–100 score. */
  points: number;
  reasons: Reason[];
  /**
   * false when the source lacks the data this signal needs (e.g. reviews from a git clone): the signal then
   * takes no part in the score, neither in the numerator nor in the sum of weights. Absent means true.
   */
  known?: boolean;
  /** Why the signal is unknown, when it is. */
  unknownReason?: string;
}

export type CheckStatus = "pass" | "fail" | "not_applicable" | "unknown";

export interface PolicyCheck {
  id: string;
  title: string;
  status: CheckStatus;
  reason: string;
  evidence: Evidence[];
}

export interface Provenance {
  tool?: string;
  model?: string;
  sessionId?: string;
  promptSummary?: string;
  reviewer?: string;
  riskArea?: string;
  verification?: string[];
}

export interface AiVerdict {
  aiOrigin: boolean;
  /** Agents detected, e.g. ["Claude", "Copilot"]. */
  tools: string[];
  evidence: Evidence[];
  provenance: Provenance | null;
}

export interface ServiceHit {
  name: string;
  tier: number;
  /** false when reached only through depends_on. */
  direct: boolean;
  paths: string[];
}

export interface Assessment {
  modelVersion: string;
  /** sha256 of the policy document used, or "default". */
  policyVersion: string;
  risk: number;
  band: Band;
  signals: Record<SignalName, SignalResult>;
  ai: AiVerdict;
  checks: PolicyCheck[];
  /** All reasons, most points first: what the UI and receipts show. */
  reasons: Reason[];
  services: ServiceHit[];
  regimes: string[];
}
