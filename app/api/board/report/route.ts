import { parseBoardSlice } from "@/components/board/params";
import { loadBoardView } from "@/components/board/view";
import { defineRoute } from "@/lib/auth/guard";
import { buildBoardReportPdf } from "@/lib/services/board-report";

/** The board report as a one-page PDF: KPIs of this quarter against the last and the weekly trend as vectors. */
export const GET = defineRoute("board:export", async (ctx, request) => {
  const slice = parseBoardSlice(new URL(request.url).searchParams);
  const now = new Date();
  const view = await loadBoardView(ctx.db, ctx.org.id, slice, now);
  const pdf = await buildBoardReportPdf({
    orgName: ctx.org.name,
    sliceLabel: view.sliceLabel,
    data: view.data,
    kpis: view.kpis,
    reading: view.reading,
    currentLabel: view.currentLabel,
    previousLabel: view.previousLabel,
    generatedAt: now,
    divergent: view.spans,
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="board-report-${now.toISOString().slice(0, 10)}.pdf"`,
      "cache-control": "private, no-store",
    },
  });
});
