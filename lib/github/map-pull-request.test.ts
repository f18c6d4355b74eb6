import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GATE_CONTEXT } from "./commit-status";
import { mapActor, mapChecks, mapPullRequest, mapRestFile, needsRestFiles } from "./map-pull-request";
import type { GqlPullRequest } from "./pull-request-query";
import { parseTrailers } from "./trailers";

const base: GqlPullRequest = {
  number: 12,
  title: "Add refunds",
  body: "",
  url: "https://github.com/acme/pay/pull/12",
  state: "MERGED",
  isDraft: false,
  createdAt: "2026-01-01T10:00:00Z",
  updatedAt: "2026-01-02T10:00:00Z",
  mergedAt: "2026-01-02T10:00:00Z",
  closedAt: "2026-01-02T10:00:00Z",
  baseRefName: "main",
  headRefName: "claude/refunds",
  headRefOid: "h1",
  changedFiles: 1,
  author: { __typename: "Bot", login: "copilot-swe-agent" },
  mergedBy: { __typename: "User", login: "dana" },
  mergeCommit: { oid: "m1" },
  labels: { nodes: [{ name: "ai-assisted" }, null] },
  files: { pageInfo: { hasNextPage: false }, nodes: [{ path: "a.ts", additions: 3, deletions: 1, changeType: "DELETED" }] },
  commits: { totalCount: 1, nodes: [{ commit: { oid: "h1", message: "Add\n\nCo-authored-by: Claude <noreply@anthropic.com>", committedDate: "2026-01-01T09:00:00Z", author: { name: "Dana", email: "d@x", user: { login: "dana" } } } }] },
  reviews: { nodes: [{ author: { __typename: "User", login: "lee" }, state: "APPROVED", submittedAt: "2026-01-02T09:00:00Z", commit: { oid: "h0" } }] },
  reviewRequests: { nodes: [{ requestedReviewer: { __typename: "Team", combinedSlug: "acme/payments" } }, { requestedReviewer: { __typename: "User", login: "kim" } }] },
  statusCheckRollup: {
    contexts: {
      nodes: [
        { __typename: "CheckRun", name: "ci", status: "COMPLETED", conclusion: "STARTUP_FAILURE" },
        { __typename: "CheckRun", name: "e2e", status: "IN_PROGRESS", conclusion: null },
        { __typename: "StatusContext", context: "scan", state: "EXPECTED" },
      ],
    },
  },
};

describe("mapPullRequest", () => {
  it("maps a GraphQL pull request to the Change contract", () => {
    const c = mapPullRequest(base, { repo: "acme/pay" });
    expect(c.author).toEqual({ login: "copilot-swe-agent[bot]", type: "Bot" });
    expect(c.state).toBe("merged");
    expect(c.files).toEqual([{ path: "a.ts", previousPath: null, status: "removed", additions: 3, deletions: 1 }]);
    expect(c.commits[0]!.trailers).toEqual([{ key: "Co-authored-by", value: "Claude <noreply@anthropic.com>" }]);
    expect(c.reviews).toEqual([{ reviewer: "lee", reviewerType: "User", state: "APPROVED", submittedAt: "2026-01-02T09:00:00Z", commitSha: "h0" }]);
    expect(c.requestedReviewers).toEqual(["acme/payments", "kim"]);
    expect(c.checks).toEqual([
      { name: "ci", conclusion: "failure" },
      { name: "e2e", conclusion: "pending" },
      { name: "scan", conclusion: "pending" },
    ]);
    expect(c.labels).toEqual(["ai-assisted"]);
    expect(c.filesTruncated).toBeNull();
  });

  it("knows there were no checks when the rollup is absent, and names a deleted author", () => {
    const c = mapPullRequest({ ...base, statusCheckRollup: null, author: null, mergedBy: null, state: "OPEN" }, { repo: "acme/pay" });
    expect(c.checks).toEqual([]);
    expect(c.author).toEqual({ login: "ghost", type: "User" });
    expect(c.state).toBe("open");
  });

  it("prefers REST files and marks truncation at the 3,000 cap", () => {
    const files = Array.from({ length: 3000 }, (_, i) => ({ path: `f${i}`, previousPath: null, status: "modified" as const, additions: 1, deletions: 0 }));
    const c = mapPullRequest({ ...base, changedFiles: 3100 }, { repo: "acme/pay", restFiles: files });
    expect(c.files).toHaveLength(3000);
    expect(c.filesTruncated?.totalFiles).toBe(3100);
    expect(needsRestFiles({ changedFiles: 101, files: base.files })).toBe(true);
    expect(needsRestFiles(base)).toBe(false);
  });

  it("maps REST files with the previous path of renames", () => {
    expect(mapRestFile({ filename: "b.ts", previous_filename: "a.ts", status: "renamed", additions: 0, deletions: 0 })).toEqual({ path: "b.ts", previousPath: "a.ts", status: "renamed", additions: 0, deletions: 0 });
    expect(mapRestFile({ filename: "c.ts", status: "unchanged", additions: 0, deletions: 0 }).status).toBe("modified");
  });

  it("keeps a bot login that already carries the suffix", () => {
    expect(mapActor({ __typename: "Bot", login: "dependabot[bot]" }).login).toBe("dependabot[bot]");
    expect(mapChecks(null)).toEqual([]);
  });

  it("leaves the merge gate's own status out of the checks it scores", () => {
    const rollup = {
      contexts: {
        nodes: [
          { __typename: "StatusContext", context: "ci/build", state: "SUCCESS" },
          { __typename: "StatusContext", context: GATE_CONTEXT, state: "FAILURE" },
        ],
      },
    } as unknown as Parameters<typeof mapChecks>[0];
    expect(mapChecks(rollup)).toEqual([{ name: "ci/build", conclusion: "success" }]);
  });
});

describe("parseTrailers", () => {
  it("reads the trailer block of the last paragraph", () => {
    const msg = "Fix rounding\n\nLonger text: not a trailer here.\nSecond line.\n\nCo-authored-by: Claude <noreply@anthropic.com>\nSigned-off-by: Dana <d@x>\nRefs: PAY-12";
    expect(parseTrailers(msg)).toEqual([
      { key: "Co-authored-by", value: "Claude <noreply@anthropic.com>" },
      { key: "Signed-off-by", value: "Dana <d@x>" },
      { key: "Refs", value: "PAY-12" },
    ]);
  });

  it("ignores a subject-only message and a prose last paragraph", () => {
    expect(parseTrailers("Fix: a bug")).toEqual([]);
    expect(parseTrailers("Fix\n\nThis reverts commit abc.\nMore prose")).toEqual([]);
  });

  it("joins continuation lines and tolerates CRLF", () => {
    expect(parseTrailers("S\r\n\r\nNote: first\r\n  second")).toEqual([{ key: "Note", value: "first second" }]);
  });

  it("never throws and only returns well-formed keys", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        for (const t of parseTrailers(s)) expect(t.key).toMatch(/^[A-Za-z0-9][A-Za-z0-9-]*$/);
      }),
    );
  });
});
