import type { Db } from "../../db/client";
import { recordAuditEvent } from "../../db/queries/audit";
import { claimGateStatus, listGateSubjects, recordGateFailure, recordGatePosted, setRepositoryGate, type GateKey, type GateSubject } from "../../db/queries/gate";
import type { Band } from "../scoring/types";
import type { SecretBox } from "../crypto";
import { getEnv } from "../env";
import { GATE_CONTEXT, GitHubApiError, postCommitStatus, STATUS_DESCRIPTION_MAX, type CommitStatusState, type GitHubClient, type GitHubClientOptions } from "../github";
import { NotFoundError } from "./errors";
import { githubClientForOrg } from "./github-connection";
import { getActivePolicy } from "./policies";

/** The commit status context the gate posts under (what a branch protection rule requires). */
export { GATE_CONTEXT };

const BANDS: readonly Band[] = ["low", "elevated", "high", "critical"];

/** A claim older than this is taken to belong to an evaluator that died between claiming and recording. */
const CLAIM_TTL_MS = 5 * 60_000;

export interface GateDeps {
  box: SecretBox;
  /** A client already open for the organisation (the sync's); otherwise one is made from the stored connection. */
  client?: GitHubClient;
  clientOptions?: Partial<GitHubClientOptions>;
  /** Base of the change page links (default APP_URL, or http://localhost:PORT). */
  appUrl?: string;
  now?: () => Date;
  /**
   * Pause between two posts of one organisation. GitHub asks integrators to leave at least a second between
   * requests that create content; tests set 0.
   */
  minIntervalMs?: number;
}

export interface GateScope {
  changeIds?: number[];
  repositoryIds?: string[];
}

export interface GateEvaluation {
  considered: number;
  posted: number;
  /** Already posted with the same state and description. */
  unchanged: number;
  /** Posts GitHub refused or that did not reach it: recorded, retried on the next evaluation. */
  failed: number;
}

export interface DesiredStatus {
  state: Extract<CommitStatusState, "success" | "failure">;
  description: string;
  targetUrl: string;
}

export function bandAtOrAbove(band: Band, threshold: Band): boolean {
  return BANDS.indexOf(band) >= BANDS.indexOf(threshold);
}

/** Cuts at a word boundary when it can, with an ellipsis, to GitHub's 140 characters. */
export function fitDescription(text: string, max = STATUS_DESCRIPTION_MAX): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:·-]+$/, "")}…`;
}

/**
 * What the gate says about one open pull request: failure when its band is at or above the policy's gate band and
 * nobody has attested its current score; success otherwise.
 */
export function desiredGateStatus(
  subject: Pick<GateSubject, "changeId" | "risk" | "band" | "topReason" | "attestedBy">,
  gateBand: Band,
  appUrl: string,
): DesiredStatus {
  const band = subject.band ?? "low";
  const risk = `Risk ${Math.round(subject.risk ?? 0)} ${band}`;
  const reason = subject.topReason ? `: ${subject.topReason}` : "";
  const gated = bandAtOrAbove(band, gateBand);
  let state: DesiredStatus["state"];
  let text: string;
  if (!gated) {
    state = "success";
    text = `${risk}, below the ${gateBand} gate${reason}`;
  } else if (subject.attestedBy) {
    state = "success";
    text = `${risk}, accepted by ${subject.attestedBy}${reason}`;
  } else {
    state = "failure";
    text = `${risk}, needs an attestation${reason}`;
  }
  return { state, description: fitDescription(text), targetUrl: `${appUrl.replace(/\/+$/, "")}/ledger/${subject.changeId}` };
}

// Writes of one organisation go one at a time (GitHub's secondary limits punish concurrent writes), spaced apart.
const orgChains = new Map<string, Promise<unknown>>();
const lastPostAt = new Map<string, number>();

function serialised<T>(orgId: string, job: () => Promise<T>): Promise<T> {
  const previous = orgChains.get(orgId) ?? Promise.resolve();
  const run = previous.then(job, job);
  const tail = run.catch(() => undefined);
  orgChains.set(orgId, tail);
  void tail.then(() => {
    if (orgChains.get(orgId) === tail) orgChains.delete(orgId);
  });
  return run;
}

async function spaceWrites(orgId: string, minIntervalMs: number): Promise<void> {
  const wait = (lastPostAt.get(orgId) ?? 0) + minIntervalMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  lastPostAt.set(orgId, Date.now());
}

function describeError(err: unknown): string {
  if (err instanceof GitHubApiError) {
    if (err.kind === "forbidden" || err.kind === "not_found") {
      return `${err.message} — the token needs repo:status (classic) or "Commit statuses: write" (fine-grained) on this repository`;
    }
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Brings the commit statuses of the organisation's open pull requests in gated repositories up to date (all of
 * them, or the changes/repositories in `scope`). Posts only where the state or description differs from what was
 * last posted for that head sha; a failed post is recorded and tried again on the next evaluation. Never called
 * inside a database transaction: it talks to GitHub.
 */
export function evaluateMergeGate(db: Db, orgId: string, scope: GateScope, deps: GateDeps): Promise<GateEvaluation> {
  return serialised(orgId, async () => {
    const result: GateEvaluation = { considered: 0, posted: 0, unchanged: 0, failed: 0 };
    const subjects = await listGateSubjects(db, orgId, scope);
    if (!subjects.length) return result;
    const now = deps.now ?? (() => new Date());
    const appUrl = deps.appUrl ?? defaultAppUrl();
    const { compiled } = await getActivePolicy(db, orgId);
    let client: GitHubClient | null = deps.client ?? null;
    for (const subject of subjects) {
      result.considered++;
      const desired = desiredGateStatus(subject, compiled.controls.gateBand, appUrl);
      const key: GateKey = { orgId, repositoryId: subject.repositoryId, sha: subject.headSha!, context: GATE_CONTEXT };
      const at = now();
      const claimed = await claimGateStatus(db, key, { changeId: subject.changeId, ...desired }, at, new Date(at.getTime() - CLAIM_TTL_MS));
      if (!claimed) {
        result.unchanged++;
        continue;
      }
      const [owner, repo] = subject.repo.split("/") as [string, string];
      try {
        client ??= await githubClientForOrg(db, deps.box, orgId, deps.clientOptions);
        await spaceWrites(orgId, deps.minIntervalMs ?? 1000);
        await postCommitStatus(client, { owner, repo, sha: key.sha, context: key.context, ...desired });
        await recordGatePosted(db, key, { ...desired, at: now() });
        result.posted++;
      } catch (err) {
        await recordGateFailure(db, key, { error: describeError(err).slice(0, 1000), at: now() });
        result.failed++;
      }
    }
    return result;
  });
}

/**
 * evaluateMergeGate for the hooks (sync, rescore, attestation): a gate problem must never undo or fail the work
 * that triggered it, so anything unexpected is reported to `onError` and swallowed.
 */
export async function evaluateMergeGateSafely(
  db: Db,
  orgId: string,
  scope: GateScope,
  deps: GateDeps,
  onError?: (message: string) => void | Promise<void>,
): Promise<GateEvaluation | null> {
  try {
    return await evaluateMergeGate(db, orgId, scope, deps);
  } catch (err) {
    await onError?.(`Merge gate: ${describeError(err)}`);
    return null;
  }
}

function defaultAppUrl(): string {
  const env = getEnv();
  return env.APP_URL ?? `http://localhost:${env.PORT}`;
}

/** Turns a repository's gate on or off (audited). Turning it on posts nothing by itself: the caller queues an evaluation. */
export async function setMergeGate(db: Db, actor: { orgId: string; userId: string | null }, input: { repositoryId: string; enabled: boolean }): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await setRepositoryGate(tx, actor.orgId, input.repositoryId, input.enabled))) throw new NotFoundError("That repository is not connected to this organisation.");
    await recordAuditEvent(tx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: input.enabled ? "gate.enable" : "gate.disable",
      target: input.repositoryId,
    });
  });
}
