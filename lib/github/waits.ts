import type { GitHubClient } from "./client";

/** Sleeps `ms`, or rejects with the signal's reason as soon as it aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Waits out GitHub's GraphQL budget when the last answer said it is spent (until its reset, plus a second). */
export async function waitForGraphqlReset(client: GitHubClient, signal?: AbortSignal): Promise<void> {
  const snapshot = client.rateLimits.get("graphql");
  if (!snapshot || snapshot.remaining > 0) return;
  const seconds = Math.max(1, Math.ceil((Date.parse(snapshot.resetAt) - Date.now()) / 1000) + 1);
  await delay(seconds * client.timeUnitMs, signal);
}
