/**
 * The provenance block an agent (or its operator) leaves in a pull request body: an HTML comment, invisible
 * on GitHub, with one `key: value` per line. Format documented in docs/github.md.
 */
import type { Provenance } from "@/lib/scoring/types";

const START = "<!-- risk-ledger:provenance";
const END = "-->";

const KEYS: Array<[string, keyof Provenance]> = [
  ["tool", "tool"],
  ["model", "model"],
  ["session", "sessionId"],
  ["prompt", "promptSummary"],
  ["reviewer", "reviewer"],
  ["risk-area", "riskArea"],
  ["verification", "verification"],
];

export function formatProvenanceBlock(p: Provenance): string {
  const lines = [START];
  for (const [key, field] of KEYS) {
    const v = p[field];
    if (v === undefined) continue;
    lines.push(`${key}: ${Array.isArray(v) ? v.join("; ") : v}`);
  }
  lines.push(END);
  return lines.join("\n");
}

export function parseProvenanceBlock(body: string): Provenance | null {
  const start = body.indexOf(START);
  if (start < 0) return null;
  const end = body.indexOf(END, start + START.length);
  if (end < 0) return null;
  const out: Provenance = {};
  for (const line of body.slice(start + START.length, end).split("\n")) {
    const m = /^\s*([a-z-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const field = KEYS.find(([k]) => k === m[1])?.[1];
    if (!field || !m[2]) continue;
    if (field === "verification") out.verification = m[2].split(";").map((s) => s.trim()).filter(Boolean);
    else out[field] = m[2];
  }
  return out;
}
