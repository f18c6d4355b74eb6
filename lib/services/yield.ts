/**
 * Lets whatever waits on this thread run (in the embedded mode, the web server's requests) before long work goes
 * on: syncs and rescores call it between batches and slices of scoring.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
