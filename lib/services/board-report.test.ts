import { inflateSync } from "node:zlib";
import { PDFDocument, PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { emptyBucket, type BoardData } from "../../db/queries/board";
import { buildBoardReportPdf, pdfSafe } from "./board-report";

function weeks(n: number): BoardData["weeks"] {
  return Array.from({ length: n }, (_, i) => ({
    ...emptyBucket(new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString()),
    pri: 70 - (i % 5),
    merged: 10 + i,
  }));
}

async function contentOf(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const page = doc.getPage(0);
  const streams = page.node.normalizedEntries().Contents;
  const out: string[] = [];
  for (let i = 0; i < (streams?.size() ?? 0); i++) {
    const s = doc.context.lookup(streams!.get(i));
    if (s instanceof PDFRawStream) out.push(inflateSync(Buffer.from(s.contents)).toString("latin1"));
  }
  return out.join("\n");
}

describe("board report PDF", () => {
  it("draws the trend as vector paths (one segment per consecutive week) and writes the KPIs", async () => {
    const data: BoardData = {
      weeks: weeks(20),
      current: emptyBucket("2026-10-01T00:00:00.000Z"),
      previous: emptyBucket("2026-07-01T00:00:00.000Z"),
      window: { from: "2026-01-01T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z" },
      quarters: { current: "2026-10-01T00:00:00.000Z", previous: "2026-07-01T00:00:00.000Z" },
    };
    const bytes = await buildBoardReportPdf({
      orgName: "Acme − Payments",
      sliceLabel: "Whole organisation",
      data,
      kpis: [{ label: "PRI", current: "71.2", previous: "74.0", reading: "down 2.8 points from last quarter" }],
      reading: "PRI fell 2.8 points while weekly merges rose 40 %",
      currentLabel: "Q4 2026",
      previousLabel: "Q3 2026",
      generatedAt: new Date("2026-11-21T12:00:00Z"),
      divergent: [{ from: "2026-01-12", to: "2026-01-19" }],
    });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe("Board report — Acme - Payments");
    const content = await contentOf(bytes);
    // Each drawn line is "x y m x y l S"; 19 PRI segments + grid + axes.
    const lines = content.match(/ m\n[^\n]* l\nS/g) ?? [];
    expect(lines.length).toBeGreaterThanOrEqual(19 + 5 + 2);
    expect(content).not.toMatch(/\/Image/);
  });

  it("keeps text inside the standard fonts' character set", () => {
    expect(pdfSafe("PRI ▲ 3 − 2 ≥ 1 × 2 — ok")).toBe("PRI  3 - 2 >= 1 x 2 — ok");
    expect(pdfSafe("漢字")).toBe("??");
  });
});
