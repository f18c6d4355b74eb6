import type { Db } from "../../db/client";
import { findChangeKeysByNumber } from "../../db/queries/changes";
import { listRepositories, markWebhookDelivery } from "../../db/queries/github";
import type { SecretBox } from "../crypto";
import { fetchPullRequest, fetchPullRequestsAtHead, GitHubApiError, type GitHubClient, type GitHubClientOptions } from "../github";
import type { Change } from "../scoring/types";
import { NotFoundError } from "./errors";
import { labelsEarlierChanges, recomputeFailureLabels } from "./failure-labels";
import { githubClientForOrg } from "./github-connection";
import { evaluateMergeGateSafely, type GateDeps } from "./merge-gate";
import { getActivePolicy } from "./policies";
import { codeownersOf } from "./repository-context";
import { scoreAndStoreChanges } from "./score-and-store";

/** Which pull requests of one of the organisation's repositories to fetch again, and why. */
export interface RefreshPullRequestsInput {
  orgId: string;
  repositoryId: string;
  /** Pull request numbers (pull_request, pull_request_review, check_suite naming them). */
  numbers: number[];
  /** With no numbers: the pull requests whose head is this commit (status, check_suite naming none). */
  headSha?: string | null;
  /** The delivery that asked for it: its row records what became of the refresh. */
  deliveryId?: string | null;
}

export interface RefreshDeps {
  box: SecretBox;
  clientOptions?: Partial<GitHubClientOptions>;
  now?: () => Date;
  gate?: Omit<GateDeps, "box" | "client">;
  log?: (line: string) => void;
}

export interface RefreshResult {
  /** Set when nothing was fetched, with the reason. */
  skipped: string | null;
  fetched: number;
  /** Stored with a new assessment (created or updated). */
  stored: number;
  unchanged: number;
  /** Numbers GitHub no longer has (or the token cannot see). */
  missing: number[];
  changeIds: number[];
}

/**
 * Fetches the named pull requests (or those at a head commit) and scores and stores them exactly as a sync would,
 * then brings the merge gate up to date for them. Only the organisation's own, selected repository is touched.
 * A pull request or repository GitHub no longer has is recorded on the delivery and not retried; other GitHub
 * failures are recorded and thrown, so the job queue retries them with back-off.
 */
export async function refreshPullRequests(db: Db, input: RefreshPullRequestsInput, deps: RefreshDeps): Promise<RefreshResult> {
  const now = deps.now ?? (() => new Date());
  const result: RefreshResult = { skipped: null, fetched: 0, stored: 0, unchanged: 0, missing: [], changeIds: [] };
  const note = async (error: string | null) => {
    if (input.deliveryId) await markWebhookDelivery(db, input.deliveryId, { error, at: now() });
  };
  const skip = async (reason: string) => {
    result.skipped = reason;
    await note(reason);
    return result;
  };

  const repo = (await listRepositories(db, input.orgId)).find((r) => r.id === input.repositoryId);
  if (!repo || !repo.selected) return skip("The repository is not selected for scoring; nothing refreshed.");
  // Before its first complete sync a repository's settings and history are not known yet; that sync fetches these.
  if (!repo.lastSyncedAt) return skip(`${repo.fullName} has not completed its first sync; that sync picks these pull requests up.`);
  const [owner, name] = repo.fullName.split("/") as [string, string];

  let client: GitHubClient;
  let changes: Change[];
  try {
    client = await githubClientForOrg(db, deps.box, input.orgId, deps.clientOptions);
    changes = await fetchConcerned(client, { owner, repo: name }, input, result.missing);
  } catch (err) {
    if (err instanceof NotFoundError) return skip(err.message);
    if (err instanceof GitHubApiError && err.kind === "not_found") return skip(`${err.message} Nothing refreshed.`);
    await note(`Refresh failed, to be retried: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1000));
    throw err;
  }
  result.fetched = changes.length;

  // The sync stores merged and open pull requests only; a closed one is stored only to close a change already held.
  const closed = changes.filter((c) => c.state === "closed").map((c) => c.number!);
  const held = await findChangeKeysByNumber(db, input.orgId, repo.id, closed);
  const toStore = inMergeOrder(changes.filter((c) => c.state !== "closed" || held.has(c.number!)));

  if (toStore.length) {
    const policy = await getActivePolicy(db, input.orgId);
    const context = {
      orgId: input.orgId,
      repositoryId: repo.id,
      policy,
      codeowners: codeownersOf(repo),
      protection: repo.protection ?? null,
      trigger: "webhook",
      now: now(),
      box: deps.box,
    };
    const stored = await db.transaction((tx) => scoreAndStoreChanges(tx, context, toStore));
    result.stored = stored.filter((s) => s.outcome !== "unchanged").length;
    result.unchanged = stored.length - result.stored;
    result.changeIds = stored.map((s) => s.changeId);
    // A merged revert or fix labels the changes it reverts or fixes (the sync relabels after each run): in this
    // repository, and only the labels these changes move.
    const fixPattern = policy.compiled.history.fixPattern;
    const labelling = stored.filter((s, i) => s.outcome !== "unchanged" && toStore[i]!.state === "merged" && labelsEarlierChanges(toStore[i]!, fixPattern));
    if (labelling.length) {
      try {
        await recomputeFailureLabels(db, input.orgId, { now: now(), repositoryIds: [repo.id], changeIds: labelling.map((s) => s.changeId) });
      } catch (err) {
        // Stored already: a retry would find nothing new to store; the next sync labels them.
        deps.log?.(`failure labels of ${repo.fullName} not recomputed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // After the commit, never inside it: the gate talks to GitHub. All of them, so a post that failed earlier is retried.
    if (repo.gateEnabled) {
      await evaluateMergeGateSafely(db, input.orgId, { changeIds: result.changeIds }, { ...deps.gate, box: deps.box, client, now }, (message) => deps.log?.(message));
    }
  }

  const gone = result.missing.map((n) => `#${n}`).join(", ");
  await note(gone ? `Pull request${result.missing.length === 1 ? "" : "s"} ${gone} no longer exist${result.missing.length === 1 ? "s" : ""} in ${repo.fullName} (or the token cannot read it); not retried.` : null);
  deps.log?.(
    `refresh ${repo.fullName} ${input.numbers.length ? input.numbers.map((n) => `#${n}`).join(",") : `@${input.headSha?.slice(0, 7)}`}: ` +
      `${result.fetched} fetched, ${result.stored} rescored, ${result.unchanged} unchanged${gone ? `, missing ${gone}` : ""}`,
  );
  return result;
}

async function fetchConcerned(client: GitHubClient, ref: { owner: string; repo: string }, input: RefreshPullRequestsInput, missing: number[]): Promise<Change[]> {
  if (!input.numbers.length) return input.headSha ? fetchPullRequestsAtHead(client, { ...ref, sha: input.headSha }) : [];
  const out: Change[] = [];
  for (const number of [...new Set(input.numbers)]) {
    const change = await fetchPullRequest(client, { ...ref, number });
    if (change) out.push(change);
    else missing.push(number);
  }
  return out;
}

/** Oldest merge first, open ones last (as the sync stores a batch), so each one's history includes the others. */
function inMergeOrder(changes: Change[]): Change[] {
  return [...changes].sort((a, b) => (a.mergedAt ?? "\uffff").localeCompare(b.mergedAt ?? "\uffff") || (a.number ?? 0) - (b.number ?? 0));
}
