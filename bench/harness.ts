/** A benchmark prints figures and ratios against targets; it never fails a build on timing. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≥ 20000" or "≤ 50". */
  target?: string;
  /** Whether the figure meets the target, when one is set. */
  ok?: boolean;
  note?: string;
}

export interface BenchContext {
  /** Scale factor from BENCH_SCALE (default 1): lets CI run a small version of heavy benchmarks. */
  scale: number;
  report(figure: Figure): void;
  log(message: string): void;
}

export interface BenchModule {
  title: string;
  run(ctx: BenchContext): Promise<void>;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const idx = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[idx]!;
}
