/**
 * GitHub's published GraphQL resource rules, applied to a parsed query:
 * - every connection must carry `first` or `last`, between 1 and 100;
 * - a call may not ask for more than 500,000 nodes (each connection's limit times its parents' limits);
 * - the rate-limit cost is the number of requests needed to fill every connection, assuming each reaches its
 *   `first`/`last`, divided by 100, rounded, with a minimum of 1 point.
 */
import {
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const NODE_LIMIT = 500_000;
export const MAX_PAGE = 100;

export interface QueryCost {
  /** Points charged against the hourly budget. */
  cost: number;
  /** Sum of requests over all connections (before dividing by 100). */
  requests: number;
  nodes: number;
  /** Largest page asked of a top-level connection (what makes a page "heavy"). */
  topPage: number;
  errors: string[];
}

export function selectOperation(doc: DocumentNode, operationName?: string | null): OperationDefinitionNode | null {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return ops.find((o) => o.name?.value === operationName) ?? null;
  return ops.length === 1 ? ops[0]! : null;
}

export function computeQueryCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string | null,
): QueryCost {
  const op = selectOperation(doc, operationName);
  const result: QueryCost = { cost: 1, requests: 0, nodes: 0, topPage: 0, errors: [] };
  if (!op) return result;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = op.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return result;

  const walk = (set: SelectionSetNode, type: GraphQLNamedType, multiplier: number, seen: Set<string>): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        if (cond) walk(sel.selectionSet, cond, multiplier, seen);
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (!frag || seen.has(frag.name.value)) continue;
        const cond = schema.getType(frag.typeCondition.name.value);
        if (cond) walk(frag.selectionSet, cond, multiplier, new Set([...seen, frag.name.value]));
      } else {
        visitField(sel, type, multiplier, seen);
      }
    }
  };

  const visitField = (node: FieldNode, parent: GraphQLNamedType, multiplier: number, seen: Set<string>): void => {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return;
    const def = parent.getFields()[node.name.value];
    if (!def || !node.selectionSet) return;
    const returned = getNamedType(def.type);
    let childMultiplier = multiplier;
    if (isConnection(def, returned)) {
      const limit = pageLimit(node, def, variables, result.errors);
      result.requests += multiplier;
      result.nodes += multiplier * limit;
      if (multiplier === 1) result.topPage = Math.max(result.topPage, limit);
      childMultiplier = multiplier * limit;
    }
    walk(node.selectionSet, returned, childMultiplier, seen);
  };

  walk(op.selectionSet, root, 1, new Set());
  if (result.nodes > NODE_LIMIT) {
    result.errors.push(`This query requests up to ${result.nodes} nodes, above the limit of ${NODE_LIMIT}.`);
  }
  result.cost = Math.max(1, Math.round(result.requests / 100));
  return result;
}

function isConnection(def: GraphQLField<unknown, unknown>, returned: GraphQLNamedType): boolean {
  return returned.name.endsWith("Connection") && def.args.some((a) => a.name === "first" || a.name === "last");
}

function pageLimit(
  node: FieldNode,
  def: GraphQLField<unknown, unknown>,
  variables: Record<string, unknown>,
  errors: string[],
): number {
  const read = (name: "first" | "last"): number | null => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    const argDef = def.args.find((a) => a.name === name);
    if (!arg || !argDef) return null;
    const v = valueFromAST(arg.value, argDef.type, variables);
    return typeof v === "number" ? v : null;
  };
  const first = read("first");
  const last = read("last");
  const field = node.name.value;
  if (first === null && last === null) {
    errors.push(`The \`${field}\` connection needs a \`first\` or \`last\` argument to be paginated.`);
    return 1;
  }
  for (const [name, v] of [["first", first], ["last", last]] as const) {
    if (v !== null && (v < 1 || v > MAX_PAGE)) {
      errors.push(`\`${name}: ${v}\` on the \`${field}\` connection is outside the allowed range 1 to ${MAX_PAGE}.`);
    }
  }
  return Math.max(first ?? 0, last ?? 0, 1);
}
