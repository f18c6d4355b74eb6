import type { GitHubClient } from "./client";

export type CommitStatusState = "error" | "failure" | "pending" | "success";

/**
 * The context of the merge gate's own commit status. Scoring ignores it: the gate's verdict must not feed back into
 * the score it was derived from.
 */
export const GATE_CONTEXT = "risk-ledger/gate";

/** GitHub refuses a commit status description longer than this. */
export const STATUS_DESCRIPTION_MAX = 140;

export interface CommitStatusInput {
  owner: string;
  repo: string;
  sha: string;
  state: CommitStatusState;
  context: string;
  description: string;
  targetUrl: string | null;
}

/**
 * Creates a commit status (POST /repos/{owner}/{repo}/statuses/{sha}): the only write Risk Ledger makes to GitHub.
 * Needs `repo:status` (classic token) or "Commit statuses: write" (fine-grained). Throws GitHubApiError.
 */
export async function postCommitStatus(client: GitHubClient, input: CommitStatusInput): Promise<{ id: number | null }> {
  const res = await client.request<{ id?: number }>("POST /repos/{owner}/{repo}/statuses/{sha}", {
    owner: input.owner,
    repo: input.repo,
    sha: input.sha,
    state: input.state,
    context: input.context,
    description: input.description.slice(0, STATUS_DESCRIPTION_MAX),
    ...(input.targetUrl ? { target_url: input.targetUrl } : {}),
  });
  return { id: typeof res.data?.id === "number" ? res.data.id : null };
}
