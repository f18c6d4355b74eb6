import type { CompiledPolicy } from "@/lib/policy/compile";
import { parseProvenance } from "./provenance";
import type { AiVerdict, Change, Evidence } from "./types";

const CO_AUTHOR_KEYS = new Set(["co-authored-by", "co-author"]);
const AI_TRAILER_KEYS = new Set(["generated-by", "assisted-by", "ai-assisted-by", "ai-tool", "x-ai-tool", "agent"]);

/**
 * Whether agents wrote or co-wrote the change, with the evidence: co-author and agent trailers, agent commit
 * authors, bot logins, labels, branch prefixes, PR body markers and a provenance block. All rules come from the
 * policy (DEFAULT_AI_RULES unless it overrides them).
 */
export function detectAiOrigin(change: Change, policy: CompiledPolicy): AiVerdict {
  const rules = policy.ai;
  const tools = new Set<string>();
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  const add = (tool: string, e: Evidence) => {
    tools.add(tool);
    const key = `${e.kind}\u0000${e.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    evidence.push({ ...e, detail: e.detail ? `${tool}: ${e.detail}` : tool });
  };
  const toolOf = (text: string): string | null => rules.coAuthors.find((r) => r.re.test(text))?.tool ?? null;

  for (const commit of change.commits) {
    for (const t of commit.trailers) {
      const key = t.key.toLowerCase();
      if (CO_AUTHOR_KEYS.has(key)) {
        const tool = toolOf(t.value.trim());
        if (tool) add(tool, { kind: "trailer", value: `${t.key}: ${t.value}`, detail: `commit ${commit.sha.slice(0, 12)}` });
      } else if (AI_TRAILER_KEYS.has(key)) {
        add(toolOf(t.value.trim()) ?? t.value.trim(), { kind: "trailer", value: `${t.key}: ${t.value}`, detail: `commit ${commit.sha.slice(0, 12)}` });
      }
    }
    const authored = [commit.authorName && commit.authorEmail ? `${commit.authorName} <${commit.authorEmail}>` : commit.authorName ?? commit.authorEmail ?? ""]
      .filter(Boolean)[0];
    const loginTool = commit.authorLogin ? rules.botLogins.get(commit.authorLogin.toLowerCase()) : undefined;
    const authorTool = loginTool ?? (authored ? toolOf(authored) : null);
    if (authorTool) add(authorTool, { kind: "commit", value: commit.sha.slice(0, 12), detail: `authored by ${commit.authorLogin ?? authored}` });
    for (const marker of rules.bodyMarkers) {
      if (marker.re.test(commit.message)) add(marker.tool, { kind: "commit", value: commit.sha.slice(0, 12), detail: `message matches ${marker.re.source}` });
    }
  }

  const authorTool = rules.botLogins.get(change.author.login.toLowerCase());
  if (authorTool) add(authorTool, { kind: "author", value: change.author.login, detail: "agent account opened the change" });

  for (const label of change.labels) {
    if (rules.labels.has(label.toLowerCase())) add("unnamed agent", { kind: "label", value: label });
  }
  const branch = change.headRef.toLowerCase();
  for (const p of rules.branchPrefixes) {
    if (branch.startsWith(p.prefix)) add(p.tool, { kind: "branch", value: change.headRef, detail: `prefix ${p.prefix}` });
  }
  for (const marker of rules.bodyMarkers) {
    const m = marker.re.exec(change.body ?? "");
    if (m) add(marker.tool, { kind: "rule", value: `description mentions "${m[0]}"` });
  }

  const provenance = rules.provenance ? parseProvenance(change.body) : null;
  if (provenance) {
    add((provenance.tool && toolOf(provenance.tool)) ?? provenance.tool ?? "unnamed agent", {
      kind: "rule",
      value: "provenance block in the description",
      detail: [provenance.tool, provenance.model].filter(Boolean).join(", ") || undefined,
    });
  }
  // A named tool makes "unnamed agent" redundant.
  if (tools.size > 1) tools.delete("unnamed agent");
  return { aiOrigin: evidence.length > 0, tools: [...tools].sort(), evidence, provenance };
}
