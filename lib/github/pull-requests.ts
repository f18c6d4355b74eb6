/**
 * Incremental, resumable fetch of a repository's pull requests.
 *
 * Pull requests come in ascending `updatedAt` order. Each yielded change carries the GraphQL edge cursor of
 * that pull request; GitHub's cursors on ordered connections are keyset cursors (sort value + id), so
 * `after: cursor` continues exactly after that pull request even if others changed meanwhile. A caller
 * that stores each change and then its cursor can crash at any point and resume from the last stored cursor
 * with no loss and no duplicate; a pull request updated after being fetched moves past the cursor and is
 * fetched again by the next run (an update, not a duplicate). A run that reaches the end returns the final
 * cursor: the next incremental run starts there and sees only what changed since.
 */
import type { Change } from "@/lib/scoring/types";
import type { GitHubClient } from "./client";
import { GitHubApiError } from "./errors";
import { mapPullRequest, needsRestFiles } from "./map-pull-request";
import { AdaptivePageSize, type PageSizeOptions } from "./page-size";
import { fetchPullRequestFiles } from "./pull-request-files";
import { PULL_REQUESTS_QUERY, type GqlPullRequest, type GqlPullRequestsPage } from "./pull-request-query";
import { delay, waitForGraphqlReset } from "./waits";

export type PullRequestState = "OPEN" | "MERGED" | "CLOSED";

export interface GraphqlRateLimit {
  cost: number;
  limit: number;
  remaining: number;
  used: number;
  resetAt: string;
}

export interface FetchProgress {
  fetched: number;
  pages: number;
  pageSize: number;
  /** Pull requests matching the states, whole repository (GitHub's totalCount). */
  totalCount: number | null;
  rateLimit: GraphqlRateLimit | null;
}

export interface FetchPullRequestsOptions {
  owner: string;
  repo: string;
  /** Resume strictly after this cursor (from a previous yield); null/undefined starts from the oldest update. */
  after?: string | null;
  /** Default: merged and open. */
  states?: PullRequestState[];
  pageSize?: PageSizeOptions;
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
}

export interface FetchedChange {
  change: Change;
  /** Persist after storing `change`; pass as `after` to resume. */
  cursor: string;
  updatedAt: string;
  rateLimit: GraphqlRateLimit | null;
}

const HEAVY_PAGE = /Something went wrong while executing your query|timeout/i;

export async function* fetchPullRequests(client: GitHubClient, options: FetchPullRequestsOptions): AsyncGenerator<FetchedChange, { cursor: string | null }> {
  const { owner, repo } = options;
  const fullName = `${owner}/${repo}`;
  const states = options.states ?? ["MERGED", "OPEN"];
  const pages = new AdaptivePageSize(options.pageSize);
  let after = options.after ?? null;
  let fetched = 0;
  let pageCount = 0;

  const load = async (from: string | null): Promise<LoadedPage> => {
    options.signal?.throwIfAborted();
    const { page, sentAt } = await fetchPage(client, { owner, repo, after: from, states }, pages, options.signal);
    const conn = page.repository!.pullRequests;
    const nodes = (conn.edges ?? []).flatMap((e) => (e?.node ? [{ cursor: e.cursor, node: e.node }] : []));
    const restFiles = new Map<number, Awaited<ReturnType<typeof fetchPullRequestFiles>>>();
    await Promise.all(
      nodes
        .filter((n) => needsRestFiles(n.node))
        .map(async (n) => restFiles.set(n.node.number, await fetchPullRequestFiles(client, owner, repo, n.node.number))),
    );
    // Mapped here, not when yielded: a page fetched ahead is ready while the caller is still storing the last one.
    const changes = nodes.map(({ cursor, node }) => ({
      cursor,
      updatedAt: node.updatedAt,
      change: mapPullRequest(node, { repo: fullName, restFiles: restFiles.get(node.number) ?? null, fetchedAt: sentAt }),
    }));
    return { page, conn, changes };
  };

  // The next page is requested while the caller stores this one: the same requests in the same order, one page
  // ahead, so waiting for GitHub overlaps with scoring and storing.
  let next: Promise<LoadedPage> | null = load(after);
  try {
    while (next) {
      const { page, conn, changes } = await next;
      next = null;
      pageCount += 1;
      const last = changes[changes.length - 1];
      if (conn.pageInfo.hasNextPage && last) next = load(last.cursor);
      for (const { cursor, updatedAt, change } of changes) {
        fetched += 1;
        yield { change, cursor, updatedAt, rateLimit: page.rateLimit };
        after = cursor;
      }
      options.onProgress?.({ fetched, pages: pageCount, pageSize: pages.current, totalCount: conn.totalCount, rateLimit: page.rateLimit });
    }
    return { cursor: after };
  } finally {
    // A caller that stops early (or fails) leaves the page fetched ahead unread; its outcome no longer matters.
    next?.catch(() => {});
  }
}

interface LoadedPage {
  page: GqlPullRequestsPage;
  conn: NonNullable<GqlPullRequestsPage["repository"]>["pullRequests"];
  changes: Array<{ cursor: string; updatedAt: string; change: Change }>;
}

interface PageRequest {
  owner: string;
  repo: string;
  after: string | null;
  states: PullRequestState[];
}

/**
 * One page, with bounded retries: heavy-page failures shrink the page; transient ones back off. Answers with the
 * time the request that returned it was sent.
 */
async function fetchPage(
  client: GitHubClient,
  req: PageRequest,
  pages: AdaptivePageSize,
  signal?: AbortSignal,
): Promise<{ page: GqlPullRequestsPage; sentAt: string }> {
  let failures = 0;
  const maxFailures = client.retries + 6;
  for (;;) {
    signal?.throwIfAborted();
    let outcome: "heavy" | "transient";
    let lastError: GitHubApiError;
    try {
      const sentAt = new Date().toISOString();
      const { data, errors } = await client.graphqlRaw<GqlPullRequestsPage>(PULL_REQUESTS_QUERY, {
        owner: req.owner,
        name: req.repo,
        first: pages.current,
        after: req.after,
        states: req.states,
      });
      if (!errors.length && data?.repository) {
        pages.succeeded();
        return { page: data, sentAt };
      }
      const types = errors.map((e) => e.type ?? "");
      if (types.includes("NOT_FOUND") || (data && data.repository === null && !errors.length)) {
        throw new GitHubApiError(`Repository ${req.owner}/${req.repo} was not found or the token cannot read it.`, "not_found", 404, types);
      }
      const message = errors.map((e) => e.message).join("; ");
      if (types.includes("RATE_LIMITED")) {
        await waitForGraphqlReset(client, signal);
        lastError = new GitHubApiError(`GitHub GraphQL rate limit: ${client.redact(message)}`, "rate_limited", 403, types);
        outcome = "transient";
      } else if (HEAVY_PAGE.test(message)) {
        lastError = new GitHubApiError(`GitHub GraphQL timed out: ${client.redact(message)}`, "server", 502, types);
        outcome = "heavy";
      } else if (!errors.length) {
        lastError = new GitHubApiError("GitHub GraphQL answered without data.", "bad_response", 200, types);
        outcome = "transient";
      } else {
        throw new GitHubApiError(`GitHub GraphQL rejected the query: ${client.redact(message)}`, "graphql", 200, types);
      }
    } catch (err) {
      if (!(err instanceof GitHubApiError)) throw err;
      if (err.kind === "unauthorized" || err.kind === "forbidden" || err.kind === "not_found" || err.kind === "graphql") throw err;
      lastError = err;
      outcome = err.status === 502 || err.status === 504 || HEAVY_PAGE.test(err.message) ? "heavy" : "transient";
    }
    failures += 1;
    if (failures > maxFailures) throw lastError;
    if (outcome === "heavy" && pages.shrink()) continue;
    await delay(Math.min(60, failures * failures) * client.timeUnitMs, signal);
  }
}

export type { GqlPullRequest };
