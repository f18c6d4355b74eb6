/** What the client must produce for a simulator pull request: the reference the fetch tests compare against. */
import { expect } from "vitest";
import type { Change } from "@/lib/scoring/types";
import type { SimDataset, SimPullRequest, SimRepo } from "@/lib/github-simulator/dataset";
import { FILE_CAP_REASON, GITHUB_FILE_LIST_CAP } from "./map-pull-request";
import { parseTrailers } from "./trailers";

export function expectedChange(dataset: SimDataset, repo: SimRepo, pr: SimPullRequest): Change {
  const type = (login: string) => (dataset.users.find((u) => u.login === login)?.type ?? (login.endsWith("[bot]") ? "Bot" : "User"));
  const viaRest = pr.files.length > 100;
  const files = pr.files.slice(0, GITHUB_FILE_LIST_CAP).map((f) => ({
    path: f.path,
    previousPath: viaRest ? (f.previousPath ?? null) : null,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
  }));
  return {
    repo: `${repo.owner}/${repo.name}`,
    number: pr.number,
    title: pr.title,
    body: pr.body,
    url: `https://github.com/${repo.owner}/${repo.name}/pull/${pr.number}`,
    state: pr.state,
    author: { login: pr.author, type: type(pr.author) },
    createdAt: pr.createdAt,
    mergedAt: pr.mergedAt,
    mergedBy: pr.mergedBy ? { login: pr.mergedBy, type: type(pr.mergedBy) } : null,
    baseRef: pr.baseRef,
    headRef: pr.headRef,
    headSha: pr.headSha,
    mergeSha: pr.mergeSha,
    labels: pr.labels,
    commits: pr.commits.map((c) => ({
      sha: c.sha,
      message: c.message,
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      authorLogin: c.authorLogin && type(c.authorLogin) === "Bot" ? c.authorLogin.replace(/\[bot\]$/, "") : c.authorLogin,
      committedAt: c.committedAt,
      trailers: parseTrailers(c.message),
    })),
    files,
    filesTruncated: pr.files.length > GITHUB_FILE_LIST_CAP ? { reason: FILE_CAP_REASON, totalFiles: pr.files.length } : null,
    reviews: pr.reviews.map((r) => ({ reviewer: r.reviewer, reviewerType: type(r.reviewer), state: r.state, submittedAt: r.submittedAt, commitSha: r.commitSha })),
    requestedReviewers: pr.requestedReviewers,
    checks: pr.checks.map((c) => ({ name: c.name, conclusion: c.conclusion })),
    adminBypass: null,
    dependencyChanges: null,
    // Whenever it was fetched; contentHashOf leaves it out.
    fetchedAt: expect.any(String) as string,
  };
}

/** A fetched change without its fetch time: two fetches of the same data compare equal. */
export function withoutFetchTime({ fetchedAt: _fetchedAt, ...change }: Change): Change {
  return change;
}

export function expectedChanges(dataset: SimDataset, states: Array<SimPullRequest["state"]> = ["merged", "open"]): Change[] {
  return dataset.repos
    .flatMap((repo) => repo.pullRequests.filter((pr) => states.includes(pr.state)).map((pr) => expectedChange(dataset, repo, pr)))
    .sort(byRepoAndNumber);
}

export function byRepoAndNumber(a: Change, b: Change): number {
  return a.repo === b.repo ? (a.number ?? 0) - (b.number ?? 0) : a.repo < b.repo ? -1 : 1;
}
