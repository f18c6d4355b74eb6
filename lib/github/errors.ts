/** Errors the GitHub layer throws. Messages never carry the token: every message passes through `redact`. */

export type GitHubErrorKind =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "server"
  | "network"
  | "bad_response"
  | "graphql";

export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly kind: GitHubErrorKind,
    readonly status: number | null,
    /** GitHub's GraphQL error types (NOT_FOUND, RATE_LIMITED …) when the failure came from GraphQL. */
    readonly graphqlTypes: string[] = [],
  ) {
    super(message);
    this.name = "GitHubApiError";
  }
}

export function redact(text: string, token: string): string {
  if (!token) return text;
  return text.split(token).join("[redacted]");
}

export function kindForStatus(status: number | null): GitHubErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status !== null && status >= 500) return "server";
  return "network";
}
