import type { GitHubClient } from "./client";
import { GitHubApiError } from "./errors";

export interface TokenRepository {
  fullName: string;
  private: boolean;
  defaultBranch: string;
}

export interface TokenCheck {
  /** The user the token acts for; null for a GitHub App installation token. */
  login: string | null;
  /** Classic tokens list their scopes in `x-oauth-scopes`; fine-grained and installation tokens do not (null). */
  scopes: string[] | null;
  kind: "classic" | "fine-grained" | "installation";
  repositories: TokenRepository[];
  /** true when more repositories exist than `maxRepositories` listed. */
  repositoriesTruncated: boolean;
  warnings: string[];
}

/** Classic scopes that allow more than reading; the product never needs them. */
const BROAD_SCOPES = ["admin:org", "admin:repo_hook", "admin:org_hook", "delete_repo", "workflow", "write:org", "admin:enterprise"];

interface RestRepoLike {
  full_name: string;
  private: boolean;
  default_branch: string;
}

/** Who the token is, what it may do, and which repositories it reaches. Throws `unauthorized` for a bad token. */
export async function checkToken(client: GitHubClient, options: { maxRepositories?: number } = {}): Promise<TokenCheck> {
  const max = options.maxRepositories ?? 1000;
  let login: string | null = null;
  let scopes: string[] | null = null;
  let kind: TokenCheck["kind"];
  try {
    const me = await client.request<{ login: string }>("GET /user");
    login = me.data.login;
    const header = me.headers["x-oauth-scopes"];
    scopes = header === undefined ? null : header.split(",").map((s) => s.trim()).filter(Boolean);
    kind = scopes === null ? "fine-grained" : "classic";
  } catch (err) {
    // Installation tokens may not read /user; they list their repositories elsewhere.
    if (!(err instanceof GitHubApiError && err.kind === "forbidden")) throw err;
    kind = "installation";
  }

  const repositories: TokenRepository[] = [];
  let truncated = false;
  for (let page = 1; ; page++) {
    const res =
      kind === "installation"
        ? await client.request<{ repositories: RestRepoLike[] }>("GET /installation/repositories", { per_page: 100, page })
        : await client.request<RestRepoLike[]>("GET /user/repos", { per_page: 100, page, sort: "full_name" });
    const batch = Array.isArray(res.data) ? res.data : res.data.repositories;
    for (const r of batch) repositories.push({ fullName: r.full_name, private: r.private, defaultBranch: r.default_branch });
    if (repositories.length >= max) {
      truncated = repositories.length > max || /rel="next"/.test(res.headers.link ?? "");
      repositories.length = Math.min(repositories.length, max);
      break;
    }
    if (!/rel="next"/.test(res.headers.link ?? "")) break;
  }

  const warnings: string[] = [];
  if (scopes) {
    const broad = scopes.filter((s) => BROAD_SCOPES.includes(s));
    if (broad.length) warnings.push(`The token has scopes beyond reading (${broad.join(", ")}); a token with \`repo\` (or \`public_repo\`) and \`read:org\` is enough.`);
    if (!scopes.includes("repo") && !scopes.includes("public_repo")) warnings.push("Without the `repo` scope the token reaches public repositories only.");
  }
  if (repositories.length === 0) warnings.push("The token reaches no repository.");
  return { login, scopes, kind, repositories, repositoriesTruncated: truncated, warnings };
}
