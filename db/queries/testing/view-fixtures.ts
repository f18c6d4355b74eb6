/**
 * Fixtures for the view queries' tests: an organisation with a policy, a repository with CODEOWNERS, and changes
 * written through the real scoring service (never straight into the tables).
 */
import type { Db } from "../../client";
import { repositories } from "../../schema";
import { parseCodeowners } from "../../../lib/policy";
import { getActivePolicy, savePolicyVersion } from "../../../lib/services/policies";
import { scoreAndStoreChange, type StoredChange } from "../../../lib/services/score-and-store";
import type { Change, ChangeReview } from "../../../lib/scoring/types";
import { makeOrg, uniqueId } from "../../../test/factories";

export const VIEW_POLICY = `version: 1
name: views fixture
services:
  - name: payments
    tier: 0
    paths: ["services/payments/**"]
    data_classes: [cardholder]
  - name: ledger-api
    tier: 1
    paths: ["services/ledger/**"]
    depends_on: [payments]
  - name: web
    tier: 2
    paths: ["apps/web/**"]
regimes:
  - id: pci
    name: PCI DSS
    data_classes: [cardholder]
controls:
  approvals:
    default: 1
    "0": 2
  codeowners_approval: true
`;

export const VIEW_CODEOWNERS = `/services/payments/ @acme/payments @pay-lead
/services/ledger/ @ledger-owner
/apps/web/ @acme/web
`;

export interface ChangeSpec {
  number: number;
  title?: string;
  author?: string;
  state?: "open" | "merged";
  mergedAt?: string;
  createdAt?: string;
  files: string[];
  approvers?: string[];
  requestedReviewers?: string[];
  /** Adds a Co-authored-by trailer of a coding agent. */
  agent?: boolean;
  testsIncluded?: boolean;
}

export function buildChange(repo: string, spec: ChangeSpec): Change {
  const merged = (spec.state ?? "merged") === "merged";
  const mergedAt = merged ? (spec.mergedAt ?? "2026-11-10T12:00:00Z") : null;
  const createdAt = spec.createdAt ?? new Date(Date.parse(mergedAt ?? "2026-11-10T12:00:00Z") - 6 * 3_600_000).toISOString();
  const headSha = `h${spec.number.toString(16).padStart(39, "0")}`;
  const reviews: ChangeReview[] = (spec.approvers ?? []).map((reviewer) => ({
    reviewer,
    reviewerType: "User",
    state: "APPROVED",
    submittedAt: new Date(Date.parse(createdAt) + 3_600_000).toISOString(),
    commitSha: headSha,
  }));
  const files = [...spec.files, ...(spec.testsIncluded ? spec.files.map((f) => f.replace(/\.ts$/, ".test.ts")) : [])];
  return {
    repo,
    number: spec.number,
    title: spec.title ?? `Change ${spec.number}`,
    body: "",
    url: `https://github.com/${repo}/pull/${spec.number}`,
    state: merged ? "merged" : "open",
    author: { login: spec.author ?? "alice", type: "User" },
    createdAt,
    mergedAt,
    mergedBy: merged ? { login: "merger", type: "User" } : null,
    baseRef: "main",
    headRef: `feature/${spec.number}`,
    headSha,
    mergeSha: merged ? `m${spec.number.toString(16).padStart(39, "0")}` : null,
    labels: [],
    commits: [
      {
        sha: headSha,
        message: spec.agent ? `${spec.title ?? "work"}\n\nCo-authored-by: Claude <noreply@anthropic.com>` : (spec.title ?? "work"),
        authorLogin: spec.author ?? "alice",
        committedAt: createdAt,
        trailers: spec.agent ? [{ key: "Co-authored-by", value: "Claude <noreply@anthropic.com>" }] : [],
      },
    ],
    files: files.map((path) => ({ path, status: "modified", additions: 40, deletions: 10 })),
    reviews,
    requestedReviewers: spec.requestedReviewers ?? [],
    checks: [{ name: "ci", conclusion: "success" }],
  };
}

export interface ViewOrg {
  orgId: string;
  repositoryId: string;
  repo: string;
  add(spec: ChangeSpec): Promise<StoredChange>;
}

export async function makeViewOrg(db: Db, opts: { policy?: string; codeowners?: string } = {}): Promise<ViewOrg> {
  const org = await makeOrg(db, "Views");
  const repo = `acme/${uniqueId("repo")}`;
  const [row] = await db.insert(repositories).values({ orgId: org.id, fullName: repo, selected: true }).returning({ id: repositories.id });
  await savePolicyVersion(db, { orgId: org.id, userId: null }, { yaml: opts.policy ?? VIEW_POLICY });
  const codeowners = parseCodeowners(opts.codeowners ?? VIEW_CODEOWNERS);
  return {
    orgId: org.id,
    repositoryId: row!.id,
    repo,
    add: async (spec) => {
      const policy = await getActivePolicy(db, org.id);
      return db.transaction((tx) =>
        scoreAndStoreChange(tx, {
          orgId: org.id,
          repositoryId: row!.id,
          change: buildChange(repo, spec),
          policy,
          codeowners,
          protection: null,
          trigger: "sync",
          now: new Date("2026-11-21T12:00:00Z"),
        }),
      );
    },
  };
}
