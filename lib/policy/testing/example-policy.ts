import { readFileSync } from "node:fs";
import { loadPolicy, type CompiledPolicy } from "..";

let cached: CompiledPolicy | null = null;

/** docs/example-policy.yaml, compiled (tests only: reads the file). */
export function examplePolicy(): CompiledPolicy {
  if (cached) return cached;
  const r = loadPolicy(readFileSync(new URL("../../../docs/example-policy.yaml", import.meta.url), "utf8"));
  if (!r.ok) throw new Error("example policy does not parse");
  cached = r.policy;
  return cached;
}
