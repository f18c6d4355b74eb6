import { listSyncRuns } from "@/db/queries/sync-runs";
import { defineRoute } from "@/lib/auth/guard";

/** Sync runs of the organisation, newest first: polled by the settings page while a sync runs. */
export const GET = defineRoute("settings:read", async (ctx) => {
  const runs = await listSyncRuns(ctx.db, ctx.org.id, 10);
  return Response.json(
    { runs: runs.map(({ orgId: _org, requestedBy: _by, ...run }) => run) },
    { headers: { "cache-control": "no-store" } },
  );
});
