/**
 * A per-key concurrency limit with the small surface Octokit's throttling plugin calls (`key(id).schedule`).
 * It replaces the plugin's default groups, whose GraphQL lane waits a full second between requests (advice
 * meant for mutations) and whose general lane allows ten requests in flight.
 */

type Job<T> = (...args: unknown[]) => Promise<T>;

export class KeyedLimiter {
  private lanes = new Map<string, Lane>();

  constructor(private readonly maxConcurrent: number) {}

  key(id: string): Lane {
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = new Lane(this.maxConcurrent);
      this.lanes.set(id, lane);
    }
    return lane;
  }
}

export class Lane {
  private active = 0;
  private waiting: Array<() => void> = [];
  peak = 0;

  constructor(private readonly max: number) {}

  inFlight(): number {
    return this.active;
  }

  async schedule<T>(optionsOrJob: unknown, ...rest: unknown[]): Promise<T> {
    // Bottleneck's signature: schedule([options,] fn, ...args).
    const [job, args] = typeof optionsOrJob === "function" ? [optionsOrJob as Job<T>, rest] : [rest[0] as Job<T>, rest.slice(1)];
    // A finishing job hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await job(...args);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
