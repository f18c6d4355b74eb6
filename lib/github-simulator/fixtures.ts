/**
 * Small synthetic datasets for tests and benchmarks: every pull request differs (files, commits with trailers,
 * reviews, checks, labels, bots), so a client that drops or duplicates anything is caught by comparison.
 */
import type { SimDataset, SimPullRequest, SimRepo } from "./dataset";

export const FIXTURE_TOKEN = "ghp_simulatorFixtureToken000000000000001";

export interface FixtureOptions {
  owner?: string;
  repo?: string;
  pullRequests: number;
  /** Numbers of pull requests to give this many files (e.g. { 7: 3100 }). */
  bigFiles?: Record<number, number>;
  start?: string;
}

const hex = (n: number, len = 40) => {
  let h = "";
  let x = (n * 2654435761) >>> 0;
  while (h.length < len) {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + 0x9e3779b9) >>> 0;
    h += x.toString(16).padStart(8, "0");
  }
  return h.slice(0, len);
};

export function fixturePullRequest(i: number, startMs: number, bigFiles?: number): SimPullRequest {
  const created = new Date(startMs + i * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const updated = new Date(startMs + i * 3_600_000 + 1_800_000 + ((i * 7919) % 50) * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const state: SimPullRequest["state"] = i % 10 === 9 ? "open" : i % 23 === 22 ? "closed" : "merged";
  const author = i % 13 === 0 ? "dependabot[bot]" : `dev${i % 7}`;
  const fileCount = bigFiles ?? 1 + (i % 9);
  const files = Array.from({ length: fileCount }, (_, k) => ({
    path: `services/s${i % 5}/src/f${k}.ts`,
    previousPath: k === 0 && i % 11 === 3 ? `services/s${i % 5}/src/old${k}.ts` : null,
    status: (k === 0 && i % 11 === 3 ? "renamed" : k % 4 === 1 ? "added" : "modified") as SimPullRequest["files"][number]["status"],
    additions: (i * 3 + k) % 120,
    deletions: (i + k * 5) % 40,
  }));
  const headSha = hex(i * 10 + 1);
  const commits = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
    sha: k === (i % 3) ? headSha : hex(i * 10 + 2 + k),
    message: k === 0 && i % 4 === 0 ? `Change ${i} part ${k}\n\nDetails.\n\nCo-authored-by: Claude <noreply@anthropic.com>` : `Change ${i} part ${k}`,
    authorLogin: author === "dependabot[bot]" ? null : author,
    authorName: author,
    authorEmail: `${author}@example.test`,
    committedAt: created,
  }));
  return {
    id: 1000 + i,
    number: i + 1,
    title: `Change ${i + 1}`,
    body: i % 6 === 0 ? "" : `Body of change ${i + 1} (PAY-${100 + i})`,
    state,
    author,
    createdAt: created,
    updatedAt: updated,
    mergedAt: state === "merged" ? updated : null,
    closedAt: state === "open" ? null : updated,
    mergedBy: state === "merged" ? (i % 5 === 0 ? author : "lead") : null,
    baseRef: "main",
    headRef: i % 8 === 0 ? `claude/task-${i}` : `feature/${i}`,
    headSha,
    mergeSha: state === "merged" ? hex(i * 10 + 9) : null,
    labels: i % 3 === 0 ? ["backend", i % 6 === 0 ? "ai-generated" : "bug"] : [],
    commits,
    files,
    reviews:
      i % 7 === 0
        ? []
        : [
            { id: i * 10 + 1, reviewer: "lead", state: "APPROVED", submittedAt: updated, commitSha: i % 5 === 1 ? hex(i * 10 + 2) : headSha },
            ...(i % 2 ? [{ id: i * 10 + 2, reviewer: "dev6", state: "COMMENTED" as const, submittedAt: updated, commitSha: headSha }] : []),
          ],
    requestedReviewers: state === "open" ? ["dev3", "acme/platform"] : [],
    checks:
      i % 17 === 0
        ? []
        : [
            { name: "ci/test", kind: "check_run", conclusion: i % 9 === 4 ? "failure" : "success" },
            { name: "lint", kind: "status", conclusion: state === "open" && i % 2 ? "pending" : "success" },
          ],
  };
}

export function fixtureDataset(options: FixtureOptions): SimDataset {
  const owner = options.owner ?? "acme";
  const name = options.repo ?? "payments";
  const startMs = Date.parse(options.start ?? "2026-01-05T09:00:00Z");
  const repo: SimRepo = {
    id: 500,
    owner,
    name,
    private: true,
    description: "fixture repository",
    defaultBranch: "main",
    createdAt: "2025-01-01T00:00:00Z",
    pushedAt: "2026-05-01T00:00:00Z",
    codeowners: { path: ".github/CODEOWNERS", content: "* @acme/platform\n/services/s0/ @lead\n" },
    protection: { branch: "main", requiredApprovals: 1, requireCodeOwnerReviews: true, requiredChecks: ["ci/test"], enforceAdmins: false, dismissStaleReviews: true },
    pullRequests: Array.from({ length: options.pullRequests }, (_, i) => fixturePullRequest(i, startMs, options.bigFiles?.[i + 1])),
  };
  const logins = ["lead", ...Array.from({ length: 7 }, (_, k) => `dev${k}`)];
  return {
    orgs: [{ id: 1, login: owner, name: "Acme" }],
    users: [
      ...logins.map((login, k) => ({ id: 10 + k, login, name: `Person ${login}`, email: `${login}@example.test`, type: "User" as const })),
      { id: 49699333, login: "dependabot[bot]", name: null, email: null, type: "Bot" },
    ],
    repos: [repo],
    tokens: [{ token: FIXTURE_TOKEN, login: "lead", scopes: ["repo", "read:org"], kind: "classic" }],
  };
}
