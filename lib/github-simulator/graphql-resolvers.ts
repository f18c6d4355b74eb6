/**
 * Root value for graphql-js over the dataset. graphql-js's default resolver reads a property or calls it with
 * the field's arguments, so objects here are plain data with functions where a field takes arguments.
 * Fields the sync never asks for are simply absent (null, or an error where the schema says non-null).
 */
import type { CheckConclusion } from "@/lib/scoring/types";
import type { SimCheck, SimDataset, SimPullRequest, SimRepo, SimUser } from "./dataset";

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface RateLimitView {
  cost: number;
  limit: number;
  remaining: number;
  used: number;
  resetAt: string;
  nodeCount: number;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const unb64 = (s: string) => Buffer.from(s, "base64").toString("utf8");

function offsetConnection<T, N>(items: T[], args: PageArgs, toNode: (item: T) => N) {
  const decode = (c: string | null | undefined): number | null => {
    if (!c) return null;
    const m = /^cursor:(\d+)$/.exec(unb64(c));
    return m ? Number(m[1]) : null;
  };
  let start = 0;
  let end = items.length;
  const after = decode(args.after);
  const before = decode(args.before);
  if (after !== null) start = after + 1;
  if (before !== null) end = Math.min(end, before);
  if (args.first != null) end = Math.min(end, start + args.first);
  else if (args.last != null) start = Math.max(start, end - args.last);
  const slice = items.slice(start, end).map((item, i) => ({ cursor: b64(`cursor:${start + i}`), node: toNode(item) }));
  return {
    totalCount: items.length,
    edges: slice,
    nodes: slice.map((e) => e.node),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice[0]?.cursor ?? null,
      endCursor: slice[slice.length - 1]?.cursor ?? null,
    },
  };
}

/** Keyset cursor over (sort value, id), the way GitHub's ordered connections page: stable when rows move. */
export function encodeKeysetCursor(sortValue: string, id: number): string {
  return b64(`cursor:v2:${JSON.stringify([sortValue, id])}`);
}

export function decodeKeysetCursor(cursor: string): [string, number] | null {
  const text = unb64(cursor);
  if (!text.startsWith("cursor:v2:")) return null;
  try {
    const v = JSON.parse(text.slice("cursor:v2:".length)) as unknown;
    if (Array.isArray(v) && typeof v[0] === "string" && typeof v[1] === "number") return [v[0], v[1]];
  } catch {
    return null;
  }
  return null;
}

const PR_STATE = { open: "OPEN", merged: "MERGED", closed: "CLOSED" } as const;

const CHECK_RUN_CONCLUSION: Partial<Record<CheckConclusion, string>> = {
  success: "SUCCESS",
  failure: "FAILURE",
  neutral: "NEUTRAL",
  skipped: "SKIPPED",
  cancelled: "CANCELLED",
  timed_out: "TIMED_OUT",
  action_required: "ACTION_REQUIRED",
  stale: "STALE",
  error: "STARTUP_FAILURE",
};

const STATUS_STATE: Partial<Record<CheckConclusion, string>> = {
  success: "SUCCESS",
  failure: "FAILURE",
  error: "ERROR",
  pending: "PENDING",
};

export function createRootValue(dataset: SimDataset, visibleRepos: (repo: SimRepo) => boolean, viewer: string, rate: RateLimitView) {
  const users = new Map(dataset.users.map((u) => [u.login, u]));

  const actor = (login: string | null) => {
    if (!login) return null;
    const u: SimUser = users.get(login) ?? { id: 0, login, name: null, email: null, type: login.endsWith("[bot]") ? "Bot" : "User" };
    // GitHub's GraphQL API names bots without the "[bot]" suffix that REST shows.
    const shown = u.type === "Bot" ? u.login.replace(/\[bot\]$/, "") : u.login;
    return { __typename: u.type, login: shown, name: u.name, email: u.email, databaseId: u.id, id: b64(`${u.type}:${u.id}`) };
  };

  const checkNode = (c: SimCheck) =>
    c.kind === "check_run"
      ? {
          __typename: "CheckRun",
          name: c.name,
          status: c.conclusion === "pending" ? "IN_PROGRESS" : "COMPLETED",
          conclusion: CHECK_RUN_CONCLUSION[c.conclusion] ?? null,
        }
      : { __typename: "StatusContext", context: c.name, state: STATUS_STATE[c.conclusion] ?? "FAILURE" };

  const rollupState = (checks: SimCheck[]): string => {
    if (checks.some((c) => ["failure", "error", "timed_out", "cancelled", "action_required"].includes(c.conclusion))) return "FAILURE";
    if (checks.some((c) => c.conclusion === "pending")) return "PENDING";
    return "SUCCESS";
  };

  const pullRequestNode = (repo: SimRepo, pr: SimPullRequest) => {
    const additions = pr.files.reduce((s, f) => s + f.additions, 0);
    const deletions = pr.files.reduce((s, f) => s + f.deletions, 0);
    return {
      __typename: "PullRequest",
      id: b64(`PullRequest:${pr.id}`),
      databaseId: pr.id,
      number: pr.number,
      title: pr.title,
      body: pr.body,
      url: `https://github.com/${repo.owner}/${repo.name}/pull/${pr.number}`,
      state: PR_STATE[pr.state],
      isDraft: pr.isDraft ?? false,
      merged: pr.state === "merged",
      createdAt: pr.createdAt,
      updatedAt: pr.updatedAt,
      mergedAt: pr.mergedAt,
      closedAt: pr.closedAt,
      baseRefName: pr.baseRef,
      headRefName: pr.headRef,
      headRefOid: pr.headSha,
      changedFiles: pr.files.length,
      additions,
      deletions,
      author: actor(pr.author),
      mergedBy: actor(pr.mergedBy),
      mergeCommit: pr.mergeSha ? { __typename: "Commit", oid: pr.mergeSha } : null,
      labels: (args: PageArgs) => offsetConnection(pr.labels, args, (name) => ({ name })),
      files: (args: PageArgs) =>
        offsetConnection(pr.files, args, (f) => ({
          path: f.path,
          additions: f.additions,
          deletions: f.deletions,
          changeType: f.status === "removed" ? "DELETED" : f.status.toUpperCase(),
        })),
      commits: (args: PageArgs) =>
        offsetConnection(pr.commits, args, (c) => ({
          id: b64(`PullRequestCommit:${c.sha}`),
          commit: {
            oid: c.sha,
            message: c.message,
            messageHeadline: c.message.split("\n", 1)[0],
            committedDate: c.committedAt,
            authoredDate: c.committedAt,
            author: { name: c.authorName, email: c.authorEmail, user: c.authorLogin ? actor(c.authorLogin) : null },
          },
        })),
      reviews: (args: PageArgs) =>
        offsetConnection(pr.reviews, args, (r) => ({
          id: b64(`PullRequestReview:${r.id}`),
          databaseId: r.id,
          author: actor(r.reviewer),
          state: r.state,
          submittedAt: r.submittedAt,
          commit: r.commitSha ? { oid: r.commitSha } : null,
        })),
      reviewRequests: (args: PageArgs) =>
        offsetConnection(pr.requestedReviewers, args, (who) => {
          if (who.includes("/")) {
            const [org, slug] = who.split("/") as [string, string];
            return { requestedReviewer: { __typename: "Team", slug, combinedSlug: `${org}/${slug}`, name: slug } };
          }
          return { requestedReviewer: actor(who) };
        }),
      statusCheckRollup:
        pr.checks.length === 0
          ? null
          : { state: rollupState(pr.checks), contexts: (args: PageArgs) => offsetConnection(pr.checks, args, checkNode) },
    };
  };

  type PrArgs = PageArgs & {
    states?: string[] | null;
    orderBy?: { field: "CREATED_AT" | "UPDATED_AT"; direction: "ASC" | "DESC" } | null;
    baseRefName?: string | null;
    labels?: string[] | null;
  };

  const pullRequests = (repo: SimRepo, args: PrArgs) => {
    const field = args.orderBy?.field ?? "CREATED_AT";
    const dir = args.orderBy?.direction === "DESC" ? -1 : 1;
    const key = (pr: SimPullRequest) => (field === "UPDATED_AT" ? pr.updatedAt : pr.createdAt);
    const cmp = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]) * dir;
    const rows = repo.pullRequests
      .filter((pr) => !args.states?.length || args.states.includes(PR_STATE[pr.state]))
      .filter((pr) => !args.baseRefName || pr.baseRef === args.baseRefName)
      .filter((pr) => !args.labels?.length || pr.labels.some((l) => args.labels!.includes(l)))
      .map((pr) => ({ pr, k: [key(pr), pr.id] as [string, number] }))
      .sort((a, b) => cmp(a.k, b.k));
    let start = 0;
    let end = rows.length;
    const after = args.after ? decodeKeysetCursor(args.after) : null;
    const before = args.before ? decodeKeysetCursor(args.before) : null;
    if (after) start = firstIndex(rows, (r) => cmp(r.k, after) > 0);
    if (before) end = firstIndex(rows, (r) => cmp(r.k, before) >= 0);
    if (args.first != null) end = Math.min(end, start + args.first);
    else if (args.last != null) start = Math.max(start, end - args.last);
    const edges = rows.slice(start, end).map((r) => ({ cursor: encodeKeysetCursor(r.k[0], r.k[1]), node: pullRequestNode(repo, r.pr) }));
    return {
      totalCount: rows.length,
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: {
        hasNextPage: end < rows.length,
        hasPreviousPage: start > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  };

  const containsCommit = (pr: SimPullRequest, sha: string) =>
    pr.headSha === sha || pr.mergeSha === sha || pr.commits.some((c) => c.sha === sha);

  const knownCommit = (repo: SimRepo, sha: string) => sha.length === 40 && repo.pullRequests.some((pr) => containsCommit(pr, sha));

  /**
   * A commit as far as the dataset knows it: the commits of its pull requests and their merge commits. Its
   * associated pull requests follow GitHub's rule: the merged pull request that brought it to the default branch,
   * or, when it is not on the default branch, the open pull requests that contain it.
   */
  const commitNode = (repo: SimRepo, sha: string) => ({
    __typename: "Commit",
    id: b64(`Commit:${repo.id}:${sha}`),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    associatedPullRequests: (args: PageArgs) => {
      const byNumber = (a: SimPullRequest, b: SimPullRequest) => a.number - b.number;
      const merged = repo.pullRequests.filter((pr) => pr.state === "merged" && pr.baseRef === repo.defaultBranch && containsCommit(pr, sha)).sort(byNumber);
      const related = merged.length ? merged.slice(0, 1) : repo.pullRequests.filter((pr) => pr.state === "open" && containsCommit(pr, sha)).sort(byNumber);
      return offsetConnection(related, args, (pr) => pullRequestNode(repo, pr));
    },
  });

  const repositoryNode = (repo: SimRepo) => ({
    __typename: "Repository",
    id: b64(`Repository:${repo.id}`),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    isPrivate: repo.private,
    description: repo.description,
    url: `https://github.com/${repo.owner}/${repo.name}`,
    owner: { __typename: "Organization", login: repo.owner },
    defaultBranchRef: { name: repo.defaultBranch },
    pullRequest: ({ number }: { number: number }) => {
      const pr = repo.pullRequests.find((p) => p.number === number);
      if (pr) return pullRequestNode(repo, pr);
      // GitHub answers `pullRequest: null` with a NOT_FOUND error at that path.
      throw Object.assign(new Error(`Could not resolve to a PullRequest with the number of ${number}.`), { githubType: "NOT_FOUND" });
    },
    object: ({ oid, expression }: { oid?: string | null; expression?: string | null }) => {
      const sha = (oid ?? expression ?? "").toLowerCase();
      return knownCommit(repo, sha) ? commitNode(repo, sha) : null;
    },
    pullRequests: (args: PrArgs) => pullRequests(repo, args),
  });

  return {
    viewer: actor(viewer),
    rateLimit: () => rate,
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = dataset.repos.find(
        (r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase(),
      );
      if (repo && visibleRepos(repo)) return repositoryNode(repo);
      throw Object.assign(new Error(`Could not resolve to a Repository with the name '${owner}/${name}'.`), { githubType: "NOT_FOUND" });
    },
  };
}

function firstIndex<T>(rows: T[], pred: (row: T) => boolean): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pred(rows[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
