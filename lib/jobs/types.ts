/** Background work, persisted so it survives a restart and retried with back-off. */
export interface JobPayloads {
  /** Run (or resume) a sync run. */
  sync: { orgId: string; runId: string };
  /** Score the organisation's stored changes again (a policy version was activated). */
  rescore: { orgId: string; trigger: string };
  /** Bring the merge gate's commit statuses up to date (a repository's gate was turned on). */
  gate: { orgId: string; repositoryIds?: string[] };
  /** Fetch, score and store these pull requests of one repository again (a webhook said they changed). */
  "refresh-pull-requests": RefreshPullRequestsJob;
}

export interface RefreshPullRequestsJob {
  orgId: string;
  repositoryId: string;
  numbers: number[];
  /** With no numbers: the pull requests whose head is this commit. */
  headSha?: string | null;
  deliveryId?: string | null;
}
export type JobName = keyof JobPayloads;

export type JobHandlers = { [N in JobName]: (data: JobPayloads[N]) => Promise<void> };

export interface SendOptions {
  /** At most one queued job with this key at a time (e.g. one sync per organisation). */
  singletonKey?: string;
}

export interface JobQueue {
  readonly kind: "in-process" | "pg-boss";
  send<N extends JobName>(name: N, data: JobPayloads[N], options?: SendOptions): Promise<void>;
  /** Starts working jobs with these handlers (a queue that only sends need not call it). */
  work(handlers: JobHandlers): Promise<void>;
  /** Resolves when no job is queued or running (in-process only; used by tests and the CLI). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export const RETRY = { limit: 4, baseDelayMs: 2_000 } as const;
