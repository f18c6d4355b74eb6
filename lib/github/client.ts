/**
 * The GitHub client: Octokit with the throttling and retry plugins, a per-token concurrency limit, an ETag cache
 * for REST re-reads, rate-limit bookkeeping from response headers, and errors that never carry the token.
 */
import { createHash } from "node:crypto";
import { Octokit } from "@octokit/core";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { GitHubApiError, kindForStatus, redact } from "./errors";
import { KeyedLimiter } from "./limiter";

export interface GitHubClientOptions {
  token: string;
  /** REST base: https://api.github.com, https://HOST/api/v3 (Enterprise Server), or the simulator's URL. */
  baseUrl?: string;
  userAgent?: string;
  /** Requests in flight per token (GraphQL always runs one at a time). Default 3. */
  maxConcurrent?: number;
  /** Retries of a failed request (5xx, network, malformed body) before giving up. Default 3. */
  retries?: number;
  /** How long GitHub's "seconds" last here (retry-after, reset, back-off). 1000 in production; tests shrink it. */
  timeUnitMs?: number;
  /** Longest wait accepted for a primary-limit reset before failing with `rate_limited`. Default 3600 s. */
  maxRateLimitWaitSeconds?: number;
  requestTimeoutMs?: number;
  /** Called when the client waits for a rate limit (for progress display). Never receives the token. */
  onRateLimitWait?: (info: { kind: "primary" | "secondary"; seconds: number; method: string; url: string }) => void;
}

export interface RateLimitSnapshot {
  resource: string;
  limit: number;
  remaining: number;
  used: number;
  /** ISO time of the reset. */
  resetAt: string;
}

export interface ClientStats {
  /** HTTP requests actually sent, retries included. */
  requests: number;
  graphqlRequests: number;
  restRequests: number;
  /** GraphQL points reported by `rateLimit { cost }` across queries. */
  graphqlCost: number;
  notModified: number;
  retriesAfterRateLimit: number;
}

export interface RestResult<T> {
  status: number;
  data: T;
  headers: Record<string, string | undefined>;
  /** true when answered from the ETag cache after a 304. */
  fromCache: boolean;
}

export interface GitHubClient {
  readonly baseUrl: string;
  readonly graphqlUrl: string;
  readonly octokit: Octokit;
  readonly stats: ClientStats;
  readonly timeUnitMs: number;
  readonly retries: number;
  /** Latest rate-limit state seen per resource (core, graphql …). */
  readonly rateLimits: Map<string, RateLimitSnapshot>;
  /** GET with the ETag cache: a 304 re-read returns the cached body and costs no rate limit. */
  get<T>(route: string, params?: Record<string, unknown>): Promise<RestResult<T>>;
  /** Any REST call without caching (writes). */
  request<T>(route: string, params?: Record<string, unknown>): Promise<RestResult<T>>;
  /** One GraphQL POST, raw: `{ data, errors }` as GitHub returned them. Not retried here (see pull-requests). */
  graphqlRaw<T>(query: string, variables: Record<string, unknown>): Promise<{ data: T | null; errors: GraphqlErrorEntry[] }>;
  redact(text: string): string;
}

export interface GraphqlErrorEntry {
  message: string;
  type?: string;
  path?: Array<string | number>;
}

interface HttpErrorLike {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | undefined> };
}

function asHttpError(err: unknown): HttpErrorLike | null {
  if (err instanceof Error && typeof (err as { status?: unknown }).status === "number") return err as unknown as HttpErrorLike;
  return null;
}

export const DEFAULT_BASE_URL = "https://api.github.com";

/** GitHub Enterprise Server serves REST under /api/v3 and GraphQL under /api/graphql. */
export function graphqlUrlFor(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  if (/\/api\/v3$/.test(trimmed)) return trimmed.replace(/\/api\/v3$/, "/api/graphql");
  return `${trimmed}/graphql`;
}

const limiterGroups = new Map<number, { global: KeyedLimiter; write: KeyedLimiter }>();
function limitersFor(maxConcurrent: number) {
  let g = limiterGroups.get(maxConcurrent);
  if (!g) {
    g = { global: new KeyedLimiter(maxConcurrent), write: new KeyedLimiter(1) };
    limiterGroups.set(maxConcurrent, g);
  }
  return g;
}

/**
 * Turns a 200 whose JSON body does not parse into a retryable 502 inside the plugins' reach. A request sent with
 * `parseSuccessResponseBody: false` (the GraphQL pages) has its JSON read here with the native JSON.parse:
 * Octokit's own parser keeps big integers exact at several times the cost, and no number GitHub sends us exceeds
 * 2^53.
 */
function jsonBodyReader(octokit: Octokit) {
  octokit.hook.wrap("request", async (request, options) => {
    const response = await request(options);
    let data = response.data as unknown;
    const type = String(response.headers["content-type"] ?? "");
    const json = /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);
    // Octokit hands back the text of a JSON body it could not parse.
    let malformed = json && typeof data === "string";
    if (data instanceof ReadableStream) {
      const text = await new Response(data).text();
      data = text;
      if (json) {
        try {
          data = JSON.parse(text) as unknown;
        } catch {
          malformed = true;
        }
      }
    }
    if (malformed) {
      // Shaped like Octokit's RequestError (status + request) so the retry plugin retries it.
      throw Object.assign(new Error("Malformed JSON in the response body"), { name: "HttpError", status: 502, request: options, response: { ...response, data: "" } });
    }
    return { ...response, data };
  });
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { token } = options;
  if (!token) throw new GitHubApiError("A GitHub token is required.", "unauthorized", null);
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const graphqlUrl = graphqlUrlFor(baseUrl);
  const timeUnitMs = options.timeUnitMs ?? 1000;
  const retries = options.retries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 3600;
  const tokenId = createHash("sha256").update(token).digest("hex").slice(0, 16);
  const { global, write } = limitersFor(Math.max(1, options.maxConcurrent ?? 3));
  const stats: ClientStats = { requests: 0, graphqlRequests: 0, restRequests: 0, graphqlCost: 0, notModified: 0, retriesAfterRateLimit: 0 };
  const rateLimits = new Map<string, RateLimitSnapshot>();
  const etags = new Map<string, { etag: string; data: unknown; headers: Record<string, string | undefined> }>();

  const onLimit = (kind: "primary" | "secondary") => (seconds: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
    if (retryCount >= retries || (kind === "primary" && seconds > maxWait)) return false;
    stats.retriesAfterRateLimit += 1;
    options.onRateLimitWait?.({ kind, seconds, method: opts.method, url: redact(opts.url, token) });
    return true;
  };

  // The plugin reads its limiter groups from these options at run time; its option type does not list them.
  const throttle = {
    id: tokenId,
    global: global as never,
    write: write as never,
    retryAfterBaseValue: timeUnitMs,
    fallbackSecondaryRateRetryAfter: 60,
    onRateLimit: onLimit("primary"),
    onSecondaryRateLimit: onLimit("secondary"),
  };
  const Client = Octokit.plugin(jsonBodyReader, throttling, retry);
  const octokit = new Client({
    auth: token,
    baseUrl,
    userAgent: options.userAgent ?? "risk-ledger",
    request: { timeout: options.requestTimeoutMs ?? 30_000 },
    throttle,
    retry: { retries, retryAfterBaseValue: timeUnitMs },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });

  octokit.hook.wrap("request", async (request, opts) => {
    stats.requests += 1;
    if (String(opts.url).includes("graphql")) stats.graphqlRequests += 1;
    else stats.restRequests += 1;
    try {
      const res = await request(opts);
      noteRateLimit(res.headers as Record<string, string | undefined>);
      return res;
    } catch (err) {
      const headers = asHttpError(err)?.response?.headers;
      if (headers) noteRateLimit(headers);
      throw err;
    }
  });

  function noteRateLimit(headers: Record<string, string | undefined>) {
    const limit = headers["x-ratelimit-limit"];
    if (limit === undefined) return;
    const resource = headers["x-ratelimit-resource"] ?? "core";
    rateLimits.set(resource, {
      resource,
      limit: Number(limit),
      remaining: Number(headers["x-ratelimit-remaining"] ?? 0),
      used: Number(headers["x-ratelimit-used"] ?? 0),
      resetAt: new Date(Number(headers["x-ratelimit-reset"] ?? 0) * 1000).toISOString(),
    });
  }

  const wrapError = (err: unknown, what: string): GitHubApiError => {
    if (err instanceof GitHubApiError) return err;
    const status = asHttpError(err)?.status ?? null;
    const raw = err instanceof Error ? err.message : String(err);
    const kind = status === 502 && /Malformed JSON/.test(raw) ? "bad_response" : kindForStatus(status);
    const reason = status === 401 ? "the token was rejected (bad or expired credentials)" : raw;
    return new GitHubApiError(redact(`GitHub ${what} failed${status ? ` (${status})` : ""}: ${reason}`, token), kind, status);
  };

  const describe = (route: string) => redact(route.replace(/\{[^}]+\}/g, (m) => m), token);

  const client: GitHubClient = {
    baseUrl,
    graphqlUrl,
    octokit,
    stats,
    timeUnitMs,
    retries,
    rateLimits,
    redact: (text) => redact(text, token),

    async request<T>(route: string, params: Record<string, unknown> = {}) {
      try {
        const res = await octokit.request(route, params);
        return { status: res.status, data: res.data as T, headers: res.headers as Record<string, string | undefined>, fromCache: false };
      } catch (err) {
        throw wrapError(err, describe(route));
      }
    },

    async get<T>(route: string, params: Record<string, unknown> = {}) {
      const key = `${route} ${JSON.stringify(params)}`;
      const cached = etags.get(key);
      try {
        const res = await octokit.request(route, {
          ...params,
          headers: { ...(params.headers as object | undefined), ...(cached ? { "if-none-match": cached.etag } : {}) },
        });
        const headers = res.headers as Record<string, string | undefined>;
        if (headers.etag) etags.set(key, { etag: headers.etag, data: res.data, headers });
        return { status: res.status, data: res.data as T, headers, fromCache: false };
      } catch (err) {
        if (asHttpError(err)?.status === 304 && cached) {
          stats.notModified += 1;
          return { status: 304, data: cached.data as T, headers: cached.headers, fromCache: true };
        }
        throw wrapError(err, describe(route));
      }
    },

    async graphqlRaw<T>(query: string, variables: Record<string, unknown>) {
      try {
        const res = await octokit.request({ method: "POST", url: graphqlUrl, query, variables, request: { retries: 0, parseSuccessResponseBody: false } } as never);
        const body = res.data as { data?: T | null; errors?: GraphqlErrorEntry[] } | null;
        if (!body || typeof body !== "object") throw new GitHubApiError("GitHub GraphQL answered with an unreadable body.", "bad_response", res.status);
        const cost = (body.data as { rateLimit?: { cost?: number } } | null | undefined)?.rateLimit?.cost;
        if (typeof cost === "number") stats.graphqlCost += cost;
        return { data: body.data ?? null, errors: body.errors ?? [] };
      } catch (err) {
        throw wrapError(err, "GraphQL query");
      }
    },
  };
  return client;
}
