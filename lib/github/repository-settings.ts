import type { BranchProtection } from "@/lib/scoring/types";
import type { GitHubClient } from "./client";
import { GitHubApiError } from "./errors";

/** Where GitHub looks for CODEOWNERS, in its order of precedence. */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

export interface RepositorySettings {
  repo: string;
  defaultBranch: string;
  /** The branch the settings describe (the default branch unless asked otherwise). */
  branch: string;
  codeowners: { path: string; content: string } | null;
  protection: BranchProtection | null;
  /**
   * "protected": rules read; "unprotected": GitHub says the branch has none; "unknown": the token may not read
   * them (GitHub hides branch protection from tokens without administration access).
   */
  protectionStatus: "protected" | "unprotected" | "unknown";
}

interface RestProtection {
  required_status_checks?: { contexts?: string[]; checks?: Array<{ context: string }> } | null;
  enforce_admins?: { enabled?: boolean } | null;
  required_pull_request_reviews?: { required_approving_review_count?: number; require_code_owner_reviews?: boolean } | null;
}

export function mapBranchProtection(p: RestProtection): BranchProtection {
  const contexts = new Set<string>([...(p.required_status_checks?.contexts ?? []), ...(p.required_status_checks?.checks ?? []).map((c) => c.context)]);
  return {
    requiredApprovals: p.required_pull_request_reviews?.required_approving_review_count ?? 0,
    requireCodeOwnerReviews: p.required_pull_request_reviews?.require_code_owner_reviews ?? false,
    requiredChecks: [...contexts],
    enforceAdmins: p.enforce_admins?.enabled ?? false,
  };
}

/** The repository's default branch, CODEOWNERS and branch protection. Re-reads are conditional (ETag). */
export async function fetchRepositorySettings(client: GitHubClient, options: { owner: string; repo: string; branch?: string }): Promise<RepositorySettings> {
  const { owner, repo } = options;
  const meta = await client.get<{ default_branch: string }>("GET /repos/{owner}/{repo}", { owner, repo });
  const branch = options.branch ?? meta.data.default_branch;

  let codeowners: RepositorySettings["codeowners"] = null;
  for (const path of CODEOWNERS_PATHS) {
    try {
      const res = await client.get<{ content?: string; encoding?: string; type?: string }>("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path, ref: branch });
      if (res.data.type === "file" && typeof res.data.content === "string") {
        const content = res.data.encoding === "base64" ? Buffer.from(res.data.content, "base64").toString("utf8") : res.data.content;
        codeowners = { path, content };
        break;
      }
    } catch (err) {
      if (!(err instanceof GitHubApiError && err.kind === "not_found")) throw err;
    }
  }

  let protection: BranchProtection | null = null;
  let protectionStatus: RepositorySettings["protectionStatus"] = "unknown";
  try {
    const res = await client.get<RestProtection>("GET /repos/{owner}/{repo}/branches/{branch}/protection", { owner, repo, branch });
    protection = mapBranchProtection(res.data);
    protectionStatus = "protected";
  } catch (err) {
    if (!(err instanceof GitHubApiError) || (err.kind !== "not_found" && err.kind !== "forbidden")) throw err;
    protectionStatus = err.kind === "not_found" && /not protected/i.test(err.message) ? "unprotected" : "unknown";
  }
  return { repo: `${owner}/${repo}`, defaultBranch: meta.data.default_branch, branch, codeowners, protection, protectionStatus };
}
