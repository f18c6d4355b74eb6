/**
 * A local GitHub: the REST and GraphQL subset the sync uses, over an in-memory dataset, with GitHub's rate-limit
 * accounting, conditional requests and faults on demand. For tests, benchmarks, e2e and the demo; never used by
 * product code paths against real GitHub.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimDataset } from "./dataset";
import { FaultController, type FaultSpec } from "./faults";
import { handleGraphql } from "./graphql-endpoint";
import { RateLimits } from "./rate-limit";
import { handleRest, type RestReply } from "./rest-routes";

export interface StartSimulatorOptions {
  dataset: SimDataset;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Clock in epoch ms (rate-limit windows, posted status times). */
  now?: () => number;
  limits?: { core?: number; graphql?: number };
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** GraphQL points charged, for /graphql. */
  cost?: number;
  fault?: string;
  conditional?: boolean;
}

export interface PostedStatus {
  repo: string;
  sha: string;
  state: string;
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  at: string;
}

export interface Simulator {
  url: string;
  /** Where the GraphQL endpoint is (`${url}/graphql`). */
  graphqlUrl: string;
  dataset: SimDataset;
  faults: FaultController;
  requests: RequestLogEntry[];
  postedStatuses: PostedStatus[];
  /** Most requests ever in progress at once (a client's concurrency limit shows here). */
  peakInFlight(): number;
  stop(): Promise<void>;
}

export interface SimContext {
  dataset: SimDataset;
  api: string;
  limits: RateLimits;
  now: () => number;
  postedStatuses: PostedStatus[];
  etagCache: Map<string, string>;
}

export async function startSimulator(options: StartSimulatorOptions): Promise<Simulator> {
  const now = options.now ?? Date.now;
  const faults = new FaultController();
  const requests: RequestLogEntry[] = [];
  const postedStatuses: PostedStatus[] = [];
  const limits = new RateLimits({ core: options.limits?.core ?? 5000, graphql: options.limits?.graphql ?? 5000 }, now);
  const ctx: SimContext = { dataset: options.dataset, api: "", limits, now, postedStatuses, etagCache: new Map() };

  let inFlight = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    let done = false;
    const finish = () => {
      if (!done) inFlight -= 1;
      done = true;
    };
    res.once("close", finish);
    handle(ctx, faults, req, res, requests).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `simulator error: ${String(err)}` });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.address}:${addr.port}`;
  ctx.api = url;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    dataset: options.dataset,
    faults,
    requests,
    postedStatuses,
    peakInFlight: () => peak,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  ctx: SimContext,
  faults: FaultController,
  req: IncomingMessage,
  res: ServerResponse,
  log: RequestLogEntry[],
): Promise<void> {
  const url = new URL(req.url ?? "/", ctx.api);
  const method = req.method ?? "GET";
  const path = url.pathname.replace(/^\/api\/v3(?=\/)/, "");
  const entry: RequestLogEntry = { method, path, status: 0 };
  log.push(entry);
  const body = await readBody(req);

  const fault = faults.take(path);
  if (fault) {
    entry.fault = fault.kind;
    if (fault.kind === "slow") {
      await new Promise((r) => setTimeout(r, fault.delayMs ?? 50));
    } else {
      serveFault(ctx, fault, res, entry);
      return;
    }
  }

  const token = readToken(req.headers.authorization);
  const user = token ? ctx.dataset.tokens.find((t) => t.token === token) : undefined;
  if (!user) {
    entry.status = 401;
    send(res, 401, { message: token ? "Bad credentials" : "Requires authentication", documentation_url: "https://docs.github.com/rest", status: "401" });
    return;
  }

  let reply: RestReply;
  if (path === "/graphql" && method === "POST") {
    reply = handleGraphql(ctx, user, body, faults);
    entry.cost = reply.cost;
  } else {
    reply = handleRest(ctx, user, method, path, url.searchParams, body, req.headers["if-none-match"]);
    entry.conditional = reply.status === 304;
  }
  entry.status = reply.status;
  if (reply.raw !== undefined || reply.body === undefined) {
    res.writeHead(reply.status, reply.headers);
    res.end(reply.raw);
    return;
  }
  send(res, reply.status, reply.body, reply.headers);
}

function serveFault(ctx: SimContext, fault: FaultSpec, res: ServerResponse, entry: RequestLogEntry): void {
  const wait = fault.retryAfterSeconds ?? 1;
  switch (fault.kind) {
    case "status500":
      entry.status = 500;
      return send(res, 500, { message: "Server Error" });
    case "status502":
      entry.status = 502;
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    case "secondary":
      entry.status = 403;
      return send(
        res,
        403,
        { message: "You have exceeded a secondary rate limit; slow down and retry later.", documentation_url: "https://docs.github.com/rest" },
        { "retry-after": String(wait) },
      );
    case "status429":
      entry.status = 429;
      return send(res, 429, { message: "Too many requests" }, { "retry-after": String(wait) });
    case "primary": {
      entry.status = 403;
      const reset = Math.ceil(ctx.now() / 1000) + wait;
      return send(
        res,
        403,
        { message: "API rate limit exceeded for this token.", documentation_url: "https://docs.github.com/rest" },
        { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000", "x-ratelimit-reset": String(reset), "x-ratelimit-resource": "core" },
      );
    }
    case "reset":
      entry.status = -1;
      res.socket?.destroy();
      return;
    case "truncated": {
      entry.status = 200;
      const text = JSON.stringify({ data: { truncated: true, padding: "x".repeat(64) } });
      const cut = text.slice(0, Math.floor(text.length / 2));
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(cut)) });
      res.end(cut);
      return;
    }
    case "slow":
      return;
  }
}

function readToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
  return m ? m[1]! : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
