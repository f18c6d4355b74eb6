import type { Db } from "../../db/client";
import { findWebhookTargets, getRepositoryByName, markWebhookDelivery, recordWebhookDelivery } from "../../db/queries/github";
import type { SecretBox } from "../crypto";
import { parseWebhook, UnknownWebhookEventError, verifyWebhookSignature, WebhookPayloadError, type WebhookAction } from "../github";
import type { JobName, JobPayloads } from "../jobs/types";
import { GATE_CONTEXT } from "./merge-gate";
import { requestSync } from "./sync";
import { webhookSecretsOf } from "./webhook-secrets";

export interface WebhookDelivery {
  event: string;
  deliveryId: string;
  signature: string | null;
  rawBody: string;
}

/** Background work a delivery asks for; the route queues it, and the answer does not wait for it to run. */
export type WebhookJob = { [N in JobName]: { name: N; data: JobPayloads[N]; singletonKey?: string } }[JobName];

export type WebhookOutcome =
  | { status: 202; body: { accepted: true; action: string }; jobs: WebhookJob[] }
  | { status: 200; body: { accepted: false; reason: string } }
  | { status: 400 | 401; body: { error: string } };

/**
 * Verifies a GitHub delivery against the webhook secrets of the organisations that track its repository (current
 * and previous secret, constant-time), records it once by delivery id, and says what background work it asks
 * for: a refresh of exactly the pull requests it concerns (pull_request, pull_request_review, status,
 * check_suite), or an incremental sync for a push to the default branch. Only cheap work happens here.
 */
export async function receiveWebhook(db: Db, box: SecretBox, delivery: WebhookDelivery): Promise<WebhookOutcome> {
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.rawBody);
  } catch {
    return { status: 400, body: { error: "The body is not JSON; configure the webhook with content type application/json." } };
  }
  const fullName = (payload as { repository?: { full_name?: unknown } })?.repository?.full_name;
  if (typeof fullName !== "string") return { status: 400, body: { error: "The delivery names no repository." } };
  if (!delivery.signature) return { status: 401, body: { error: "Missing X-Hub-Signature-256: set a secret on the webhook." } };

  const targets = await findWebhookTargets(db, fullName);
  const org = targets.find((t) => verifyWebhookSignature(webhookSecretsOf(box, t), delivery.rawBody, delivery.signature!));
  if (!org) return { status: 401, body: { error: "The signature does not match any secret for this repository." } };

  let action: WebhookAction;
  try {
    action = parseWebhook(delivery.event, payload);
  } catch (err) {
    if (err instanceof UnknownWebhookEventError) {
      return { status: 400, body: { error: `Event "${delivery.event}" is not handled; subscribe to pull_request, pull_request_review, push, status and check_suite.` } };
    }
    if (err instanceof WebhookPayloadError) return { status: 400, body: { error: err.message } };
    throw err;
  }

  if (!(await recordWebhookDelivery(db, { deliveryId: delivery.deliveryId, orgId: org.id, event: delivery.event }))) {
    return { status: 200, body: { accepted: false, reason: "duplicate delivery: already received" } };
  }
  const ignore = async (reason: string): Promise<WebhookOutcome> => {
    await markWebhookDelivery(db, delivery.deliveryId, { error: null, at: new Date() });
    return { status: 200, body: { accepted: false, reason } };
  };
  if (action.kind === "ignored") return ignore(action.reason);
  if (delivery.event === "status" && (payload as { context?: unknown }).context === GATE_CONTEXT) {
    // Our own gate's post: rescoring on it would feed the gate's verdict back into the score it is made from.
    return ignore("the merge gate's own status");
  }

  if (action.kind === "push") {
    // Merged pull requests reach the default branch this way; the incremental sync picks them up.
    if (!action.toDefaultBranch) return ignore("push to another branch");
    const { run } = await requestSync(db, { orgId: org.id, trigger: "webhook", requestedBy: null });
    await markWebhookDelivery(db, delivery.deliveryId, { error: null, at: new Date() });
    return accepted("push", [{ name: "sync", data: { orgId: org.id, runId: run.id }, singletonKey: `sync:${org.id}` }]);
  }

  // This organisation's own row for the repository: another tenant tracking the same repository is never touched.
  const repo = await getRepositoryByName(db, org.id, action.repo);
  if (!repo?.selected) return ignore(`${action.repo} is not selected for scoring`);
  const numbers = action.kind === "rescore-pr" ? [action.number] : [...new Set(action.numbers)].sort((a, b) => a - b);
  const headSha = action.kind === "rescore-head" && numbers.length === 0 ? action.sha : null;
  const target = headSha ? `@${headSha}` : `#${numbers.join(",")}`;
  // Handed over; the refresh job then writes on this row what became of it (a pull request gone, a failure).
  await markWebhookDelivery(db, delivery.deliveryId, { error: null, at: new Date() });
  return accepted(action.kind, [
    {
      name: "refresh-pull-requests",
      data: { orgId: org.id, repositoryId: repo.id, numbers, headSha, deliveryId: delivery.deliveryId },
      singletonKey: `refresh:${org.id}:${repo.id}:${target}`,
    },
  ]);
}

function accepted(action: string, jobs: WebhookJob[]): WebhookOutcome {
  return { status: 202, body: { accepted: true, action }, jobs };
}
