import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

export interface JsonRecords {
  /** The target columns, for `insert into t (<columns>)`. */
  columns: SQL;
  /** `select … from jsonb_to_recordset(…)`: the rows, typed as the table's columns. */
  select: SQL;
}

/**
 * Many rows of one table as a single JSON parameter expanded by `jsonb_to_recordset`: a set-based write binds one
 * value instead of one per cell, and JS maps nothing per cell (dates serialise as ISO strings, jsonb values nest
 * as they are). Every row must have the same keys (property names of the table); a missing key would be NULL,
 * not the column's default.
 */
export function jsonRecords(table: PgTable, rows: readonly object[]): JsonRecords {
  const keys = Object.keys(rows[0] ?? {});
  const all = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const cols = keys.map((key) => {
    const column = all[key];
    if (!column) throw new Error(`no column ${key}`);
    return { key, name: column.name, type: column.getSQLType() };
  });
  const record = cols.map((c) => `${quote(c.key)} ${c.type}`).join(", ");
  return {
    columns: sql.raw(cols.map((c) => quote(c.name)).join(", ")),
    select: sql`select ${sql.raw(cols.map((c) => `r.${quote(c.key)}`).join(", "))} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(record)})`,
  };
}

/** `col = excluded.col` for each column of the records except the conflict target. */
export function excludedSet(table: PgTable, rows: readonly object[], except: string[]): SQL {
  const all = getTableColumns(table) as Record<string, { name: string }>;
  const names = Object.keys(rows[0] ?? {})
    .filter((k) => !except.includes(k))
    .map((k) => quote(all[k]!.name));
  return sql.raw(names.map((n) => `${n} = excluded.${n}`).join(", "));
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
