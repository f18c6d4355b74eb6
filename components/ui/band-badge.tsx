import type { Band } from "@/lib/scoring/types";

const GLYPH: Record<Band, string> = { low: "○", elevated: "◐", high: "▲", critical: "■" };
export const BAND_LABEL: Record<Band, string> = { low: "Low", elevated: "Elevated", high: "High", critical: "Critical" };

/** A band is always shown by its name and a shape as well as its colour (colour-blind readers, print). */
export function BandBadge({ band, risk }: { band: Band | null; risk?: number | null }) {
  if (!band) return <span className="muted">not scored</span>;
  return (
    <span className={`badge band-${band}`} data-band={band}>
      <span aria-hidden="true">{GLYPH[band]}</span>
      {risk !== undefined && risk !== null ? <span className="num">{formatRisk(risk)}</span> : null}
      {BAND_LABEL[band]}
    </span>
  );
}

export function formatRisk(risk: number): string {
  return Number.isInteger(risk) ? String(risk) : risk.toFixed(1);
}
