/** Primary rate limits per token and resource, as GitHub meters them: a budget that resets every hour. */

export type Resource = "core" | "graphql";

export interface Bucket {
  limit: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

export class RateLimits {
  private buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: Record<Resource, number>,
    private readonly now: () => number,
  ) {}

  bucket(token: string, resource: Resource): Bucket {
    const key = `${resource}:${token}`;
    const nowSec = Math.floor(this.now() / 1000);
    let b = this.buckets.get(key);
    if (!b || b.reset <= nowSec) {
      b = { limit: this.limits[resource], used: 0, reset: nowSec + 3600 };
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Charges `points` if the budget allows; returns false (and charges nothing) when it does not. */
  charge(token: string, resource: Resource, points: number): boolean {
    const b = this.bucket(token, resource);
    if (b.used + points > b.limit) return false;
    b.used += points;
    return true;
  }

  headers(token: string, resource: Resource): Record<string, string> {
    const b = this.bucket(token, resource);
    return {
      "x-ratelimit-limit": String(b.limit),
      "x-ratelimit-remaining": String(Math.max(0, b.limit - b.used)),
      "x-ratelimit-reset": String(b.reset),
      "x-ratelimit-used": String(b.used),
      "x-ratelimit-resource": resource,
    };
  }
}
