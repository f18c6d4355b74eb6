import { listAuditEvents } from "@/db/queries/audit";
import { defineRoute } from "@/lib/auth/guard";

/** The organisation's recent audit events as JSON, for admins and their tooling. */
export const GET = defineRoute("settings:read", async (ctx, request) => {
  const limit = Math.min(500, Math.max(1, Number(new URL(request.url).searchParams.get("limit") ?? 100) || 100));
  const events = await listAuditEvents(ctx.db, ctx.org.id, limit);
  return Response.json({ events });
});
