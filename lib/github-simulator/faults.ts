/** Faults the simulator injects on demand, so tests can prove the client survives each of them. */

export type FaultKind =
  | "status500"
  | "status502"
  /** 403 with retry-after and a "secondary rate limit" message. */
  | "secondary"
  /** 429 with retry-after. */
  | "status429"
  /** 403 with x-ratelimit-remaining 0 and a reset time. */
  | "primary"
  /** Answer normally after `delayMs`. */
  | "slow"
  /** Destroy the socket without answering. */
  | "reset"
  /** 200 with the JSON body cut in half. */
  | "truncated";

export interface FaultSpec {
  kind: FaultKind;
  /** How many matching requests it affects (default 1). */
  times?: number;
  /** Only requests whose path (without query) matches: exact string or RegExp. */
  path?: string | RegExp;
  /** Skip this many matching requests before the fault begins (to land it mid-fetch). */
  after?: number;
  delayMs?: number;
  /** For secondary/429: the retry-after header; for primary: seconds until reset. Default 1. */
  retryAfterSeconds?: number;
}

export interface HeavyPageSpec {
  /** A GraphQL request whose largest `first`/`last` exceeds this fails. */
  maxFirst: number;
  /** "502": a bare 502; "timeout": 200 with GitHub's query-timeout error and no data. */
  mode?: "502" | "timeout";
  /** How many heavy requests fail before the rule wears off (default: for ever). */
  times?: number;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
  skip: number;
}

export class FaultController {
  private queue: ActiveFault[] = [];
  private heavy: (HeavyPageSpec & { remaining: number }) | null = null;
  /** Every fault actually served, in order: tests assert the faults really fired. */
  readonly served: Array<{ kind: FaultKind | "heavy502" | "heavyTimeout"; path: string }> = [];

  inject(spec: FaultSpec): this {
    const times = spec.times ?? 1;
    this.queue.push({ ...spec, remaining: times, skip: spec.after ?? 0 });
    return this;
  }

  heavyPage(spec: HeavyPageSpec | null): this {
    this.heavy = spec ? { ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY } : null;
    return this;
  }

  clear(): this {
    this.queue = [];
    this.heavy = null;
    return this;
  }

  /** Faults still waiting to fire. */
  pending(): number {
    return this.queue.reduce((n, f) => n + f.remaining, 0);
  }

  /** Consumes and returns the fault for this request, if any. */
  take(path: string): FaultSpec | null {
    for (const f of this.queue) {
      if (f.remaining <= 0 || !matches(f.path, path)) continue;
      if (f.skip > 0) {
        f.skip -= 1;
        continue;
      }
      f.remaining -= 1;
      this.queue = this.queue.filter((q) => q.remaining > 0);
      this.served.push({ kind: f.kind, path });
      return f;
    }
    return null;
  }

  takeHeavy(largestPage: number): "502" | "timeout" | null {
    const h = this.heavy;
    if (!h || h.remaining <= 0 || largestPage <= h.maxFirst) return null;
    h.remaining -= 1;
    const mode = h.mode ?? "502";
    this.served.push({ kind: mode === "502" ? "heavy502" : "heavyTimeout", path: "/graphql" });
    return mode;
  }
}

function matches(rule: string | RegExp | undefined, path: string): boolean {
  if (rule === undefined) return true;
  return typeof rule === "string" ? rule === path : rule.test(path);
}
