import { getDb } from "@/db/instance";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { getSecretBox } from "@/lib/services/secrets";
import { receiveWebhook } from "@/lib/services/webhooks";

const MAX_BODY = 25 * 1024 * 1024;

/**
 * GitHub webhook endpoint. Public by design: authenticity comes from X-Hub-Signature-256, verified against the
 * organisation's secret before anything is stored; the work itself is queued so the answer is immediate.
 */
export async function POST(request: Request): Promise<Response> {
  const event = request.headers.get("x-github-event");
  const deliveryId = request.headers.get("x-github-delivery");
  if (!event || !deliveryId) {
    return Response.json({ error: "Missing X-GitHub-Event or X-GitHub-Delivery header." }, { status: 400 });
  }
  const rawBody = await request.text();
  if (rawBody.length > MAX_BODY) return Response.json({ error: "Payload too large." }, { status: 413 });
  const outcome = await receiveWebhook(await getDb(), getSecretBox(), {
    event,
    deliveryId,
    signature: request.headers.get("x-hub-signature-256"),
    rawBody,
  });
  if (outcome.status === 202) {
    for (const job of outcome.jobs) await enqueueJob(job.name, job.data, job.singletonKey);
  }
  return Response.json(outcome.body, { status: outcome.status });
}
