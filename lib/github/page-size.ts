/**
 * GraphQL page size that adapts to GitHub: halve it when a heavy page times out or answers 502, and grow it
 * back by half again after a run of successful pages, never beyond `max`.
 */
export interface PageSizeOptions {
  initial?: number;
  min?: number;
  max?: number;
  /** Successful pages in a row before growing again. */
  growAfter?: number;
}

export class AdaptivePageSize {
  readonly min: number;
  readonly max: number;
  private readonly growAfter: number;
  private size: number;
  private streak = 0;
  readonly history: number[] = [];

  constructor(options: PageSizeOptions = {}) {
    this.max = Math.min(100, options.max ?? 100);
    this.min = Math.max(1, Math.min(options.min ?? 5, this.max));
    this.size = Math.min(this.max, Math.max(this.min, options.initial ?? 50));
    this.growAfter = options.growAfter ?? 2;
  }

  get current(): number {
    return this.size;
  }

  /** Returns false when already at the minimum (the failure is then not about page weight). */
  shrink(): boolean {
    this.streak = 0;
    if (this.size <= this.min) return false;
    this.size = Math.max(this.min, Math.floor(this.size / 2));
    this.history.push(this.size);
    return true;
  }

  succeeded(): void {
    this.streak += 1;
    if (this.streak >= this.growAfter && this.size < this.max) {
      this.size = Math.min(this.max, Math.ceil(this.size * 1.5));
      this.streak = 0;
      this.history.push(this.size);
    }
  }
}
