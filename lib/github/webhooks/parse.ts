import { mapWebhookPullRequest, type WebhookPullRequest } from "./map";
import type { Change } from "@/lib/scoring/types";

export const HANDLED_EVENTS = ["pull_request", "pull_request_review", "push", "status", "check_suite"] as const;

export type WebhookAction =
  /** Fetch and rescore this pull request. `partial` is what the payload itself says of it. */
  | { kind: "rescore-pr"; repo: string; number: number; action: string; partial: (Partial<Change> & Pick<Change, "repo" | "number">) | null }
  /** Checks changed on a commit: rescore the pull requests whose head is `sha` (`numbers` when GitHub named them). */
  | { kind: "rescore-head"; repo: string; sha: string; numbers: number[]; event: "status" | "check_suite" }
  | { kind: "push"; repo: string; ref: string; before: string; after: string; forced: boolean; commits: number; toDefaultBranch: boolean }
  | { kind: "ignored"; reason: string };

export class UnknownWebhookEventError extends Error {
  constructor(readonly eventName: string) {
    super(`Webhook event "${eventName}" is not one Risk Ledger handles (${HANDLED_EVENTS.join(", ")}).`);
    this.name = "UnknownWebhookEventError";
  }
}

export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookPayloadError";
  }
}

const PR_ACTIONS_THAT_MATTER = new Set([
  "opened",
  "reopened",
  "edited",
  "synchronize",
  "closed",
  "labeled",
  "unlabeled",
  "review_requested",
  "review_request_removed",
  "ready_for_review",
  "converted_to_draft",
]);
const REVIEW_ACTIONS_THAT_MATTER = new Set(["submitted", "edited", "dismissed"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function repoOf(payload: Obj): { fullName: string; owner: string | undefined; defaultBranch: string | undefined } {
  const repo = payload.repository;
  if (!isObj(repo) || typeof repo.full_name !== "string") throw new WebhookPayloadError("The payload names no repository.");
  const owner = isObj(repo.owner) && typeof repo.owner.login === "string" ? repo.owner.login : undefined;
  return { fullName: repo.full_name, owner, defaultBranch: typeof repo.default_branch === "string" ? repo.default_branch : undefined };
}

/** What a delivery asks of us. Throws UnknownWebhookEventError for events outside HANDLED_EVENTS (except ping). */
export function parseWebhook(eventName: string, payload: unknown): WebhookAction {
  if (eventName === "ping") return { kind: "ignored", reason: "ping" };
  if (!(HANDLED_EVENTS as readonly string[]).includes(eventName)) throw new UnknownWebhookEventError(eventName);
  if (!isObj(payload)) throw new WebhookPayloadError("The payload is not a JSON object.");
  const repo = repoOf(payload);
  const action = typeof payload.action === "string" ? payload.action : "";

  switch (eventName) {
    case "pull_request":
    case "pull_request_review": {
      const relevant = eventName === "pull_request" ? PR_ACTIONS_THAT_MATTER : REVIEW_ACTIONS_THAT_MATTER;
      if (!relevant.has(action)) return { kind: "ignored", reason: `${eventName}.${action} does not change the score` };
      const pr = payload.pull_request;
      if (!isObj(pr) || typeof pr.number !== "number") throw new WebhookPayloadError(`${eventName} without a pull request.`);
      let partial: (Partial<Change> & Pick<Change, "repo" | "number">) | null = null;
      try {
        partial = mapWebhookPullRequest(pr as unknown as WebhookPullRequest, repo.fullName, repo.owner);
      } catch {
        partial = null;
      }
      return { kind: "rescore-pr", repo: repo.fullName, number: pr.number, action: `${eventName}.${action}`, partial };
    }
    case "push": {
      const ref = typeof payload.ref === "string" ? payload.ref : "";
      const commits = Array.isArray(payload.commits) ? payload.commits.length : 0;
      return {
        kind: "push",
        repo: repo.fullName,
        ref,
        before: String(payload.before ?? ""),
        after: String(payload.after ?? ""),
        forced: payload.forced === true,
        commits,
        toDefaultBranch: repo.defaultBranch !== undefined && ref === `refs/heads/${repo.defaultBranch}`,
      };
    }
    case "status": {
      if (typeof payload.sha !== "string") throw new WebhookPayloadError("status without a sha.");
      return { kind: "rescore-head", repo: repo.fullName, sha: payload.sha, numbers: [], event: "status" };
    }
    case "check_suite": {
      if (action !== "completed") return { kind: "ignored", reason: `check_suite.${action}: nothing concluded yet` };
      const suite = payload.check_suite;
      if (!isObj(suite) || typeof suite.head_sha !== "string") throw new WebhookPayloadError("check_suite without a head sha.");
      // GitHub lists the pull requests with this head; a fork's suite may name pull requests of another repository.
      const repoId = isObj(payload.repository) ? payload.repository.id : undefined;
      const baseRepoId = (p: Obj) => (isObj(p.base) && isObj(p.base.repo) ? p.base.repo.id : undefined);
      const numbers = Array.isArray(suite.pull_requests)
        ? suite.pull_requests.flatMap((p) =>
            isObj(p) && typeof p.number === "number" && (repoId === undefined || baseRepoId(p) === undefined || baseRepoId(p) === repoId) ? [p.number] : [],
          )
        : [];
      return { kind: "rescore-head", repo: repo.fullName, sha: suite.head_sha, numbers, event: "check_suite" };
    }
  }
  throw new UnknownWebhookEventError(eventName);
}
