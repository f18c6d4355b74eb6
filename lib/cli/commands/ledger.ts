import type { Command } from "commander";
import { streamLedger, type LedgerRow } from "../../../db/queries/ledger";
import { csvCell } from "../../services/ledger-export";
import { requireOrganisation, withDatabase } from "../database";
import { CliError } from "../errors";

const COLUMNS = ["repo", "number", "title", "author", "mergeSha", "mergedAt", "risk", "band", "aiOrigin", "files", "truncated"] as const;

function record(row: LedgerRow) {
  return {
    repo: row.repo,
    number: row.number,
    title: row.title,
    author: row.authorLogin,
    mergeSha: row.mergeSha,
    mergedAt: row.mergedAt,
    risk: row.risk,
    band: row.band,
    aiOrigin: row.aiOrigin,
    files: row.fileCount,
    truncated: row.truncatedReason,
  };
}

export function registerLedger(program: Command): void {
  program
    .command("ledger")
    .description("Print the stored ledger of merged changes, oldest first (the headless twin of the ledger's CSV export).")
    .requiredOption("--org <slug>", "organisation")
    .option("--since <YYYY-MM-DD>", "only changes merged on or after this day (UTC)")
    .option("--format <jsonl|csv>", "output format", "jsonl")
    .addHelpText("after", `\nColumns: ${COLUMNS.join(", ")}. "truncated" holds the reason when GitHub's file list cap was hit.`)
    .action(async (opts: { org: string; since?: string; format: string }) => {
      if (opts.format !== "jsonl" && opts.format !== "csv") throw new CliError(`--format must be jsonl or csv, got "${opts.format}"`, 2);
      let from: Date | undefined;
      if (opts.since) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.since) || Number.isNaN(Date.parse(`${opts.since}T00:00:00Z`))) {
          throw new CliError(`--since must be a date like 2026-01-31, got "${opts.since}"`, 2);
        }
        from = new Date(`${opts.since}T00:00:00Z`);
      }
      await withDatabase(async ({ db }) => {
        const org = await requireOrganisation({ db }, opts.org);
        const out = process.stdout;
        if (opts.format === "csv") out.write(`${COLUMNS.join(",")}\n`);
        let count = 0;
        for await (const batch of streamLedger(db, { orgId: org.id, state: "merged", from, sort: "merged_asc" }, 1000)) {
          const text = batch
            .map((row) => {
              const r = record(row);
              return opts.format === "csv" ? COLUMNS.map((c) => csvCell(r[c])).join(",") : JSON.stringify(r);
            })
            .join("\n");
          // Respect back-pressure so a slow consumer (a pipe to a BI loader) does not fill memory.
          if (!out.write(`${text}\n`)) await new Promise((resolve) => out.once("drain", resolve));
          count += batch.length;
        }
        process.stderr.write(`${count} changes\n`);
      });
    });
}
