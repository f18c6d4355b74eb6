/**
 * The in-memory world the simulator serves. Plain data, so that the demo generator, tests and benchmarks can
 * build it directly and compare what a client fetched against what was there.
 */
import type { CheckConclusion, FileStatus, ReviewState } from "@/lib/scoring/types";

export interface SimUser {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  type: "User" | "Bot";
}

export interface SimOrg {
  id: number;
  login: string;
  name: string;
}

/** A credential the simulator accepts. `repos` limits which repositories it reaches (undefined: all). */
export interface SimToken {
  token: string;
  login: string;
  /** Reported in `x-oauth-scopes`; empty for fine-grained and installation tokens. */
  scopes: string[];
  kind?: "classic" | "fine-grained" | "installation";
  repos?: string[];
}

export interface SimFile {
  path: string;
  previousPath?: string | null;
  status: FileStatus;
  additions: number;
  deletions: number;
}

export interface SimCommit {
  sha: string;
  message: string;
  authorLogin: string | null;
  authorName: string;
  authorEmail: string;
  committedAt: string;
}

export interface SimReview {
  id: number;
  reviewer: string;
  state: ReviewState;
  submittedAt: string | null;
  commitSha: string | null;
}

export interface SimCheck {
  name: string;
  /** Check runs come from apps (Actions); statuses from the commit status API. */
  kind: "check_run" | "status";
  conclusion: CheckConclusion;
}

export interface SimPullRequest {
  id: number;
  number: number;
  title: string;
  body: string;
  state: "open" | "merged" | "closed";
  isDraft?: boolean;
  author: string;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  mergedBy: string | null;
  baseRef: string;
  headRef: string;
  headSha: string;
  mergeSha: string | null;
  labels: string[];
  commits: SimCommit[];
  files: SimFile[];
  reviews: SimReview[];
  /** User logins, or "org/team-slug" for team requests. */
  requestedReviewers: string[];
  checks: SimCheck[];
}

export interface SimBranchProtection {
  branch: string;
  requiredApprovals: number;
  requireCodeOwnerReviews: boolean;
  requiredChecks: string[];
  enforceAdmins: boolean;
  dismissStaleReviews: boolean;
}

export type CodeownersLocation = ".github/CODEOWNERS" | "CODEOWNERS" | "docs/CODEOWNERS";

export interface SimRepo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  codeowners: { path: CodeownersLocation; content: string } | null;
  protection: SimBranchProtection | null;
  pullRequests: SimPullRequest[];
}

export interface SimDataset {
  orgs: SimOrg[];
  users: SimUser[];
  repos: SimRepo[];
  tokens: SimToken[];
}

export function repoFullName(repo: Pick<SimRepo, "owner" | "name">): string {
  return `${repo.owner}/${repo.name}`;
}
