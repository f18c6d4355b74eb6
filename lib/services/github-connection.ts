import type { Db } from "../../db/client";
import { recordAuditEvent } from "../../db/queries/audit";
import {
  getGithubConnection,
  listRepositories,
  setSelectedRepositories,
  upsertGithubConnection,
  upsertRepositories,
} from "../../db/queries/github";
import type { SecretBox } from "../crypto";
import { checkToken, createGitHubClient, GitHubApiError, type GitHubClient, type GitHubClientOptions } from "../github";
import { NotFoundError, ValidationError } from "./errors";

/** The sealed token is bound to its organisation: an envelope copied to another org's row does not open. */
function tokenAad(orgId: string): string {
  return `github-token:${orgId}`;
}

function explain(err: GitHubApiError): string {
  switch (err.kind) {
    case "unauthorized":
      return "GitHub rejected this token (401): it is wrong, expired or revoked.";
    case "forbidden":
      return "GitHub refused this token (403): it lacks access, or SSO authorisation is missing for the organisation.";
    case "rate_limited":
      return "GitHub's rate limit for this token is exhausted; try again after it resets.";
    case "network":
      return "GitHub could not be reached at the configured API URL.";
    case "not_found":
      return "The API URL does not look like a GitHub API (404). For GitHub Enterprise Server use https://HOST/api/v3.";
    default:
      return `GitHub answered with an error (${err.status ?? err.kind}); try again.`;
  }
}

/**
 * Checks a token against GitHub (who it is, its scopes, which repositories it reaches) and stores it sealed.
 * The token appears in no message, log or return value.
 */
export async function connectGitHub(
  db: Db,
  box: SecretBox,
  actor: { orgId: string; userId: string | null },
  input: { token: string; apiUrl: string },
  now: Date,
  clientOptions: Partial<GitHubClientOptions> = {},
) {
  const client = createGitHubClient({ ...clientOptions, token: input.token, baseUrl: input.apiUrl });
  let check;
  try {
    check = await checkToken(client, { maxRepositories: 1000 });
  } catch (err) {
    if (err instanceof GitHubApiError) throw new ValidationError(explain(err), { token: [explain(err)] });
    throw err;
  }
  await db.transaction(async (tx) => {
    await upsertGithubConnection(tx, {
      orgId: actor.orgId,
      apiUrl: client.baseUrl,
      tokenSealed: box.seal(input.token, tokenAad(actor.orgId)),
      login: check.login ?? `(${check.kind} token)`,
      scopes: check.scopes ?? [],
      connectedBy: actor.userId,
      checkedAt: now,
    });
    await upsertRepositories(
      tx,
      actor.orgId,
      check.repositories.map((r) => ({ fullName: r.fullName, defaultBranch: r.defaultBranch })),
    );
    await recordAuditEvent(tx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: "github.connect",
      target: check.login ?? check.kind,
      data: { apiUrl: client.baseUrl, scopes: check.scopes, repositories: check.repositories.length },
    });
  });
  return {
    login: check.login,
    kind: check.kind,
    scopes: check.scopes,
    repositories: check.repositories.map((r) => r.fullName),
    repositoriesTruncated: check.repositoriesTruncated,
    warnings: check.warnings,
  };
}

export async function selectRepositories(db: Db, actor: { orgId: string; userId: string | null }, fullNames: string[]) {
  const known = new Set((await listRepositories(db, actor.orgId)).map((r) => r.fullName));
  const unknown = fullNames.filter((n) => !known.has(n));
  if (unknown.length) throw new ValidationError(`Unknown repositories: ${unknown.join(", ")}. Re-check the token first.`);
  const count = await setSelectedRepositories(db, actor.orgId, fullNames);
  await recordAuditEvent(db, { orgId: actor.orgId, actorUserId: actor.userId, action: "github.repositories", data: { selected: fullNames } });
  return count;
}

/** A GitHub client for the organisation's stored connection. */
export async function githubClientForOrg(
  db: Db,
  box: SecretBox,
  orgId: string,
  options: Partial<GitHubClientOptions> = {},
): Promise<GitHubClient> {
  const connection = await getGithubConnection(db, orgId);
  if (!connection) throw new NotFoundError("GitHub is not connected for this organisation.");
  return createGitHubClient({ ...options, token: box.openText(connection.tokenSealed, tokenAad(orgId)), baseUrl: connection.apiUrl });
}
