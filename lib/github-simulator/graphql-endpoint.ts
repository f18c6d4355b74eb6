import { GraphQLError, execute, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import type { SimToken } from "./dataset";
import type { FaultController } from "./faults";
import { computeQueryCost } from "./graphql-cost";
import { createRootValue } from "./graphql-resolvers";
import { githubSchema } from "./graphql-schema";
import { reposVisibleTo, type RestReply } from "./rest-routes";
import type { SimContext } from "./server";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

/**
 * Parsed and validated documents by query text. A client sends the same few queries over and over; validation
 * against GitHub's schema is the costly part and its answer cannot change for the same text, so it runs once per
 * distinct query (a rejected query is parsed and rejected again each time, as GitHub does).
 */
const validDocuments = new Map<string, DocumentNode>();
const MAX_CACHED_DOCUMENTS = 256;

function parseAndValidate(schema: GraphQLSchema, query: string): { doc: DocumentNode } | { errors: Record<string, unknown>[] } {
  const cached = validDocuments.get(query);
  if (cached) return { doc: cached };
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch (err) {
    return { errors: [formatError(err as GraphQLError)] };
  }
  const invalid = validate(schema, doc);
  if (invalid.length) return { errors: invalid.map(formatError) };
  if (validDocuments.size >= MAX_CACHED_DOCUMENTS) validDocuments.clear();
  validDocuments.set(query, doc);
  return { doc };
}

/** The prefix GitHub uses for a query that timed out; Octokit's retry plugin recognises it. */
export const GITHUB_TIMEOUT_MESSAGE = "Something went wrong while executing your query. This may be the result of a timeout.";

export function handleGraphql(ctx: SimContext, token: SimToken, rawBody: string, faults: FaultController): RestReply {
  const schema = githubSchema();
  const rl = () => ctx.limits.headers(token.token, "graphql");
  const answer = (body: unknown, status = 200, cost = 0): RestReply => ({
    status,
    raw: JSON.stringify(body),
    headers: { ...JSON_HEADERS, ...rl() },
    cost,
  });

  let request: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    request = JSON.parse(rawBody) as typeof request;
  } catch {
    return answer({ message: "Problems parsing JSON", documentation_url: "https://docs.github.com/graphql" }, 400);
  }
  if (typeof request.query !== "string") {
    return answer({ errors: [{ message: "A query attribute must be specified and must be a string." }] });
  }
  const variables = (request.variables && typeof request.variables === "object" ? request.variables : {}) as Record<string, unknown>;
  const operationName = typeof request.operationName === "string" ? request.operationName : null;

  const parsed = parseAndValidate(schema, request.query);
  if ("errors" in parsed) return answer({ errors: parsed.errors });
  const { doc } = parsed;

  const cost = computeQueryCost(schema, doc, variables, operationName);
  if (cost.errors.length) {
    return answer({ errors: cost.errors.map((message) => ({ type: cost.nodes > 500_000 ? "MAX_NODE_LIMIT_EXCEEDED" : "EXCESSIVE_PAGINATION", message })) });
  }

  const heavy = faults.takeHeavy(cost.topPage);
  if (heavy === "502") {
    return { status: 502, raw: JSON.stringify({ message: "Server Error" }), headers: JSON_HEADERS };
  }
  if (heavy === "timeout") {
    return answer({ data: null, errors: [{ message: `${GITHUB_TIMEOUT_MESSAGE} Request id: sim-${ctx.now()}` }] });
  }

  if (!ctx.limits.charge(token.token, "graphql", cost.cost)) {
    return answer({ errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded for this token." }] }, 403);
  }
  const bucket = ctx.limits.bucket(token.token, "graphql");
  const rate = {
    cost: cost.cost,
    limit: bucket.limit,
    remaining: bucket.limit - bucket.used,
    used: bucket.used,
    resetAt: new Date(bucket.reset * 1000).toISOString(),
    nodeCount: cost.nodes,
  };
  const visible = new Set(reposVisibleTo(ctx.dataset, token));
  const rootValue = createRootValue(ctx.dataset, (r) => visible.has(r), token.login, rate);
  const result = execute({ schema, document: doc, rootValue, variableValues: variables, operationName });
  if (result instanceof Promise) throw new Error("resolvers are synchronous");
  const body: { data?: unknown; errors?: unknown[] } = { data: result.data ?? null };
  if (result.errors?.length) body.errors = result.errors.map(formatError);
  return answer(body, 200, cost.cost);
}

function formatError(err: GraphQLError): Record<string, unknown> {
  const out: Record<string, unknown> = { message: err.message };
  const type = (err.originalError as { githubType?: string } | undefined)?.githubType;
  if (type) out.type = type;
  if (err.locations) out.locations = err.locations;
  if (err.path) out.path = err.path;
  return out;
}
