import { z } from "zod";
import type { Change } from "./types";

/**
 * Validation of a normalized change read from outside (a JSONL file, an API). Optional fields take neutral
 * defaults; unknown data stays unknown (reviews and checks default to null, not to "none").
 * See docs/change-format.md.
 */
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i, { error: "expected an ISO 8601 time" });

const actor = z.object({
  login: z.string().min(1),
  type: z.enum(["User", "Bot"]).default("User"),
  name: z.string().nullish(),
  email: z.string().nullish(),
});

const count = z.number().int().min(0).nullable();

const file = z.object({
  path: z.string().min(1),
  previousPath: z.string().nullish(),
  status: z.enum(["added", "modified", "removed", "renamed", "copied", "changed"]).default("modified"),
  additions: count.default(null),
  deletions: count.default(null),
});

const commit = z.object({
  sha: z.string().min(1),
  message: z.string().default(""),
  authorName: z.string().nullish(),
  authorEmail: z.string().nullish(),
  authorLogin: z.string().nullish(),
  committedAt: iso.nullish(),
  trailers: z.array(z.object({ key: z.string(), value: z.string() })).default([]),
  parentCount: z.number().int().min(0).optional(),
});

const review = z.object({
  reviewer: z.string().min(1),
  reviewerType: z.enum(["User", "Bot"]).default("User"),
  state: z.enum(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"]),
  submittedAt: iso.nullable().default(null),
  commitSha: z.string().nullable().default(null),
});

const checkResult = z.object({
  name: z.string().min(1),
  conclusion: z.enum(["success", "failure", "neutral", "skipped", "cancelled", "timed_out", "action_required", "stale", "pending", "error"]),
});

export const changeSchema = z.object({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, { error: "expected owner/name" }),
  number: z.number().int().positive().nullable(),
  title: z.string().default(""),
  body: z.string().nullish().transform((b) => b ?? ""),
  url: z.string().nullish(),
  state: z.enum(["open", "merged", "closed"]).default("merged"),
  author: actor,
  createdAt: iso,
  mergedAt: iso.nullable().default(null),
  mergedBy: actor.nullable().default(null),
  baseRef: z.string().default("main"),
  headRef: z.string().default(""),
  headSha: z.string().nullable().default(null),
  mergeSha: z.string().nullable().default(null),
  labels: z.array(z.string()).default([]),
  commits: z.array(commit).default([]),
  files: z.array(file),
  filesTruncated: z.object({ reason: z.string(), totalFiles: z.number().int().nullish() }).nullish(),
  reviews: z.array(review).nullable().default(null),
  requestedReviewers: z.array(z.string()).default([]),
  checks: z.array(checkResult).nullable().default(null),
  linkedTickets: z.array(z.string()).optional(),
  adminBypass: z.boolean().nullish(),
  dependencyChanges: z
    .array(z.object({ ecosystem: z.string(), name: z.string(), version: z.string().nullish(), kind: z.enum(["added", "removed", "updated"]) }))
    .nullish(),
});

/** Parses one change; on failure returns readable messages naming the field. */
export function parseChange(input: unknown): { ok: true; change: Change } | { ok: false; errors: string[] } {
  const r = changeSchema.safeParse(input);
  if (r.success) return { ok: true, change: r.data as Change };
  return {
    ok: false,
    errors: r.error.issues.map((i) => `${i.path.length ? i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") : "(line)"}: ${i.message}`),
  };
}
