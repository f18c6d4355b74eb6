import type { DbOrTx } from "../../db/client";
import { streamLedger, type LedgerFilter, type LedgerRow, type LedgerSort } from "../../db/queries/ledger";

export const LEDGER_CSV_COLUMNS = [
  "merged_at",
  "created_at",
  "repository",
  "number",
  "title",
  "author",
  "ai_origin",
  "services",
  "risk",
  "band",
  "top_reason",
  "failed_controls",
  "attested",
  "url",
] as const;

/** Cells that a spreadsheet would run as a formula are prefixed with a quote (CSV injection). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(row: LedgerRow): string {
  return [
    row.mergedAt,
    row.createdAt,
    row.repo,
    row.number,
    row.title,
    row.authorLogin,
    row.aiOrigin,
    row.services.join(" "),
    row.risk,
    row.band,
    row.topReason,
    row.failedControls.join(" "),
    row.attested,
    row.url,
  ]
    .map(csvCell)
    .join(",");
}

/**
 * The ledger of one filter as CSV, produced batch by batch as the client reads it (pull-based, so a slow reader
 * holds back the database reads instead of filling memory).
 */
export function ledgerCsvStream(db: DbOrTx, filter: LedgerFilter & { sort: LedgerSort }, batchSize = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let batches: AsyncGenerator<LedgerRow[]> | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${LEDGER_CSV_COLUMNS.join(",")}\r\n`));
    },
    async pull(controller) {
      batches ??= streamLedger(db, filter, batchSize);
      const next = await batches.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map((r) => `${csvLine(r)}\r\n`).join("")));
    },
    async cancel() {
      await batches?.return(undefined);
    },
  });
}
