import type { Db } from "../../db/client";
import { findWebhookTargets, markWebhookDelivery, recordWebhookDelivery } from "../../db/queries/github";
import type { SecretBox } from "../crypto";
import { parseWebhook, UnknownWebhookEventError, verifyWebhookSignature, WebhookPayloadError } from "../github";
import { requestSync } from "./sync";
import { webhookSecretsOf } from "./webhook-secrets";

export interface WebhookDelivery {
  event: string;
  deliveryId: string;
  signature: string | null;
  rawBody: string;
}

export type WebhookOutcome =
  | { status: 202; body: { accepted: true; action: string }; sync?: { orgId: string; runId: string } }
  | { status: 200; body: { accepted: false; reason: string } }
  | { status: 400 | 401; body: { error: string } };

/**
 * Verifies a GitHub delivery against the webhook secrets of the organisations that track its repository (current
 * and previous secret, constant-time), records it once by delivery id, and turns a relevant event into a sync of
 * that organisation. Only cheap work happens here; the sync runs as a background job.
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

  let action;
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
  if (action.kind === "ignored" || (action.kind === "push" && !action.toDefaultBranch)) {
    await markWebhookDelivery(db, delivery.deliveryId, { error: null, at: new Date() });
    return { status: 200, body: { accepted: false, reason: action.kind === "ignored" ? action.reason : "push to another branch" } };
  }
  const { run } = await requestSync(db, { orgId: org.id, trigger: "webhook", requestedBy: null });
  await markWebhookDelivery(db, delivery.deliveryId, { error: null, at: new Date() });
  return { status: 202, body: { accepted: true, action: action.kind }, sync: { orgId: org.id, runId: run.id } };
}
