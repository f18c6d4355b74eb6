import type { Command } from "commander";
import { getRecordedChainHead } from "../../../db/queries/receipts";
import { backfillReceipts } from "../../services/backfill-receipts";
import { getSecretBox } from "../../services/secrets";
import { requireOrganisation, withDatabase } from "../database";

/** Exit codes: 0 done (whether or not anything was missing), 2 no such organisation, 3 database locked. */
export function registerBackfillReceipts(program: Command): void {
  program
    .command("backfill-receipts")
    .description("Issue the missing merge receipts of changes merged before receipts existed (safe to run again)")
    .requiredOption("--org <slug>", "the organisation whose receipts to backfill")
    .addHelpText(
      "after",
      [
        "",
        "Every merged, scored change with no receipt gets its merge receipt, oldest merge first, appended to the",
        "organisation's one chain exactly as sync would issue it. The server also does this on start.",
        "",
        "Example:",
        "  npm run cli -- backfill-receipts --org demo",
      ].join("\n"),
    )
    .action(async (opts: { org: string }) => {
      await withDatabase(async (database) => {
        const org = await requireOrganisation(database, opts.org);
        const result = await backfillReceipts(database.db, org.id, { box: getSecretBox() });
        const head = await getRecordedChainHead(database.db, org.id);
        const skipped = result.skipped ? `; ${result.skipped} merged changes have no valid merge commit id and cannot have one` : "";
        process.stdout.write(
          `backfilled ${org.slug}: ${result.issued} receipts issued${skipped}; chain head #${head?.sequence ?? 0}\n`,
        );
      });
    });
}
