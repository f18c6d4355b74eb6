import type { Command } from "commander";
import { getEnv } from "../../env";
import { getJobQueue } from "../../jobs";
import { CliError } from "../errors";
import { openDatabase } from "../../../db/client";
import { migrateDatabase } from "../../../db/migrate";

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("Run background jobs (sync, rescoring) from the PostgreSQL queue; start as many as you like, on any machine.")
    .addHelpText("after", "\nRequires DATABASE_URL. Web servers started with WORKERS=0 only queue jobs; workers run them.")
    .action(async () => {
      const env = getEnv();
      if (!env.DATABASE_URL) {
        throw new CliError("The worker needs DATABASE_URL: the embedded database runs its jobs inside the web server.", 2);
      }
      const database = await openDatabase({ url: env.DATABASE_URL });
      await migrateDatabase(database);
      const queue = await getJobQueue(database, { work: true });
      process.stderr.write("Worker started; waiting for jobs (Ctrl-C to stop).\n");
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await queue.stop();
      await database.close();
    });
}
