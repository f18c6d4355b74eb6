/**
 * REST bodies built from the dataset, typed against GitHub's OpenAPI description so that a shape drifting from
 * what GitHub returns fails the type check.
 */
import type { components } from "@octokit/openapi-types";
import type { SimBranchProtection, SimOrg, SimPullRequest, SimRepo, SimUser } from "./dataset";

type Schemas = components["schemas"];
export type RestUser = Schemas["public-user"];
export type RestRepository = Schemas["repository"];
export type RestFullRepository = Schemas["full-repository"];
export type RestDiffEntry = Schemas["diff-entry"];
export type RestContentFile = Schemas["content-file"];
export type RestBranchProtection = Schemas["branch-protection"];
export type RestRateLimitOverview = Schemas["rate-limit-overview"];
export type RestStatus = Schemas["status"];
export type RestBasicError = Schemas["basic-error"];
export type RestInstallationRepositories = {
  total_count: number;
  repositories: RestRepository[];
  repository_selection?: string;
};

const WEB = "https://github.com";

function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64");
}

export function simpleUser(api: string, u: Pick<SimUser, "id" | "login" | "type" | "name" | "email">): Schemas["simple-user"] {
  const url = `${api}/users/${u.login}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type, u.id),
    name: u.name,
    email: u.email,
    avatar_url: `${WEB}/avatars/${u.id}`,
    gravatar_id: "",
    url,
    html_url: `${WEB}/${u.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: u.type,
    site_admin: false,
  };
}

export function userPayload(api: string, u: SimUser, publicRepos: number): RestUser {
  return {
    ...simpleUser(api, u),
    name: u.name,
    email: u.email,
    company: null,
    blog: null,
    location: null,
    hireable: null,
    bio: null,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
  };
}

export function repositoryPayload(api: string, repo: SimRepo, owner: SimOrg | undefined): RestRepository {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${api}/repos/${full}`;
  const openIssues = repo.pullRequests.filter((p) => p.state === "open").length;
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: full,
    license: null,
    forks: 0,
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
    owner: simpleUser(api, {
      id: owner?.id ?? 0,
      login: repo.owner,
      type: "User",
      name: owner?.name ?? null,
      email: null,
    }),
    private: repo.private,
    html_url: `${WEB}/${full}`,
    description: repo.description,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${full}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${full}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${WEB}/${full}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: `${WEB}/${full}`,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? "private" : "public",
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    open_issues: openIssues,
    watchers: 0,
  };
}

export function fullRepositoryPayload(api: string, repo: SimRepo, owner: SimOrg | undefined): RestFullRepository {
  const base = repositoryPayload(api, repo, owner);
  return {
    ...base,
    has_discussions: false,
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    subscribers_count: 0,
    network_count: 0,
  };
}

export function diffEntryPayload(api: string, repo: SimRepo, pr: SimPullRequest, index: number): RestDiffEntry {
  const f = pr.files[index]!;
  const full = `${repo.owner}/${repo.name}`;
  const entry: RestDiffEntry = {
    sha: null,
    filename: f.path,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${WEB}/${full}/blob/${pr.headSha}/${f.path}`,
    raw_url: `${WEB}/${full}/raw/${pr.headSha}/${f.path}`,
    contents_url: `${api}/repos/${full}/contents/${f.path}?ref=${pr.headSha}`,
  };
  if (f.previousPath) entry.previous_filename = f.previousPath;
  return entry;
}

export function contentFilePayload(api: string, repo: SimRepo, path: string, content: string, sha: string): RestContentFile {
  const full = `${repo.owner}/${repo.name}`;
  const self = `${api}/repos/${full}/contents/${path}`;
  const html = `${WEB}/${full}/blob/${repo.defaultBranch}/${path}`;
  const git = `${api}/repos/${full}/git/blobs/${sha}`;
  return {
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(content),
    name: path.split("/").pop()!,
    path,
    content: Buffer.from(content, "utf8").toString("base64"),
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `https://raw.githubusercontent.com/${full}/${repo.defaultBranch}/${path}`,
    _links: { git, html, self },
  };
}

export function branchProtectionPayload(api: string, repo: SimRepo, p: SimBranchProtection): RestBranchProtection {
  const url = `${api}/repos/${repo.owner}/${repo.name}/branches/${p.branch}/protection`;
  return {
    url,
    enabled: true,
    name: p.branch,
    protection_url: url,
    required_status_checks: {
      url: `${url}/required_status_checks`,
      strict: true,
      contexts: p.requiredChecks,
      checks: p.requiredChecks.map((context) => ({ context, app_id: null })),
      contexts_url: `${url}/required_status_checks/contexts`,
    },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: p.enforceAdmins },
    required_pull_request_reviews: {
      url: `${url}/required_pull_request_reviews`,
      dismiss_stale_reviews: p.dismissStaleReviews,
      require_code_owner_reviews: p.requireCodeOwnerReviews,
      required_approving_review_count: p.requiredApprovals,
      require_last_push_approval: false,
    },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: false },
    allow_deletions: { enabled: false },
  };
}

export function statusPayload(
  api: string,
  repo: SimRepo,
  sha: string,
  id: number,
  input: { state: string; context: string; description: string | null; target_url: string | null },
  creator: SimUser,
  at: string,
): RestStatus {
  return {
    url: `${api}/repos/${repo.owner}/${repo.name}/statuses/${sha}`,
    avatar_url: null,
    id,
    node_id: nodeId("StatusContext", id),
    state: input.state,
    description: input.description,
    target_url: input.target_url,
    context: input.context,
    created_at: at,
    updated_at: at,
    creator: simpleUser(api, creator),
  };
}

export function rateLimitPayload(core: Schemas["rate-limit"], graphql: Schemas["rate-limit"]): RestRateLimitOverview {
  const search = { limit: 30, remaining: 30, reset: core.reset, used: 0 };
  return { resources: { core, graphql, search }, rate: core };
}
