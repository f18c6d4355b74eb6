import { readChainPage } from "@/db/queries/receipts";
import { defineRoute } from "@/lib/auth/guard";
import { renderReceiptPdf } from "@/lib/receipts";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { loadReceiptView } from "@/lib/services/receipt-view";
import { publicKeyFileName, receiptFileName } from "@/components/receipts/file-names";

/**
 * `?id=<receipt>&format=json` — the signed receipt exactly as stored (the document of record);
 * `?id=<receipt>&format=pdf` — a readable copy that says how to verify it;
 * no id — the organisation's whole chain as JSON Lines, one exported receipt per line in sequence order.
 */
export const GET = defineRoute("receipts:export", async (ctx, request) => {
  const params = new URL(request.url).searchParams;
  const rawId = params.get("id");
  const slug = ctx.org.slug;
  if (rawId === null) return chainExport(ctx.db, ctx.org.id, slug);
  if (!/^\d{1,15}$/.test(rawId)) throw new NotFoundError("There is no such receipt in this organisation.");
  const view = await loadReceiptView(ctx.db, ctx.org.id, Number(rawId));
  const format = params.get("format") ?? "json";
  const name = receiptFileName(slug, view.signed.receipt.sequence);
  if (format === "json") {
    return new Response(view.canonical, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${name}.json"`,
        "cache-control": "private, no-store",
      },
    });
  }
  if (format === "pdf") {
    const pdf = await renderReceiptPdf(view.signed, { publicKeyFileName: publicKeyFileName(slug), jsonFileName: `${name}.json` });
    return new Response(new Uint8Array(pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${name}.pdf"`,
        "cache-control": "private, no-store",
      },
    });
  }
  throw new ValidationError('format must be "json" or "pdf"');
});

function chainExport(db: Parameters<typeof readChainPage>[0], orgId: string, slug: string): Response {
  let after = 0;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const page = await readChainPage(db, orgId, after, 1_000);
      if (!page.length) return controller.close();
      controller.enqueue(encoder.encode(page.map((r) => r.canonical).join("")));
      after = page[page.length - 1]!.sequence;
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${slug}-receipts.jsonl"`,
      "cache-control": "private, no-store",
    },
  });
}
