import type { ChangeFile } from "@/lib/scoring/types";
import type { GitHubClient } from "./client";
import { GITHUB_FILE_LIST_CAP, mapRestFile, type RestFileLike } from "./map-pull-request";

const PER_PAGE = 100;

/**
 * All files of one pull request through REST, 100 per page up to GitHub's 3,000-file cap. Used only when
 * GraphQL's first page of files was not all of them. Re-reads are conditional (ETag), so a re-sync of an
 * unchanged pull request costs no rate limit.
 */
export async function fetchPullRequestFiles(client: GitHubClient, owner: string, repo: string, number: number): Promise<ChangeFile[]> {
  const files: ChangeFile[] = [];
  for (let page = 1; page <= GITHUB_FILE_LIST_CAP / PER_PAGE; page++) {
    const res = await client.get<RestFileLike[]>("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
      owner,
      repo,
      pull_number: number,
      per_page: PER_PAGE,
      page,
    });
    if (!Array.isArray(res.data)) throw new Error(`unexpected files page for ${owner}/${repo}#${number}`);
    files.push(...res.data.map(mapRestFile));
    if (res.data.length < PER_PAGE || !/rel="next"/.test(res.headers.link ?? "")) break;
  }
  return files;
}
