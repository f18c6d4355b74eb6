import { listLedgerPage } from "@/db/queries/ledger";
import { ledgerQueryOf, parseLedgerParams } from "@/components/ledger/params";
import { defineRoute } from "@/lib/auth/guard";

/** One page of the ledger as JSON, for the table's background refresh; same query string as the page. */
export const GET = defineRoute("ledger:read", async (ctx, request) => {
  const params = parseLedgerParams(new URL(request.url).searchParams);
  const page = await listLedgerPage(ctx.db, ledgerQueryOf(params, ctx.org.id, new Date()));
  return Response.json(page, { headers: { "cache-control": "private, no-store" } });
});
