import type { BenchModule } from "./harness";

/** Benchmarks by key: `npm run bench -- <key> …` runs only those. */
export const BENCHES: Record<string, () => Promise<{ default: BenchModule }>> = {
  github: () => import("./github"),
  sync: () => import("./sync"),
  receipts: () => import("./receipts"),
  scoring: () => import("./scoring"),
  "score-git": () => import("./score-git"),
  ledger: () => import("./ledger"),
};
