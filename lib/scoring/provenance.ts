import type { Provenance } from "./types";

/**
 * The provenance block a PR body may carry, as an HTML comment (invisible on GitHub) or a fenced block:
 *
 *   <!-- provenance                      ```provenance
 *   tool: Claude Code                    tool: Cursor
 *   model: claude-opus-4                 …
 *   session: 7f3c…                       ```
 *   prompt: Add partial refunds
 *   reviewer: @alice
 *   risk_area: payments
 *   verification:
 *     - unit tests
 *     - refund in staging
 *   -->
 *
 * Keys are case-insensitive; `verification` takes a list or a `;`-separated line. Returns null without a block.
 */
const BLOCK = /<!--\s*(?:ai[-_ ])?provenance\b([\s\S]*?)-->|```\s*(?:ai[-_ ])?provenance[^\n]*\n([\s\S]*?)```/i;

const KEYS: Record<string, keyof Provenance> = {
  tool: "tool",
  agent: "tool",
  model: "model",
  session: "sessionId",
  session_id: "sessionId",
  sessionid: "sessionId",
  prompt: "promptSummary",
  prompt_summary: "promptSummary",
  reviewer: "reviewer",
  reviewed_by: "reviewer",
  risk_area: "riskArea",
  risk: "riskArea",
  verification: "verification",
  verified_by: "verification",
};

export function parseProvenance(body: string | null | undefined): Provenance | null {
  if (!body) return null;
  const m = BLOCK.exec(body);
  if (!m) return null;
  const text = m[1] ?? m[2] ?? "";
  const out: Provenance = {};
  let listKey: "verification" | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const item = /^[-*]\s+(.+)$/.exec(line);
    if (item && listKey) {
      (out.verification ??= []).push(item[1]!.trim());
      continue;
    }
    const kv = /^([A-Za-z][\w -]*?)\s*:\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = KEYS[kv[1]!.toLowerCase().replace(/[ -]/g, "_")];
    listKey = null;
    if (!key) continue;
    const value = kv[2]!.trim();
    if (key === "verification") {
      listKey = "verification";
      const parts = value.split(";").map((s) => s.trim()).filter(Boolean);
      if (parts.length) out.verification = [...(out.verification ?? []), ...parts];
    } else if (value) {
      out[key] = value;
    }
  }
  return Object.keys(out).length ? out : null;
}
