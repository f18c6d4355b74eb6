import { Document, isMap, parseDocument } from "yaml";
import { formatPolicyError, loadPolicy, parsePolicy, type PolicyError } from "@/lib/policy";
import { SIGNAL_NAMES } from "@/lib/scoring";
import type { ScoreParams } from "./rows";

/**
 * The `weights` and `ai.multipliers` sections of a policy holding `params`, every signal written out, as YAML.
 * Valid on its own (a policy with only these sections is the default policy with these weights).
 */
export function policyFragment(params: ScoreParams, comment?: string): string {
  const doc = new Document({
    weights: Object.fromEntries(SIGNAL_NAMES.map((n) => [n, params.weights[n]])),
    ai: { multipliers: Object.fromEntries(SIGNAL_NAMES.map((n) => [n, params.multipliers[n]])) },
  });
  if (comment) doc.commentBefore = comment.split("\n").map((l) => ` ${l}`).join("\n");
  for (const key of ["weights", "ai"]) {
    const node = doc.get(key, true);
    if (isMap(node)) node.flow = key === "weights";
  }
  const multipliers = doc.getIn(["ai", "multipliers"], true);
  if (isMap(multipliers)) multipliers.flow = true;
  return doc.toString({ lineWidth: 0 });
}

export type AdoptResult =
  | { ok: true; text: string; version: string; errors: [] }
  | { ok: false; text: string; version: string; errors: PolicyError[]; message: string };

/**
 * A new policy text: `policyText` (the version in force; "" for the default policy) with its weights and AI
 * multipliers replaced by `params`, everything else (comments included) kept. Validated by lib/policy exactly as
 * an admin's edit would be; the caller stores it as a new policy version when ok.
 */
export function adoptParams(policyText: string, params: ScoreParams): AdoptResult {
  const doc = policyText.trim() ? parseDocument(policyText) : new Document({});
  if (doc.errors.length || (doc.contents !== null && !isMap(doc.contents))) {
    const parsed = parsePolicy(policyText);
    const errors = parsed.ok ? [{ line: 1, column: 1, path: "", message: "the policy is not a YAML mapping" }] : parsed.errors;
    return { ok: false, text: policyText, version: "", errors, message: errors.map(formatPolicyError).join("\n") };
  }
  if (doc.contents === null) doc.contents = doc.createNode({});
  for (const n of SIGNAL_NAMES) {
    doc.setIn(["weights", n], params.weights[n]);
    doc.setIn(["ai", "multipliers", n], params.multipliers[n]);
  }
  const text = doc.toString({ lineWidth: 0 });
  const loaded = loadPolicy(text);
  if (!loaded.ok) return { ok: false, text, version: loaded.version, errors: loaded.errors, message: loaded.errors.map(formatPolicyError).join("\n") };
  return { ok: true, text, version: loaded.version, errors: [] };
}

/** Whether a fragment is a valid policy document (schema and all); the errors when not. */
export function validateFragment(fragment: string): PolicyError[] {
  const parsed = parsePolicy(fragment);
  return parsed.ok ? [] : parsed.errors;
}
