import type { Db } from "../../db/client";
import { recordAuditEvent } from "../../db/queries/audit";
import { listChangeKeysOfRepository } from "../../db/queries/changes";
import { listSelectedRepositories, markRepositorySynced, setRepositoryCursor, setRepositorySettings } from "../../db/queries/github";
import {
  appendSyncError,
  createSyncRun,
  findActiveSyncRun,
  getSyncRun,
  updateSyncRun,
} from "../../db/queries/sync-runs";
import type { Repository, SyncRun } from "../../db/schema";
import type { SecretBox } from "../crypto";
import type { PageSizeOptions } from "../github/page-size";
import { fetchPullRequests, type FetchedChange, fetchRepositorySettings, GitHubApiError, type GitHubClient, type GitHubClientOptions } from "../github";
import { NotFoundError } from "./errors";
import { githubClientForOrg } from "./github-connection";
import { evaluateMergeGateSafely, type GateDeps } from "./merge-gate";
import { getActivePolicy, type ActivePolicy } from "./policies";
import { codeownersOf } from "./repository-context";
import { settleHistory } from "./rescore";
import { loadRepositoryHistory } from "./repository-history";
import { rememberStoredKeys, scoreChanges, storeScoredChanges, type ScoredChanges } from "./score-and-store";
import { yieldToEventLoop } from "./yield";

export interface SyncDeps {
  box: SecretBox;
  clientOptions?: Partial<GitHubClientOptions>;
  now?: () => Date;
  signal?: AbortSignal;
  /** Progress is written to the run row at most this often (ms). */
  flushEveryMs?: number;
  /** GraphQL page size bounds (adaptive between them). */
  pageSize?: PageSizeOptions;
  /** Changes stored per transaction (default 100, a full GraphQL page): fewer commits, and a crash repeats at most one batch. */
  batchSize?: number;
  /** Merge gate settings (link base, spacing of writes); the gate runs only for repositories that turned it on. */
  gate?: Omit<GateDeps, "box" | "client">;
}

const BATCH_SIZE = 100;

/**
 * A batch in merge order (open changes last), one entry per pull request (the latest fetched wins): within a
 * batch, each change's history includes the earlier merges.
 */
function inMergeOrder(batch: FetchedChange[]) {
  const latest = new Map<number, FetchedChange>();
  for (const item of batch) latest.set(item.change.number ?? -latest.size - 1, item);
  return [...latest.values()]
    .map((i) => i.change)
    .sort((a, b) => (a.mergedAt ?? "\uffff").localeCompare(b.mergedAt ?? "\uffff") || (a.number ?? 0) - (b.number ?? 0));
}

/** Queues a sync unless one is already queued or running for the organisation (then that one is returned). */
export async function requestSync(
  db: Db,
  input: { orgId: string; trigger: string; requestedBy: string | null },
): Promise<{ run: SyncRun; created: boolean }> {
  const active = await findActiveSyncRun(db, input.orgId);
  if (active) return { run: active, created: false };
  const run = await createSyncRun(db, input);
  await recordAuditEvent(db, { orgId: input.orgId, actorUserId: input.requestedBy, action: "sync.request", target: run.id, data: { trigger: input.trigger } });
  return { run, created: true };
}

/**
 * Runs a sync: for each selected repository, its CODEOWNERS and branch protection, then every pull request updated
 * since the repository's cursor — each scored and stored with the cursor in one transaction, so a crash at any
 * point resumes where it stopped with nothing lost or stored twice. One failing repository does not stop the others.
 */
export async function runSync(db: Db, orgId: string, runId: string, deps: SyncDeps): Promise<SyncRun> {
  const now = deps.now ?? (() => new Date());
  const run = await getSyncRun(db, orgId, runId);
  if (!run) throw new NotFoundError(`sync run ${runId} not found`);
  if (run.status === "succeeded" || run.status === "failed" || run.status === "cancelled") return run;

  const counters = {
    reposDone: 0,
    prsFetched: run.prsFetched,
    prsScored: run.prsScored,
    rateLimitRemaining: run.rateLimitRemaining,
    rateLimitResetAt: run.rateLimitResetAt,
  };
  let lastFlush = 0;
  const flush = async (force = false) => {
    const t = now();
    if (!force && t.getTime() - lastFlush < (deps.flushEveryMs ?? 500)) return;
    lastFlush = t.getTime();
    await updateSyncRun(db, orgId, runId, { ...counters, heartbeatAt: t });
  };

  await updateSyncRun(db, orgId, runId, { status: "running", startedAt: run.startedAt ?? now(), heartbeatAt: now() });
  let client: GitHubClient;
  let repos: Repository[];
  let policy: ActivePolicy;
  try {
    client = await githubClientForOrg(db, deps.box, orgId, deps.clientOptions);
    repos = await listSelectedRepositories(db, orgId);
    policy = await getActivePolicy(db, orgId);
  } catch (err) {
    await appendSyncError(db, orgId, runId, { at: now().toISOString(), message: messageOf(err) });
    await updateSyncRun(db, orgId, runId, { status: "failed", finishedAt: now() });
    return (await getSyncRun(db, orgId, runId))!;
  }
  await updateSyncRun(db, orgId, runId, { reposTotal: repos.length });

  const gate = (scope: { changeIds?: number[]; repositoryIds?: string[] }) =>
    evaluateMergeGateSafely(db, orgId, scope, { ...deps.gate, box: deps.box, client, now }, (message) =>
      appendSyncError(db, orgId, runId, { at: now().toISOString(), message }),
    );
  let failures = 0;
  for (const repo of repos) {
    const [owner, name] = repo.fullName.split("/") as [string, string];
    try {
      const settings = await fetchRepositorySettings(client, { owner, repo: name, branch: repo.defaultBranch });
      const updatedRepo: Repository = {
        ...repo,
        defaultBranch: settings.defaultBranch,
        codeowners: settings.codeowners?.content ?? null,
        codeownersPath: settings.codeowners?.path ?? null,
        // Hidden protection (no admin access) is unknown, not unprotected.
        protection: settings.protectionStatus === "unknown" ? null : settings.protection,
      };
      await setRepositorySettings(db, orgId, repo.id, {
        defaultBranch: updatedRepo.defaultBranch,
        codeowners: updatedRepo.codeowners,
        codeownersPath: updatedRepo.codeownersPath,
        protection: updatedRepo.protection,
      });
      const codeowners = codeownersOf(updatedRepo);
      // Until a repository has completed one sync, its stored history is incomplete (also after a crash).
      const firstSync = repo.lastSyncedAt === null;
      const history = await loadRepositoryHistory(db, orgId, repo.id, policy);
      // A first sync writes nearly every change: what is stored is kept in memory rather than read per batch.
      const storedKeys = firstSync ? await listChangeKeysOfRepository(db, orgId, repo.id) : undefined;
      const context = { orgId, repositoryId: repo.id, policy, codeowners, protection: updatedRepo.protection, trigger: "sync", history: history.index, storedKeys };
      const pulls = fetchPullRequests(client, {
        owner,
        repo: name,
        after: repo.syncCursor,
        signal: deps.signal,
        pageSize: deps.pageSize,
        onProgress: (p) => {
          if (p.rateLimit) {
            counters.rateLimitRemaining = p.rateLimit.remaining;
            counters.rateLimitResetAt = new Date(p.rateLimit.resetAt);
          }
        },
      });
      let batch: FetchedChange[] = [];
      /** The previous batch's transaction and what follows its commit: still running while the next is scored. */
      let storing: { done: Promise<void>; numbers: Set<number> } | null = null;
      const finishStoring = async () => {
        const previous = storing;
        storing = null;
        await previous?.done;
      };
      const storeBatch = async () => {
        if (!batch.length) return;
        const fetched = batch.length;
        const cursor = batch[batch.length - 1]!.cursor;
        const items = inMergeOrder(batch);
        batch = [];
        // The next batch is scored while the previous one is written (the database works meanwhile), unless it
        // holds one of the same pull requests: what is stored of those is read once that batch has committed.
        const previous = storing;
        if (previous && items.some((c) => c.number === null || previous.numbers.has(c.number))) await finishStoring();
        let scored: ScoredChanges;
        try {
          scored = await scoreChanges(db, { ...context, now: now(), box: deps.box }, items);
        } finally {
          await finishStoring();
        }
        const done = (async () => {
          const stored = await db.transaction(async (tx) => {
            const result = await storeScoredChanges(tx, scored);
            await setRepositoryCursor(tx, orgId, repo.id, cursor);
            return result;
          });
          if (storedKeys) rememberStoredKeys(storedKeys, scored, stored);
          counters.prsFetched += fetched;
          counters.prsScored += stored.filter((r) => r.outcome !== "unchanged").length;
          // After the commit, never inside it: the gate talks to GitHub.
          if (repo.gateEnabled) await gate({ changeIds: stored.filter((r) => r.outcome !== "unchanged").map((r) => r.changeId) });
          await flush();
          // The embedded web server shares this thread: let waiting requests in between two batches.
          await yieldToEventLoop();
        })();
        // Awaited by finishStoring; a failure must not go unhandled while the next batch is scored.
        done.catch(() => {});
        storing = { done, numbers: new Set(items.map((c) => c.number!)) };
      };
      try {
        for await (const item of pulls) {
          batch.push(item);
          if (batch.length >= (deps.batchSize ?? BATCH_SIZE)) await storeBatch();
        }
        await storeBatch();
        await finishStoring();
      } finally {
        // Whatever stopped the loop, the batch being written has committed or failed before the run goes on.
        await finishStoring().catch(() => {});
      }
      if (firstSync) {
        // Pull requests arrive in update order, not merge order: settle the history of those scored before an
        // earlier merge arrived.
        await settleHistory(db, updatedRepo, policy, now());
      }
      await markRepositorySynced(db, orgId, repo.id, now());
      // Every open pull request once more: retries posts that failed earlier, whatever this run fetched.
      if (repo.gateEnabled) await gate({ repositoryIds: [repo.id] });
    } catch (err) {
      if (deps.signal?.aborted) throw err;
      failures++;
      await appendSyncError(db, orgId, runId, { at: now().toISOString(), repo: repo.fullName, message: messageOf(err) });
    }
    counters.reposDone++;
    await flush(true);
  }
  const status = repos.length > 0 && failures === repos.length ? "failed" : "succeeded";
  await updateSyncRun(db, orgId, runId, { ...counters, status, finishedAt: now(), heartbeatAt: now() });
  return (await getSyncRun(db, orgId, runId))!;
}

function messageOf(err: unknown): string {
  if (err instanceof GitHubApiError) return `GitHub: ${err.message}`;
  // Database errors wrap the driver's reason; the failed statement and its parameters are not for the UI.
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null;
  if (cause) return `Storing failed: ${cause}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
