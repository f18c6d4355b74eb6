"use client";

/**
 * A `<datalist>` of suggestions. A client component on purpose: its values then travel to the browser as one array
 * prop instead of one server-rendered element each, which keeps long lists (hundreds of authors) cheap to render.
 */
export function Datalist({ id, values }: { id: string; values: string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}
