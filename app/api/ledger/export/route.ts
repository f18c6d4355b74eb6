import { ledgerQueryOf, parseLedgerParams } from "@/components/ledger/params";
import { defineRoute } from "@/lib/auth/guard";
import { ledgerCsvStream } from "@/lib/services/ledger-export";

/** The ledger of exactly the current filter as CSV, streamed in keyset batches (never held whole in memory). */
export const GET = defineRoute("ledger:export", async (ctx, request) => {
  const params = parseLedgerParams(new URL(request.url).searchParams);
  const { after: _a, before: _b, limit: _l, ...filter } = ledgerQueryOf(params, ctx.org.id, new Date());
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(ledgerCsvStream(ctx.db, filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="ledger-${params.tab}-${stamp}.csv"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
