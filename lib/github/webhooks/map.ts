import type { Change } from "@/lib/scoring/types";

interface WebhookUser {
  login: string;
  type?: string;
}

export interface WebhookPullRequest {
  number: number;
  title: string;
  body?: string | null;
  html_url?: string;
  state: "open" | "closed";
  merged?: boolean | null;
  merged_at?: string | null;
  created_at: string;
  user: WebhookUser | null;
  merged_by?: WebhookUser | null;
  merge_commit_sha?: string | null;
  base: { ref: string };
  head: { ref: string; sha: string };
  labels?: Array<{ name: string }>;
  requested_reviewers?: Array<WebhookUser | { name?: string }>;
  requested_teams?: Array<{ slug: string }>;
}

const actor = (u: WebhookUser) => ({ login: u.login, type: u.type === "Bot" ? ("Bot" as const) : ("User" as const) });

/**
 * What a webhook's pull_request object says of the change. Commits, files, reviews and checks are not in the
 * payload: the caller fetches the full change (or keeps the stored one) before scoring.
 */
export function mapWebhookPullRequest(pr: WebhookPullRequest, repo: string, orgLogin?: string): Partial<Change> & Pick<Change, "repo" | "number"> {
  const merged = Boolean(pr.merged || pr.merged_at);
  const requested: string[] = [];
  for (const r of pr.requested_reviewers ?? []) if ("login" in r && r.login) requested.push(r.login);
  for (const t of pr.requested_teams ?? []) requested.push(orgLogin ? `${orgLogin}/${t.slug}` : t.slug);
  return {
    repo,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? "",
    url: pr.html_url ?? null,
    state: merged ? "merged" : pr.state,
    author: pr.user ? actor(pr.user) : { login: "ghost", type: "User" },
    createdAt: pr.created_at,
    mergedAt: pr.merged_at ?? null,
    mergedBy: pr.merged_by ? actor(pr.merged_by) : null,
    baseRef: pr.base.ref,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    mergeSha: merged ? (pr.merge_commit_sha ?? null) : null,
    labels: (pr.labels ?? []).map((l) => l.name),
    requestedReviewers: requested,
  };
}
