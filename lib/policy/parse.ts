import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type { core } from "zod";
import { policySchema, type PolicyDocument } from "./schema";

export interface PolicyError {
  line: number;
  column: number;
  /** Field path as users read it, e.g. `services[2].tier`; empty for the document itself. */
  path: string;
  message: string;
}

export type PolicyParseResult =
  | { ok: true; policy: PolicyDocument; errors: [] }
  | { ok: false; policy: null; errors: PolicyError[] };

export function formatPolicyError(e: PolicyError): string {
  return `line ${e.line}, column ${e.column}: ${e.path ? `${e.path}: ` : ""}${e.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/**
 * Parses and validates a policy document. Every problem is reported (YAML syntax first; schema problems only when
 * the YAML itself is well-formed), each with the line and column of the offending node.
 */
export function parsePolicy(text: string): PolicyParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors.map((e) => {
    const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    return { line: pos.line, column: pos.col, path: "", message: e.message.split("\n")[0]! };
  });
  if (syntax.length) return { ok: false, policy: null, errors: syntax };

  const data = doc.toJS() ?? {};
  const result = policySchema.safeParse(data);
  if (result.success) return { ok: true, policy: result.data, errors: [] };

  const errors = flattenIssues(result.error.issues).map((issue) => {
    const { node, key, found } = locate(doc.contents as YamlNode | null, issue.path, issue.code === "unrecognized_keys" ? issue.keys : undefined);
    const offset = key?.range?.[0] ?? node?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    const path = issue.code === "unrecognized_keys"
      ? formatPath([...issue.path, issue.keys[0]!])
      : formatPath(issue.path);
    const message = issue.code === "unrecognized_keys"
      ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`
      : !found || (issue.code === "invalid_type" && issue.input === undefined)
        ? "required field is missing"
        : issue.message;
    return { line: pos.line, column: pos.col, path, message };
  });
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, policy: null, errors };
}

type Issue = core.$ZodIssue & { keys?: string[] };

/** A union that failed everywhere reports the branch closest to what the user wrote. */
function flattenIssues(issues: readonly core.$ZodIssue[], prefix: PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length) {
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
      if (depth(best) > 0) {
        out.push(...flattenIssues(best, path));
        continue;
      }
    }
    out.push({ ...issue, path } as Issue);
  }
  return out;
}

function depth(issues: readonly core.$ZodIssue[]): number {
  return issues.reduce((m, i) => Math.max(m, i.path.length), 0);
}

interface Located {
  node: YamlNode | null;
  key: YamlNode | null;
  found: boolean;
}

function locate(root: YamlNode | null, path: readonly PropertyKey[], keys?: string[]): Located {
  let node: YamlNode | null = root;
  let key: YamlNode | null = null;
  for (const seg of path) {
    const next = child(node, seg);
    if (!next) return { node, key: null, found: false };
    node = next.value;
    key = next.key;
  }
  if (keys?.length && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === keys[0]);
    if (pair && isPair(pair)) return { node, key: pair.key as YamlNode, found: true };
  }
  // A null value points at its key; anything else at the value itself.
  return { node, key: node ? null : key, found: true };
}

function child(node: YamlNode | null, seg: PropertyKey): { key: YamlNode | null; value: YamlNode | null } | null {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
    if (!pair) return null;
    return { key: pair.key as YamlNode, value: (pair.value as YamlNode | null) ?? (pair.key as YamlNode) };
  }
  if (isSeq(node) && typeof seg === "number") {
    const item = node.items[seg] as YamlNode | undefined;
    return item ? { key: null, value: item } : null;
  }
  return null;
}
