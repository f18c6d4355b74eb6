import type { Command } from "commander";
import { registerCalibrate } from "./calibrate";
import { registerEvaluate } from "./evaluate";
import { registerScore } from "./score";
import { registerScoreGit } from "./score-git";
import { registerVerifyReceipt } from "./verify-receipt";
import { registerVerifyReceipts } from "./verify-receipts";
import { registerBackfillReceipts } from "./backfill-receipts";
import { registerSync } from "./sync";
import { registerLedger } from "./ledger";
import { registerWorker } from "./worker";

/** Each command lives in its own module and registers itself here. */
export function registerCommands(program: Command): void {
  registerScore(program);
  registerEvaluate(program);
  registerCalibrate(program);
  registerScoreGit(program);
  registerVerifyReceipt(program);
  registerVerifyReceipts(program);
  registerBackfillReceipts(program);
  registerSync(program);
  registerLedger(program);
  registerWorker(program);
}
