import type { Db } from "../../db/client";
import type { SecretBox } from "../crypto";
import { refreshBoardAfterWrite } from "../services/board-rollups";
import { recomputeFailureLabels } from "../services/failure-labels";
import type { GitHubClientOptions } from "../github";
import { evaluateMergeGateSafely, type GateDeps } from "../services/merge-gate";
import { refreshPullRequests } from "../services/refresh-pull-requests";
import { rescoreChanges } from "../services/rescore";
import { runSync } from "../services/sync";
import type { JobHandlers } from "./types";

export interface JobHandlerDeps {
  db: Db;
  box: SecretBox;
  log?: (line: string) => void;
  gate?: Omit<GateDeps, "box" | "client">;
  /** GitHub client settings for jobs that fetch (tests shorten the back-off). */
  clientOptions?: Partial<GitHubClientOptions>;
}

export function createJobHandlers(deps: JobHandlerDeps): JobHandlers {
  const gateDeps = { ...deps.gate, box: deps.box };
  const logError = (message: string) => deps.log?.(message);
  return {
    async sync({ orgId, runId }) {
      const run = await runSync(deps.db, orgId, runId, { box: deps.box, gate: deps.gate });
      deps.log?.(`sync ${runId}: ${run.status}, ${run.prsFetched} pull requests fetched, ${run.prsScored} scored`);
      const labels = await recomputeFailureLabels(deps.db, orgId, { now: new Date() });
      deps.log?.(`failure labels ${orgId}: ${labels.failed} of ${labels.labelled} merged changes failed`);
      await refreshBoardAfterWrite(deps.db, orgId, deps.log);
    },
    async rescore({ orgId, trigger }) {
      const r = await rescoreChanges(deps.db, { orgId, trigger, now: new Date() });
      deps.log?.(`rescore ${orgId}: ${r.rescored} of ${r.considered} changes changed`);
      // The policy's gate band or fix pattern may have changed with the scores.
      await evaluateMergeGateSafely(deps.db, orgId, {}, gateDeps, logError);
      await recomputeFailureLabels(deps.db, orgId, { now: new Date() });
      await refreshBoardAfterWrite(deps.db, orgId, deps.log);
    },
    async "refresh-pull-requests"(job) {
      const r = await refreshPullRequests(deps.db, job, { box: deps.box, clientOptions: deps.clientOptions, gate: deps.gate, log: deps.log });
      if (r.stored > 0) await refreshBoardAfterWrite(deps.db, job.orgId, deps.log);
    },
    async gate({ orgId, repositoryIds }) {
      const g = await evaluateMergeGateSafely(deps.db, orgId, { repositoryIds }, gateDeps, logError);
      if (g) deps.log?.(`gate ${orgId}: ${g.posted} posted, ${g.unchanged} unchanged, ${g.failed} failed of ${g.considered}`);
    },
  };
}
