export interface WeekPoint {
  /** Week start, yyyy-mm-dd. */
  week: string;
  pri: number | null;
  merged: number;
}

/**
 * Weeks where velocity rose while the PRI fell against the week before: the pattern the board should see
 * (more changes shipped, less safely). Returned as [from, to] spans of adjacent weeks for shading.
 */
export function divergentSpans(points: readonly WeekPoint[]): Array<{ from: string; to: string }> {
  const spans: Array<{ from: string; to: string }> = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.pri === null || b.pri === null) continue;
    if (b.merged > a.merged && b.pri < a.pri) {
      const last = spans[spans.length - 1];
      if (last && last.to === a.week) last.to = b.week;
      else spans.push({ from: a.week, to: b.week });
    }
  }
  return spans;
}

/** The one-line reading of a trend: first against last quarter of the window, in plain words. */
export function trendReading(points: readonly WeekPoint[]): string {
  const scored = points.filter((p) => p.pri !== null);
  if (scored.length < 2) return "Not enough weeks with merged changes to read a trend yet.";
  const n = Math.max(1, Math.floor(scored.length / 4));
  const head = scored.slice(0, n);
  const tail = scored.slice(-n);
  const mean = (xs: WeekPoint[], f: (p: WeekPoint) => number) => xs.reduce((s, p) => s + f(p), 0) / xs.length;
  const priDelta = mean(tail, (p) => p.pri!) - mean(head, (p) => p.pri!);
  const v0 = mean(head, (p) => p.merged);
  const v1 = mean(tail, (p) => p.merged);
  const velocity = v0 > 0 ? ((v1 - v0) / v0) * 100 : null;
  const pri = Math.abs(priDelta) < 0.5 ? "PRI held steady" : `PRI ${priDelta < 0 ? "fell" : "rose"} ${Math.abs(priDelta).toFixed(1)} points`;
  const vel =
    velocity === null ? "" : Math.abs(velocity) < 5 ? " while merges held steady" : ` while weekly merges ${velocity > 0 ? "rose" : "fell"} ${Math.abs(velocity).toFixed(0)} %`;
  return `${pri}${vel} (first ${n} against last ${n} week${n === 1 ? "" : "s"} shown).`;
}
