import { compilePolicy, type CompiledPolicy } from "./compile";
import { parsePolicy, type PolicyError } from "./parse";
import { policyVersionOf } from "./version";

export type LoadedPolicy =
  | { ok: true; policy: CompiledPolicy; version: string; errors: [] }
  | { ok: false; policy: null; version: string; errors: PolicyError[] };

/** Parse, validate and compile a policy text; its version is the sha256 of the text. */
export function loadPolicy(text: string): LoadedPolicy {
  const version = policyVersionOf(text);
  const parsed = parsePolicy(text);
  if (!parsed.ok) return { ok: false, policy: null, version, errors: parsed.errors };
  return { ok: true, policy: compilePolicy(parsed.policy, version), version, errors: [] };
}
