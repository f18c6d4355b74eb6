"use client";

import { useState, useTransition } from "react";
import { rotateWebhookSecretAction } from "@/app/(dashboard)/settings/actions";

export function WebhookSecret({ hasSecret, endpoint }: { hasSecret: boolean; endpoint: string }) {
  const [pending, start] = useTransition();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
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
      {error ? (
        <div className="notice notice-error" role="status">
          {error}
        </div>
      ) : null}
      <button
        className="btn"
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await rotateWebhookSecretAction({});
            if (r.ok) setSecret(r.data.secret);
            else setError(r.error);
          })
        }
      >
        {hasSecret ? "Rotate secret" : "Create secret"}
      </button>
    </div>
  );
}
