/** Pure mappers from GitHub's shapes to the normalized `Change` of lib/scoring/types. */
import type {
  Actor,
  Change,
  ChangeCommit,
  ChangeFile,
  ChangeReview,
  CheckConclusion,
  CheckResult,
  FileStatus,
  ReviewState,
} from "@/lib/scoring/types";
import { GATE_CONTEXT } from "./commit-status";
import type { GqlActor, GqlPullRequest } from "./pull-request-query";
import { parseTrailers } from "./trailers";

/** GitHub lists at most this many files of one pull request (REST and GraphQL alike). */
export const GITHUB_FILE_LIST_CAP = 3000;
export const FILE_CAP_REASON = "GitHub lists at most 3,000 files of a pull request; the rest were not returned.";

/** GraphQL names bots without the "[bot]" suffix that REST, webhooks and policies use; restore it. */
export function mapActor(actor: GqlActor | null | undefined): Actor {
  if (!actor) return { login: "ghost", type: "User" };
  const isBot = actor.__typename === "Bot";
  const login = isBot && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login;
  return { login, type: isBot ? "Bot" : "User" };
}

const CHANGE_TYPE: Record<string, FileStatus> = {
  ADDED: "added",
  DELETED: "removed",
  MODIFIED: "modified",
  RENAMED: "renamed",
  COPIED: "copied",
  CHANGED: "changed",
};

export function mapGraphqlFile(f: { path: string; additions: number; deletions: number; changeType: string }): ChangeFile {
  // GraphQL does not name a renamed file's old path; REST does (see mapRestFile).
  return { path: f.path, previousPath: null, status: CHANGE_TYPE[f.changeType] ?? "modified", additions: f.additions, deletions: f.deletions };
}

export interface RestFileLike {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  previous_filename?: string;
}

export function mapRestFile(f: RestFileLike): ChangeFile {
  const status = (["added", "removed", "modified", "renamed", "copied", "changed"] as const).find((s) => s === f.status) ?? "modified";
  return { path: f.filename, previousPath: f.previous_filename ?? null, status, additions: f.additions, deletions: f.deletions };
}

const CHECK_RUN: Record<string, CheckConclusion> = {
  SUCCESS: "success",
  FAILURE: "failure",
  NEUTRAL: "neutral",
  SKIPPED: "skipped",
  CANCELLED: "cancelled",
  TIMED_OUT: "timed_out",
  ACTION_REQUIRED: "action_required",
  STALE: "stale",
  STARTUP_FAILURE: "failure",
};

const STATUS_STATE: Record<string, CheckConclusion> = {
  SUCCESS: "success",
  FAILURE: "failure",
  ERROR: "error",
  PENDING: "pending",
  EXPECTED: "pending",
};

export function mapChecks(rollup: GqlPullRequest["statusCheckRollup"]): CheckResult[] {
  if (!rollup) return [];
  const out: CheckResult[] = [];
  for (const c of rollup.contexts.nodes ?? []) {
    if (!c) continue;
    if (c.__typename === "CheckRun") out.push({ name: c.name, conclusion: c.conclusion ? CHECK_RUN[c.conclusion] ?? "failure" : "pending" });
    else if (c.context !== GATE_CONTEXT) out.push({ name: c.context, conclusion: STATUS_STATE[c.state] ?? "pending" });
  }
  return out;
}

const REVIEW_STATES: ReviewState[] = ["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"];

export function mapReviews(reviews: GqlPullRequest["reviews"]): ChangeReview[] {
  const out: ChangeReview[] = [];
  for (const r of reviews?.nodes ?? []) {
    if (!r) continue;
    const who = mapActor(r.author);
    out.push({
      reviewer: who.login,
      reviewerType: who.type,
      state: REVIEW_STATES.find((s) => s === r.state) ?? "COMMENTED",
      submittedAt: r.submittedAt,
      commitSha: r.commit?.oid ?? null,
    });
  }
  return out;
}

export function mapCommits(commits: GqlPullRequest["commits"]): ChangeCommit[] {
  return (commits.nodes ?? []).flatMap((n) =>
    n
      ? [
          {
            sha: n.commit.oid,
            message: n.commit.message,
            authorName: n.commit.author?.name ?? null,
            authorEmail: n.commit.author?.email ?? null,
            authorLogin: n.commit.author?.user?.login ?? null,
            committedAt: n.commit.committedDate,
            trailers: parseTrailers(n.commit.message),
          },
        ]
      : [],
  );
}

export function mapRequestedReviewers(requests: GqlPullRequest["reviewRequests"]): string[] {
  const out: string[] = [];
  for (const r of requests?.nodes ?? []) {
    const who = r?.requestedReviewer;
    if (!who) continue;
    if (who.__typename === "Team" && who.combinedSlug) out.push(who.combinedSlug);
    else if (who.login) out.push(mapActor({ __typename: who.__typename, login: who.login }).login);
  }
  return out;
}

export interface MapOptions {
  /** "owner/name" */
  repo: string;
  /** Files fetched through REST when GraphQL's first page was not all of them. */
  restFiles?: ChangeFile[] | null;
  /** When the GraphQL request that returned the pull request was sent (ISO): the change's `fetchedAt`. */
  fetchedAt?: string;
}

export function needsRestFiles(pr: Pick<GqlPullRequest, "changedFiles" | "files">): boolean {
  return Boolean(pr.files?.pageInfo.hasNextPage) || pr.changedFiles > (pr.files?.nodes?.length ?? 0);
}

export function mapPullRequest(pr: GqlPullRequest, options: MapOptions): Change {
  const files = options.restFiles ?? (pr.files?.nodes ?? []).flatMap((f) => (f ? [mapGraphqlFile(f)] : []));
  const truncated = pr.changedFiles > files.length && files.length >= GITHUB_FILE_LIST_CAP;
  const state = pr.state === "MERGED" ? "merged" : pr.state === "OPEN" ? "open" : "closed";
  return {
    repo: options.repo,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? "",
    url: pr.url,
    state,
    author: mapActor(pr.author),
    createdAt: pr.createdAt,
    mergedAt: pr.mergedAt,
    mergedBy: pr.mergedBy ? mapActor(pr.mergedBy) : null,
    baseRef: pr.baseRefName,
    headRef: pr.headRefName,
    headSha: pr.headRefOid,
    mergeSha: pr.mergeCommit?.oid ?? null,
    labels: (pr.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : [])),
    commits: mapCommits(pr.commits),
    files,
    filesTruncated: truncated ? { reason: FILE_CAP_REASON, totalFiles: pr.changedFiles } : null,
    reviews: mapReviews(pr.reviews),
    requestedReviewers: mapRequestedReviewers(pr.reviewRequests),
    checks: mapChecks(pr.statusCheckRollup),
    adminBypass: null,
    dependencyChanges: null,
    fetchedAt: options.fetchedAt,
  };
}
