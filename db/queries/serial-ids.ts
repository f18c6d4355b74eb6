import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { rowsOf } from "./rows";

/**
 * Takes `count` ids from a table's identity sequence before its rows are inserted, so that other rows (a change
 * pointing at its new assessment) or the row's own content (a receipt naming its id) can carry them.
 */
export async function reserveSerialIds(db: DbOrTx, table: "assessments" | "receipts", count: number): Promise<number[]> {
  if (count <= 0) return [];
  const rows = rowsOf<{ id: string | number }>(
    await db.execute(sql`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count})`),
  );
  return rows.map((r) => Number(r.id));
}
