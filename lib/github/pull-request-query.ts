/**
 * One GraphQL query returns a page of pull requests with everything the score needs. Each nested connection
 * is paid for per pull request by GitHub's cost formula (six here: labels, files, commits, reviews, review
 * requests, check contexts), so a page of N costs round((1 + 6N) / 100) points: 0.06 per pull request.
 * Co-authors come from commit message trailers, so nothing per-commit is nested.
 */
export const NESTED_CONNECTIONS_PER_PR = 6;
export const GRAPHQL_FILES_PAGE = 100;

/** What is fetched of one pull request, shared by every query that reads pull requests (`...RiskLedgerPullRequest`). */
export const PULL_REQUEST_FRAGMENT = /* GraphQL */ `
  fragment RiskLedgerActor on Actor { __typename login }

  fragment RiskLedgerPullRequest on PullRequest {
    number title body url state isDraft createdAt updatedAt mergedAt closedAt
    baseRefName headRefName headRefOid changedFiles
    author { ...RiskLedgerActor }
    mergedBy { ...RiskLedgerActor }
    mergeCommit { oid }
    labels(first: 50) { nodes { name } }
    files(first: ${GRAPHQL_FILES_PAGE}) { pageInfo { hasNextPage } nodes { path additions deletions changeType } }
    commits(first: 100) {
      totalCount
      nodes { commit { oid message committedDate author { name email user { login } } } }
    }
    reviews(first: 100) { nodes { author { ...RiskLedgerActor } state submittedAt commit { oid } } }
    reviewRequests(first: 25) {
      nodes {
        requestedReviewer {
          __typename
          ... on User { login }
          ... on Bot { login }
          ... on Mannequin { login }
          ... on Team { combinedSlug }
        }
      }
    }
    statusCheckRollup {
      contexts(first: 100) {
        nodes {
          __typename
          ... on CheckRun { name status conclusion }
          ... on StatusContext { context state }
        }
      }
    }
  }
`;

export const PULL_REQUESTS_QUERY = /* GraphQL */ `
  query RiskLedgerPullRequests($owner: String!, $name: String!, $first: Int!, $after: String, $states: [PullRequestState!]) {
    rateLimit { cost limit remaining used resetAt }
    repository(owner: $owner, name: $name) {
      pullRequests(first: $first, after: $after, states: $states, orderBy: { field: UPDATED_AT, direction: ASC }) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { ...RiskLedgerPullRequest } }
      }
    }
  }
  ${PULL_REQUEST_FRAGMENT}
`;

export interface GqlActor {
  __typename: string;
  login: string;
}

export interface GqlPullRequest {
  number: number;
  title: string;
  body: string;
  url: string;
  state: "OPEN" | "MERGED" | "CLOSED";
  isDraft: boolean;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  baseRefName: string;
  headRefName: string;
  headRefOid: string;
  changedFiles: number;
  author: GqlActor | null;
  mergedBy: GqlActor | null;
  mergeCommit: { oid: string } | null;
  labels: { nodes: Array<{ name: string } | null> | null } | null;
  files: {
    pageInfo: { hasNextPage: boolean };
    nodes: Array<{ path: string; additions: number; deletions: number; changeType: string } | null> | null;
  } | null;
  commits: {
    totalCount: number;
    nodes: Array<{
      commit: {
        oid: string;
        message: string;
        committedDate: string;
        author: { name: string | null; email: string | null; user: { login: string } | null } | null;
      };
    } | null> | null;
  };
  reviews: {
    nodes: Array<{ author: GqlActor | null; state: string; submittedAt: string | null; commit: { oid: string } | null } | null> | null;
  } | null;
  reviewRequests: {
    nodes: Array<{ requestedReviewer: { __typename: string; login?: string; combinedSlug?: string } | null } | null> | null;
  } | null;
  statusCheckRollup: {
    contexts: {
      nodes: Array<
        | { __typename: "CheckRun"; name: string; status: string; conclusion: string | null }
        | { __typename: "StatusContext"; context: string; state: string }
        | null
      > | null;
    };
  } | null;
}

export interface GqlPullRequestsPage {
  rateLimit: { cost: number; limit: number; remaining: number; used: number; resetAt: string } | null;
  repository: {
    pullRequests: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{ cursor: string; node: GqlPullRequest | null } | null> | null;
    };
  } | null;
}
