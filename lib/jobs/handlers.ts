import type { Db } from "../../db/client";
import type { SecretBox } from "../crypto";
import { rescoreChanges } from "../services/rescore";
import { runSync } from "../services/sync";
import type { JobHandlers } from "./types";

export function createJobHandlers(deps: { db: Db; box: SecretBox; log?: (line: string) => void }): JobHandlers {
  return {
    async sync({ orgId, runId }) {
      const run = await runSync(deps.db, orgId, runId, { box: deps.box });
      deps.log?.(`sync ${runId}: ${run.status}, ${run.prsFetched} pull requests fetched, ${run.prsScored} scored`);
    },
    async rescore({ orgId, trigger }) {
      const r = await rescoreChanges(deps.db, { orgId, trigger, now: new Date() });
      deps.log?.(`rescore ${orgId}: ${r.rescored} of ${r.considered} changes changed`);
    },
  };
}
