import { defaultCompiledPolicy } from "@/lib/policy/compile";
import type { ScoreContext } from "../context";
import type { Change, ChangeFile, ChangeReview, HistorySummary } from "../types";

/** A merged, reviewed-by-nobody-known change with neutral defaults; override what a test is about. */
export function makeChange(over: Partial<Change> = {}): Change {
  return {
    repo: "acme/platform",
    number: 101,
    title: "Update handler",
    body: "",
    url: null,
    state: "merged",
    author: { login: "alice", type: "User" },
    createdAt: "2026-03-02T09:00:00Z",
    mergedAt: "2026-03-02T15:00:00Z",
    mergedBy: { login: "bob", type: "User" },
    baseRef: "main",
    headRef: "feature/handler",
    headSha: "h".repeat(40),
    mergeSha: "m".repeat(40),
    labels: [],
    commits: [{ sha: "c".repeat(40), message: "Update handler", trailers: [], committedAt: "2026-03-02T09:00:00Z" }],
    files: [file("src/handler.ts", 20, 5)],
    reviews: [approval("carol")],
    requestedReviewers: [],
    checks: [{ name: "ci/test", conclusion: "success" }],
    linkedTickets: [],
    adminBypass: false,
    dependencyChanges: [],
    ...over,
  };
}

export function file(path: string, additions: number | null, deletions: number | null = 0, over: Partial<ChangeFile> = {}): ChangeFile {
  return { path, status: "modified", additions, deletions, ...over };
}

export function approval(reviewer: string, over: Partial<ChangeReview> = {}): ChangeReview {
  return { reviewer, reviewerType: "User", state: "APPROVED", submittedAt: "2026-03-02T14:00:00Z", commitSha: "h".repeat(40), ...over };
}

export function emptyHistory(over: Partial<HistorySummary["author"]> = {}): HistorySummary {
  return { windowDays: 90, files: {}, author: { priorChanges: 50, touchedFilesKnown: 1000, ...over } };
}

export function context(over: Partial<ScoreContext> = {}): ScoreContext {
  return { policy: defaultCompiledPolicy(), codeowners: null, protection: null, history: emptyHistory(), ...over };
}
