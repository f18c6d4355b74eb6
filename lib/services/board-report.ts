import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { BoardData } from "../../db/queries/board";

export interface BoardReportKpi {
  label: string;
  current: string;
  previous: string;
  reading: string;
}

export interface BoardReportInput {
  orgName: string;
  sliceLabel: string;
  data: BoardData;
  kpis: BoardReportKpi[];
  reading: string;
  currentLabel: string;
  previousLabel: string;
  generatedAt: Date;
  /** Weeks where velocity rose while the PRI fell, as [from, to] week starts (yyyy-mm-dd). */
  divergent: Array<{ from: string; to: string }>;
}

const INK = rgb(0.08, 0.1, 0.12);
const MUTED = rgb(0.35, 0.38, 0.42);
const GRID = rgb(0.85, 0.87, 0.9);
const PRI = rgb(0.11, 0.37, 0.75);
const BARS = rgb(0.7, 0.55, 0.2);
const SHADE = rgb(0.98, 0.86, 0.8);

/** The standard fonts speak WinAnsi only: anything else is spelled out or replaced. */
export function pdfSafe(text: string): string {
  return text
    .replace(/−/g, "-")
    .replace(/[▲▼]/g, "")
    .replace(/≥/g, ">=")
    .replace(/≤/g, "<=")
    .replace(/×/g, "x")
    .replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]/g, "?");
}

/**
 * The board report: the KPIs of this quarter against the last, and the weekly PRI and velocity drawn as vector
 * lines and bars (no raster image), with the divergent weeks shaded. A4 landscape, one page.
 */
export async function buildBoardReportPdf(input: BoardReportInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(pdfSafe(`Board report — ${input.orgName}`));
  pdf.setSubject("Production Reliability Index and velocity");
  pdf.setProducer("Risk Ledger");
  pdf.setCreationDate(input.generatedAt);
  const page = pdf.addPage([842, 595]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const text = (s: string, x: number, y: number, size = 10, f: PDFFont = font, color = INK) =>
    page.drawText(pdfSafe(s), { x, y, size, font: f, color });

  text(`Board report — ${input.orgName}`, 40, 555, 18, bold);
  text(
    `${input.sliceLabel} · ${input.currentLabel} to date against ${input.previousLabel} · generated ${input.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    40,
    537,
    9,
    font,
    MUTED,
  );
  text("PRI = 100 - criticality-weighted mean risk of the changes merged (higher is healthier).", 40, 524, 9, font, MUTED);

  // KPI cards, three per row.
  const cardW = 248;
  const cardH = 58;
  input.kpis.forEach((k, i) => {
    const x = 40 + (i % 3) * (cardW + 9);
    const y = 450 - Math.floor(i / 3) * (cardH + 8);
    page.drawRectangle({ x, y, width: cardW, height: cardH, borderColor: GRID, borderWidth: 1 });
    text(k.label, x + 8, y + cardH - 14, 9, bold, MUTED);
    text(k.current, x + 8, y + cardH - 34, 15, bold);
    text(`${input.previousLabel}: ${k.previous} · ${k.reading}`, x + 8, y + 8, 7.5, font, MUTED);
  });

  drawTrend(page, font, bold, input, { x: 60, y: 60, width: 720, height: 240 });
  return pdf.save();
}

function drawTrend(
  page: PDFPage,
  font: PDFFont,
  bold: PDFFont,
  input: BoardReportInput,
  box: { x: number; y: number; width: number; height: number },
) {
  const weeks = input.data.weeks;
  page.drawText(pdfSafe("Weekly PRI (line, left axis) and changes merged per week (bars, right axis)"), {
    x: box.x - 20,
    y: box.y + box.height + 30,
    size: 11,
    font: bold,
    color: INK,
  });
  page.drawText(pdfSafe(input.reading), { x: box.x - 20, y: box.y + box.height + 16, size: 9, font, color: MUTED });
  const n = weeks.length;
  const maxMerged = Math.max(1, ...weeks.map((w) => w.merged));
  const step = n > 0 ? box.width / n : box.width;
  const xOf = (i: number) => box.x + step * i + step / 2;
  const yPri = (pri: number) => box.y + (pri / 100) * box.height;
  const yVel = (m: number) => box.y + (m / maxMerged) * box.height;
  const weekIndex = new Map(weeks.map((w, i) => [w.start!.slice(0, 10), i]));

  for (const span of input.divergent) {
    const a = weekIndex.get(span.from);
    const b = weekIndex.get(span.to);
    if (a === undefined || b === undefined) continue;
    page.drawRectangle({ x: xOf(a) - step / 2, y: box.y, width: step * (b - a + 1), height: box.height, color: SHADE });
  }
  for (let v = 0; v <= 100; v += 25) {
    page.drawLine({ start: { x: box.x, y: yPri(v) }, end: { x: box.x + box.width, y: yPri(v) }, thickness: 0.5, color: GRID });
    page.drawText(String(v), { x: box.x - 22, y: yPri(v) - 3, size: 8, font, color: MUTED });
    const m = Math.round((maxMerged * v) / 100);
    page.drawText(String(m), { x: box.x + box.width + 6, y: yPri(v) - 3, size: 8, font, color: MUTED });
  }
  weeks.forEach((w, i) => {
    const h = yVel(w.merged) - box.y;
    if (h > 0) page.drawRectangle({ x: xOf(i) - step * 0.35, y: box.y, width: step * 0.7, height: h, color: BARS, opacity: 0.45 });
  });
  let prev: { x: number; y: number } | null = null;
  weeks.forEach((w, i) => {
    if (w.pri === null) return;
    const pt = { x: xOf(i), y: yPri(w.pri) };
    if (prev) page.drawLine({ start: prev, end: pt, thickness: 1.6, color: PRI });
    page.drawCircle({ x: pt.x, y: pt.y, size: 1.6, color: PRI });
    prev = pt;
  });
  page.drawLine({ start: { x: box.x, y: box.y }, end: { x: box.x + box.width, y: box.y }, thickness: 1, color: INK });
  page.drawLine({ start: { x: box.x, y: box.y }, end: { x: box.x, y: box.y + box.height }, thickness: 1, color: INK });
  const labelEvery = Math.max(1, Math.ceil(n / 12));
  weeks.forEach((w, i) => {
    if (i % labelEvery !== 0) return;
    page.drawText(w.start!.slice(0, 10), { x: xOf(i) - 20, y: box.y - 12, size: 7, font, color: MUTED });
  });
  page.drawText("Week starting (UTC)", { x: box.x + box.width / 2 - 40, y: box.y - 26, size: 8, font, color: MUTED });
  page.drawText("PRI", { x: box.x - 22, y: box.y + box.height + 4, size: 8, font: bold, color: PRI });
  page.drawText("Merged/week", { x: box.x + box.width - 20, y: box.y + box.height + 4, size: 8, font: bold, color: BARS });
  if (n === 0) page.drawText("No merged changes in the window.", { x: box.x + 20, y: box.y + box.height / 2, size: 10, font, color: MUTED });
}
