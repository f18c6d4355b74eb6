import type { ReactNode } from "react";

export type Column = string | { label: ReactNode; className?: string };

/** The header row of a data table: one column header (scope="col") per column, in a fixed order. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          // The columns of a table never reorder, so the position is a stable key (labels may repeat).
          <th key={i} scope="col" className={typeof c === "string" ? undefined : c.className}>
            {typeof c === "string" ? c : c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
