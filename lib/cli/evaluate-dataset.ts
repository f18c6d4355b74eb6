import { z } from "zod";
import type { Change, FileStatus } from "@/lib/scoring";

/** One line of the labelled history datasets (../shared/datasets/README.md). */
export const datasetLineSchema = z.object({
  repo: z.string(),
  number: z.number().int().nullable(),
  sha: z.string(),
  mergedAt: z.string(),
  title: z.string(),
  author: z.string(),
  authorEmail: z.string().nullish(),
  coAuthors: z.array(z.object({ name: z.string(), email: z.string().nullish() })).default([]),
  aiSignals: z.array(z.string()).default([]),
  files: z.array(
    z.object({
      path: z.string(),
      additions: z.number().nullable(),
      deletions: z.number().nullable(),
      status: z.enum(["A", "M", "D", "R", "C", "T"]),
      oldPath: z.string().nullish(),
    }),
  ),
  isRevert: z.boolean().default(false),
  revertsPr: z.number().nullish(),
  label: z.object({ failed: z.boolean(), reason: z.string().nullable() }),
});
export type DatasetLine = z.infer<typeof datasetLineSchema>;

const STATUS: Record<string, FileStatus> = { A: "added", M: "modified", D: "removed", R: "renamed", C: "copied", T: "changed" };

/**
 * A dataset line as a normalized change. The datasets carry no reviews, checks, labels or bodies: those stay
 * unknown. Body markers the dataset found (`body:<marker>`) are put back into the body so that AI detection reads
 * them the way it reads a real description.
 */
export function datasetLineToChange(line: DatasetLine): Change {
  const bodyMarkers = line.aiSignals.filter((s) => s.startsWith("body:")).map((s) => s.slice(5));
  const bot = line.author.endsWith("[bot]");
  return {
    repo: line.repo,
    number: line.number,
    title: line.title,
    body: bodyMarkers.join("\n"),
    url: null,
    state: "merged",
    author: { login: line.author, type: bot ? "Bot" : "User", email: line.authorEmail ?? null },
    createdAt: line.mergedAt,
    mergedAt: line.mergedAt,
    mergedBy: null,
    baseRef: "main",
    headRef: "",
    headSha: line.sha,
    mergeSha: line.sha,
    labels: [],
    commits: [
      {
        sha: line.sha,
        message: line.title,
        authorName: line.author,
        authorEmail: line.authorEmail ?? null,
        authorLogin: line.author,
        committedAt: line.mergedAt,
        trailers: line.coAuthors.map((c) => ({ key: "Co-authored-by", value: c.email ? `${c.name} <${c.email}>` : c.name })),
      },
    ],
    files: line.files.map((f) => ({
      path: f.path,
      previousPath: f.oldPath ?? null,
      status: STATUS[f.status]!,
      additions: f.additions,
      deletions: f.deletions,
    })),
    reviews: null,
    requestedReviewers: [],
    checks: null,
    adminBypass: null,
    dependencyChanges: null,
  };
}
