import type { SimDataset, SimRepo, SimToken } from "./dataset";
import {
  branchProtectionPayload,
  contentFilePayload,
  diffEntryPayload,
  fullRepositoryPayload,
  rateLimitPayload,
  repositoryPayload,
  statusPayload,
  userPayload,
} from "./rest-payloads";
import type { SimContext } from "./server";
import { createHash } from "node:crypto";

export function etagOf(body: string): string {
  return `W/"${createHash("sha1").update(body).digest("hex")}"`;
}

export interface RestReply {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
  /** Pre-serialized body (GraphQL answers and faults). */
  raw?: string;
  cost?: number;
}

/** GitHub lists at most this many files of a pull request through the REST API. */
export const PULL_FILES_CAP = 3000;
const DOCS = "https://docs.github.com/rest";

export function reposVisibleTo(dataset: SimDataset, token: SimToken): SimRepo[] {
  return dataset.repos.filter((r) => !token.repos || token.repos.includes(`${r.owner}/${r.name}`));
}

export function handleRest(
  ctx: SimContext,
  token: SimToken,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
  ifNoneMatch: string | undefined,
): RestReply {
  const base: Record<string, string> = {};
  if ((token.kind ?? "classic") === "classic") base["x-oauth-scopes"] = token.scopes.join(", ");
  base["x-github-api-version-selected"] = "2022-11-28";

  if (method === "GET" && path === "/rate_limit") {
    const core = ctx.limits.bucket(token.token, "core");
    const gql = ctx.limits.bucket(token.token, "graphql");
    const view = (b: typeof core) => ({ limit: b.limit, used: b.used, remaining: Math.max(0, b.limit - b.used), reset: b.reset });
    return { status: 200, body: rateLimitPayload(view(core), view(gql)), headers: { ...base, ...ctx.limits.headers(token.token, "core") } };
  }

  const routed = route(ctx, token, method, path, query, body);
  const rl = () => ctx.limits.headers(token.token, "core");
  if (routed.status === 200 && method === "GET") {
    const text = JSON.stringify(routed.body);
    const etag = etagOf(text);
    // A conditional request answered 304 is not charged against the primary limit.
    if (ifNoneMatch && ifNoneMatch === etag) return { status: 304, headers: { ...base, ...routed.headers, etag, ...rl() } };
    if (!ctx.limits.charge(token.token, "core", 1)) return exhausted(base, rl());
    return { status: 200, raw: text, headers: { "content-type": "application/json; charset=utf-8", ...base, ...routed.headers, etag, ...rl() } };
  }
  if (!ctx.limits.charge(token.token, "core", 1)) return exhausted(base, rl());
  return { ...routed, headers: { ...base, ...routed.headers, ...rl() } };
}

function exhausted(base: Record<string, string>, rl: Record<string, string>): RestReply {
  return { status: 403, body: { message: "API rate limit exceeded for this token.", documentation_url: DOCS }, headers: { ...base, ...rl } };
}

function notFound(): RestReply {
  return { status: 404, body: { message: "Not Found", documentation_url: DOCS, status: "404" }, headers: {} };
}

function route(ctx: SimContext, token: SimToken, method: string, path: string, query: URLSearchParams, body: string): RestReply {
  const { dataset, api } = ctx;
  const visible = reposVisibleTo(dataset, token);
  const orgOf = (repo: SimRepo) => dataset.orgs.find((o) => o.login === repo.owner);

  if (method === "GET" && path === "/user") {
    if (token.kind === "installation") return { status: 403, body: { message: "Resource not accessible by integration", documentation_url: DOCS, status: "403" }, headers: {} };
    const user = dataset.users.find((u) => u.login === token.login);
    if (!user) return notFound();
    return { status: 200, body: userPayload(api, user, 0), headers: {} };
  }
  if (method === "GET" && path === "/user/repos") {
    return paginate(api, path, query, visible, (r) => repositoryPayload(api, r, orgOf(r)), 30);
  }
  if (method === "GET" && path === "/installation/repositories") {
    if (token.kind !== "installation") return { status: 403, body: { message: "This endpoint needs an installation token.", documentation_url: DOCS }, headers: {} };
    const page = paginate(api, path, query, visible, (r) => repositoryPayload(api, r, orgOf(r)), 30);
    return { ...page, body: { total_count: visible.length, repositories: page.body, repository_selection: "selected" } };
  }

  const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (!m) return notFound();
  const repo = visible.find((r) => r.owner.toLowerCase() === m[1]!.toLowerCase() && r.name.toLowerCase() === m[2]!.toLowerCase());
  if (!repo) return notFound();
  const rest = m[3] ?? "";

  if (method === "GET" && rest === "") return { status: 200, body: fullRepositoryPayload(api, repo, orgOf(repo)), headers: {} };

  let sub = /^\/pulls\/(\d+)\/files$/.exec(rest);
  if (method === "GET" && sub) {
    const pr = repo.pullRequests.find((p) => p.number === Number(sub![1]));
    if (!pr) return notFound();
    const indices = Array.from({ length: Math.min(pr.files.length, PULL_FILES_CAP) }, (_, i) => i);
    return paginate(api, path, query, indices, (i) => diffEntryPayload(api, repo, pr, i), 30);
  }

  sub = /^\/contents\/(.+)$/.exec(rest);
  if (method === "GET" && sub) {
    const filePath = decodeURIComponent(sub[1]!);
    if (!repo.codeowners || repo.codeowners.path !== filePath) return notFound();
    const sha = createHash("sha1").update(`blob ${repo.codeowners.content}`).digest("hex");
    return { status: 200, body: contentFilePayload(api, repo, filePath, repo.codeowners.content, sha), headers: {} };
  }

  sub = /^\/branches\/([^/]+)\/protection$/.exec(rest);
  if (method === "GET" && sub) {
    const branch = decodeURIComponent(sub[1]!);
    if (!repo.protection || repo.protection.branch !== branch) {
      return { status: 404, body: { message: "Branch not protected", documentation_url: DOCS, status: "404" }, headers: {} };
    }
    return { status: 200, body: branchProtectionPayload(api, repo, repo.protection), headers: {} };
  }

  sub = /^\/statuses\/([0-9a-f]{7,40})$/.exec(rest);
  if (method === "POST" && sub) {
    let input: { state?: unknown; context?: unknown; description?: unknown; target_url?: unknown };
    try {
      input = JSON.parse(body || "{}") as typeof input;
    } catch {
      return { status: 400, body: { message: "Problems parsing JSON", documentation_url: DOCS }, headers: {} };
    }
    const states = ["error", "failure", "pending", "success"];
    if (typeof input.state !== "string" || !states.includes(input.state)) {
      return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "Status", field: "state", code: "invalid" }], documentation_url: DOCS }, headers: {} };
    }
    const creator = dataset.users.find((u) => u.login === token.login) ?? { id: 0, login: token.login, name: null, email: null, type: "User" as const };
    const at = new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    const posted = {
      repo: `${repo.owner}/${repo.name}`,
      sha: sub[1]!,
      state: input.state,
      context: typeof input.context === "string" ? input.context : "default",
      description: typeof input.description === "string" ? input.description : null,
      targetUrl: typeof input.target_url === "string" ? input.target_url : null,
      creator: creator.login,
      at,
    };
    ctx.postedStatuses.push(posted);
    const payload = statusPayload(api, repo, posted.sha, ctx.postedStatuses.length, { state: posted.state, context: posted.context, description: posted.description, target_url: posted.targetUrl }, creator, at);
    return { status: 201, body: payload, headers: {} };
  }
  return notFound();
}

function paginate<T, R>(api: string, path: string, query: URLSearchParams, items: T[], map: (item: T) => R, defaultPerPage: number): RestReply {
  const perPage = Math.min(100, Math.max(1, Number(query.get("per_page") ?? defaultPerPage) || defaultPerPage));
  const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage).map(map);
  const link = (p: number, rel: string) => `<${api}${path}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"), link(1, "first"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  return { status: 200, body: slice, headers: links.length ? { link: links.join(", ") } : {} };
}
