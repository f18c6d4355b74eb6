import { describe, expect, it } from "vitest";
import { defaultCompiledPolicy } from "@/lib/policy/compile";
import { detectAiOrigin } from "./ai-origin";
import { parseProvenance } from "./provenance";
import { makeChange } from "./testing/make-change";
import type { Change } from "./types";

const detect = (over: Partial<Change>) => detectAiOrigin(makeChange(over), defaultCompiledPolicy());
const withTrailer = (key: string, value: string): Partial<Change> => ({ commits: [{ sha: "a".repeat(40), message: "x", trailers: [{ key, value }] }] });

describe("AI origin", () => {
  it.each<[string, Partial<Change>, string[]]>([
    ["human work", {}, []],
    ["Claude co-author", withTrailer("Co-authored-by", "Claude <noreply@anthropic.com>"), ["Claude"]],
    ["odd-case trailer key", withTrailer("CO-AUTHORED-BY", "Claude Opus 4.7 (1M context) <noreply@anthropic.com>"), ["Claude"]],
    ["Cursor Agent", withTrailer("co-authored-by", "Cursor Agent <cursoragent@cursor.com>"), ["Cursor"]],
    ["Copilot", withTrailer("Co-authored-by", "Copilot <175728472+Copilot@users.noreply.github.com>"), ["Copilot"]],
    ["Devin", withTrailer("Co-authored-by", "Devin AI <158243242+devin-ai-integration[bot]@users.noreply.github.com>"), ["Devin"]],
    ["Gemini", withTrailer("Co-authored-by", "gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>"), ["Gemini"]],
    ["Amazon Q", withTrailer("Co-authored-by", "amazon-q-developer[bot] <x@users.noreply.github.com>"), ["Amazon Q"]],
    ["Windsurf", withTrailer("Co-authored-by", "Windsurf <noreply@windsurf.com>"), ["Windsurf"]],
    ["Codex", withTrailer("Co-authored-by", "chatgpt-codex-connector[bot] <x@users.noreply.github.com>"), ["Codex"]],
    ["Jules", withTrailer("Co-authored-by", "google-labs-jules[bot] <x@users.noreply.github.com>"), ["Jules"]],
    ["Aider via author name", { commits: [{ sha: "b".repeat(40), message: "x", trailers: [], authorName: "Paul (aider)", authorEmail: "p@x.io" }] }, ["Aider"]],
    ["a human co-author is not an agent", withTrailer("Co-authored-by", "Claude Monet <claude@example.com>"), []],
    ["Assisted-by trailer", withTrailer("Assisted-by", "Some Tool 2"), ["Some Tool 2"]],
    ["bot author", { author: { login: "devin-ai-integration[bot]", type: "Bot" } }, ["Devin"]],
    ["an unrelated bot is not an agent", { author: { login: "dependabot[bot]", type: "Bot" } }, []],
    ["label", { labels: ["AI-Generated"] }, ["unnamed agent"]],
    ["branch prefix", { headRef: "copilot/fix-login" }, ["Copilot"]],
    ["body marker", { body: "🤖 Generated with [Claude Code](https://claude.ai/code)" }, ["Claude"]],
  ])("%s → %j", (_n, over, tools) => {
    const v = detect(over);
    expect(v.tools).toEqual(tools);
    expect(v.aiOrigin).toBe(tools.length > 0);
    if (tools.length) expect(v.evidence.length).toBeGreaterThan(0);
  });

  it("reads a provenance block and records it", () => {
    const body = "Adds refunds.\n\n<!-- provenance\ntool: Claude Code\nmodel: claude-opus-4\nsession: 7f3c\nprompt: add partial refunds\nreviewer: @alice\nrisk_area: payments\nverification:\n  - unit tests\n  - refund in staging\n-->\n";
    const v = detect({ body });
    expect(v.aiOrigin).toBe(true);
    expect(v.tools).toEqual(["Claude"]);
    expect(v.provenance).toEqual({
      tool: "Claude Code", model: "claude-opus-4", sessionId: "7f3c", promptSummary: "add partial refunds",
      reviewer: "@alice", riskArea: "payments", verification: ["unit tests", "refund in staging"],
    });
  });

  it("parses a fenced provenance block with a ;-separated verification", () => {
    expect(parseProvenance("```provenance\nTool: Cursor\nVerification: e2e; manual\n```")).toEqual({ tool: "Cursor", verification: ["e2e", "manual"] });
    expect(parseProvenance("no block here")).toBeNull();
  });
});
