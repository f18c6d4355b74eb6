"use client";

import { useState } from "react";
import { rotateWebhookSecretAction } from "@/app/(dashboard)/settings/actions";
import { ActionFeedback, failureOf, useActionFeedback } from "@/components/ui/use-action-feedback";

export function WebhookSecret({ hasSecret, endpoint }: { hasSecret: boolean; endpoint: string }) {
  const { pending, feedback, run } = useActionFeedback();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <div>
      <h3>Webhook</h3>
      <p className="muted">
        In the repository or organisation settings on GitHub, add a webhook to <code>{endpoint}</code> (content type
        application/json) for pull requests, reviews, pushes, statuses and check suites, with this secret.
        {hasSecret ? " A secret is set; rotating keeps the previous one valid until the next rotation." : ""}
      </p>
      {secret ? (
        <div className="notice notice-ok" role="status">
          New secret (shown once): <code data-testid="webhook-secret">{secret}</code>
        </div>
      ) : null}
      <ActionFeedback feedback={feedback} />
      <button
        className="btn"
        type="button"
        disabled={pending}
        onClick={() =>
          run(async () => {
            const r = await rotateWebhookSecretAction({});
            if (r.ok) setSecret(r.data.secret);
            return failureOf(r);
          })
        }
      >
        {hasSecret ? "Rotate secret" : "Create secret"}
      </button>
    </div>
  );
}
