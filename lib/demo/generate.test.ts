import { describe, expect, it } from "vitest";
import { parseTrailers } from "@/lib/github/trailers";
import { generateDemoOrganisation } from "./generate";
import { formatProvenanceBlock, parseProvenanceBlock } from "./provenance";
import { DEMO_SERVICES } from "./catalog";

const NOW = "2026-05-01T12:00:00Z";
const demo = generateDemoOrganisation({ now: NOW });
const prs = demo.dataset.repos.flatMap((r) => r.pullRequests);
const merged = prs.filter((p) => p.state === "merged");

describe("generateDemoOrganisation", () => {
  it("is deterministic for a seed and a now, and differs for another seed", () => {
    expect(JSON.stringify(generateDemoOrganisation({ now: NOW }).dataset)).toBe(JSON.stringify(demo.dataset));
    expect(JSON.stringify(generateDemoOrganisation({ now: NOW, seed: 7 }).dataset)).not.toBe(JSON.stringify(demo.dataset));
  });

  it("covers 120 days with at least 1,500 merged changes and open pull requests", () => {
    expect(merged.length).toBeGreaterThanOrEqual(1500);
    const times = merged.map((p) => Date.parse(p.mergedAt!));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse(NOW));
    expect(Date.parse(NOW) - Math.min(...times)).toBeGreaterThan(110 * 86_400_000);
    expect(prs.filter((p) => p.state === "open").length).toBeGreaterThan(20);
  });

  it("numbers pull requests per repository in creation order, with unique ids", () => {
    for (const repo of demo.dataset.repos) {
      const numbers = repo.pullRequests.map((p) => p.number);
      expect(new Set(numbers).size).toBe(numbers.length);
      for (let i = 1; i < repo.pullRequests.length; i++) expect(repo.pullRequests[i]!.createdAt >= repo.pullRequests[i - 1]!.createdAt).toBe(true);
    }
    expect(new Set(prs.map((p) => p.id)).size).toBe(prs.length);
  });

  it("keeps every pull request internally consistent", () => {
    for (const p of prs) {
      expect(p.headSha).toBe(p.commits.at(-1)!.sha);
      expect(p.files.length).toBeGreaterThan(0);
      expect(p.updatedAt >= p.createdAt).toBe(true);
      if (p.state === "merged") expect(p.mergedAt! >= p.createdAt && p.mergeSha && p.mergedBy).toBeTruthy();
      else expect(p.mergeSha).toBeNull();
    }
  });

  it("has 40+ engineers including the demo sign-ins as authors, reviewers, requested reviewers and owners", () => {
    expect(demo.engineers.length).toBeGreaterThanOrEqual(40);
    for (const login of ["demo-engineer", "demo-admin"]) {
      expect(prs.some((p) => p.author === login)).toBe(true);
      expect(prs.some((p) => p.reviews.some((r) => r.reviewer === login))).toBe(true);
      expect(demo.dataset.repos.some((r) => r.codeowners?.content.includes(`@${login}`))).toBe(true);
    }
    expect(prs.some((p) => p.state === "open" && p.requestedReviewers.includes("demo-engineer"))).toBe(true);
  });

  it("has a realistic share of agent work, with every kind of evidence", () => {
    const coAuthored = merged.filter((p) => p.commits.some((c) => parseTrailers(c.message).some((t) => /^co-authored-by$/i.test(t.key) && /Claude|Copilot|Cursor|Codex|Devin/.test(t.value))));
    const share = coAuthored.length / merged.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.5);
    expect(prs.some((p) => p.author === "copilot-swe-agent[bot]")).toBe(true);
    expect(prs.some((p) => p.author === "dependabot[bot]")).toBe(true);
    expect(prs.some((p) => /^(claude|codex|cursor)\//.test(p.headRef))).toBe(true);
    expect(prs.some((p) => p.labels.includes("ai-assisted") || p.labels.includes("ai-generated"))).toBe(true);
    const withBlock = prs.filter((p) => parseProvenanceBlock(p.body));
    expect(withBlock.length).toBeGreaterThan(50);
    expect(parseProvenanceBlock(withBlock[0]!.body)?.tool).toBeTruthy();
  });

  it("has review gaps, failing or missing checks, reverts and fixes", () => {
    expect(merged.some((p) => !p.reviews.some((r) => r.state === "APPROVED"))).toBe(true);
    expect(merged.some((p) => p.reviews.some((r) => r.state === "APPROVED" && r.commitSha !== p.headSha))).toBe(true);
    expect(merged.some((p) => p.checks.some((c) => c.conclusion === "failure"))).toBe(true);
    const reverts = merged.filter((p) => p.title.startsWith('Revert "'));
    expect(reverts.length).toBeGreaterThan(15);
    for (const r of reverts) {
      const sha = /This reverts commit ([0-9a-f]{40})\./.exec(r.commits[0]!.message)?.[1];
      expect(merged.some((p) => p.mergeSha === sha)).toBe(true);
    }
    expect(merged.filter((p) => /regression from #\d+/.test(p.title)).length).toBeGreaterThan(30);
    expect(merged.some((p) => p.files.length > 3000)).toBe(true);
  });

  it("touches every listed service", () => {
    for (const s of DEMO_SERVICES) {
      const prefix = s.paths[0]!.replace(/\*\*$/, "");
      const repo = demo.dataset.repos.find((r) => r.name === s.repo)!;
      expect(repo.pullRequests.some((p) => p.files.some((f) => f.path.startsWith(prefix)))).toBe(true);
    }
  });

  it("rejects a missing now", () => {
    expect(() => generateDemoOrganisation({ now: "yesterday" })).toThrow(/now/);
  });
});

describe("provenance block", () => {
  it("round-trips", () => {
    const p = { tool: "Claude", model: "m", sessionId: "s1", promptSummary: "add refunds", reviewer: "dana", riskArea: "payments", verification: ["unit tests", "staging"] };
    expect(parseProvenanceBlock(`Intro\n\n${formatProvenanceBlock(p)}\n`)).toEqual(p);
    expect(parseProvenanceBlock("no block")).toBeNull();
  });
});
