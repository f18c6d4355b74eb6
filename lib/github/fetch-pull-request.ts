/**
 * One pull request at a time, for webhooks: by number, or the pull requests whose head is a commit (a status or
 * check suite arrived there). Same fragment and mapping as the sync, so a change fetched here is identical to the
 * one a sync would store; files beyond the first 100 come through the same REST path.
 */
import type { Change } from "@/lib/scoring/types";
import type { GitHubClient, GraphqlErrorEntry } from "./client";
import { GitHubApiError } from "./errors";
import { mapPullRequest, needsRestFiles } from "./map-pull-request";
import { fetchPullRequestFiles } from "./pull-request-files";
import { PULL_REQUEST_FRAGMENT, type GqlPullRequest } from "./pull-request-query";
import { delay, waitForGraphqlReset } from "./waits";

export const PULL_REQUEST_QUERY = /* GraphQL */ `
  query RiskLedgerPullRequest($owner: String!, $name: String!, $number: Int!) {
    rateLimit { cost limit remaining used resetAt }
    repository(owner: $owner, name: $name) {
      pullRequest(number: $number) { ...RiskLedgerPullRequest }
    }
  }
  ${PULL_REQUEST_FRAGMENT}
`;

/**
 * GitHub's `associatedPullRequests` of a commit: the merged pull request that brought it to the default branch, or
 * else the open pull requests that contain it. Five is plenty: one commit is the head of very few.
 */
export const PULL_REQUESTS_AT_COMMIT_QUERY = /* GraphQL */ `
  query RiskLedgerPullRequestsAtCommit($owner: String!, $name: String!, $oid: GitObjectID!) {
    rateLimit { cost limit remaining used resetAt }
    repository(owner: $owner, name: $name) {
      object(oid: $oid) {
        __typename
        ... on Commit { associatedPullRequests(first: 5) { nodes { ...RiskLedgerPullRequest } } }
      }
    }
  }
  ${PULL_REQUEST_FRAGMENT}
`;

interface PullRequestData {
  repository: { pullRequest: GqlPullRequest | null } | null;
}

interface AtCommitData {
  repository: {
    object: { __typename: string; associatedPullRequests?: { nodes: Array<GqlPullRequest | null> | null } } | null;
  } | null;
}

export interface PullRequestRef {
  owner: string;
  repo: string;
}

/** The pull request as a normalized change, or null when the repository has no pull request with that number. */
export async function fetchPullRequest(client: GitHubClient, ref: PullRequestRef & { number: number }, signal?: AbortSignal): Promise<Change | null> {
  const { data, errors, sentAt } = await queryWithRetry<PullRequestData>(client, PULL_REQUEST_QUERY, { owner: ref.owner, name: ref.repo, number: ref.number }, ref, signal);
  const pr = data.repository?.pullRequest ?? null;
  if (!pr) {
    if (errors.some((e) => e.type === "NOT_FOUND") || data.repository) return null;
    throw new GitHubApiError("GitHub GraphQL answered without the pull request.", "bad_response", 200);
  }
  return toChange(client, ref, pr, sentAt);
}

/**
 * The pull requests whose head commit is `sha` (where a commit status or check suite lands). Pull requests that
 * merely contain the commit further down are left out: the checks at their head did not change.
 */
export async function fetchPullRequestsAtHead(client: GitHubClient, ref: PullRequestRef & { sha: string }, signal?: AbortSignal): Promise<Change[]> {
  const { data, sentAt } = await queryWithRetry<AtCommitData>(client, PULL_REQUESTS_AT_COMMIT_QUERY, { owner: ref.owner, name: ref.repo, oid: ref.sha }, ref, signal);
  const nodes = data.repository?.object?.associatedPullRequests?.nodes ?? [];
  const atHead = nodes.filter((n): n is GqlPullRequest => n !== null && n.headRefOid.toLowerCase() === ref.sha.toLowerCase());
  const out: Change[] = [];
  for (const pr of atHead) out.push(await toChange(client, ref, pr, sentAt));
  return out;
}

/** `fetchedAt`: when the GraphQL request was sent; files read through REST after it are at least as new. */
async function toChange(client: GitHubClient, ref: PullRequestRef, pr: GqlPullRequest, fetchedAt: string): Promise<Change> {
  const restFiles = needsRestFiles(pr) ? await fetchPullRequestFiles(client, ref.owner, ref.repo, pr.number) : null;
  return mapPullRequest(pr, { repo: `${ref.owner}/${ref.repo}`, restFiles, fetchedAt });
}

const TIMEOUT = /Something went wrong while executing your query|timeout/i;

/**
 * One small query with bounded retries (GraphQL requests are not retried by the client): 5xx, resets, malformed
 * bodies, timeouts and rate limits back off and try again; an unreadable repository, bad credentials or a query
 * GitHub rejects fail at once. Answers `data` whenever GitHub gave it, with the errors beside it (NOT_FOUND for a
 * missing pull request comes that way), and the time the request that returned it was sent.
 */
async function queryWithRetry<T extends { repository: unknown }>(
  client: GitHubClient,
  query: string,
  variables: Record<string, unknown>,
  ref: PullRequestRef,
  signal?: AbortSignal,
): Promise<{ data: T; errors: GraphqlErrorEntry[]; sentAt: string }> {
  const maxFailures = client.retries + 2;
  for (let failures = 1; ; failures++) {
    signal?.throwIfAborted();
    let lastError: GitHubApiError;
    try {
      const sentAt = new Date().toISOString();
      const { data, errors } = await client.graphqlRaw<T>(query, variables);
      const types = errors.map((e) => e.type ?? "");
      const repositoryMissing = errors.some((e) => e.type === "NOT_FOUND" && e.path?.length === 1 && e.path[0] === "repository");
      if (repositoryMissing || (data && data.repository === null && !errors.length)) {
        throw new GitHubApiError(`Repository ${ref.owner}/${ref.repo} was not found or the token cannot read it.`, "not_found", 404, types);
      }
      if (data && data.repository && errors.every((e) => e.type === "NOT_FOUND")) return { data, errors, sentAt };
      const message = client.redact(errors.map((e) => e.message).join("; "));
      if (types.includes("RATE_LIMITED")) {
        await waitForGraphqlReset(client, signal);
        lastError = new GitHubApiError(`GitHub GraphQL rate limit: ${message}`, "rate_limited", 403, types);
      } else if (!errors.length || TIMEOUT.test(message)) {
        lastError = new GitHubApiError(errors.length ? `GitHub GraphQL timed out: ${message}` : "GitHub GraphQL answered without data.", "bad_response", 200, types);
      } else {
        throw new GitHubApiError(`GitHub GraphQL rejected the query: ${message}`, "graphql", 200, types);
      }
    } catch (err) {
      if (!(err instanceof GitHubApiError)) throw err;
      if (err.kind === "unauthorized" || err.kind === "forbidden" || err.kind === "not_found" || err.kind === "graphql") throw err;
      lastError = err;
    }
    if (failures >= maxFailures) throw lastError;
    await delay(Math.min(60, failures * failures) * client.timeUnitMs, signal);
  }
}

