import type { Evidence } from "@/lib/scoring/types";

/** Evidence as small labelled chips: what kind of thing, which one, and the detail when there is one. */
export function EvidenceList({ items }: { items: readonly Evidence[] }) {
  if (!items.length) return null;
  return (
    <ul className="evidence">
      {items.map((e, i) => (
        <li key={`${e.kind}-${e.value}-${i}`}>
          <span className="evidence-kind">{e.kind}</span> <span className={e.kind === "path" || e.kind === "commit" ? "mono" : undefined}>{e.value}</span>
          {e.detail ? <span className="muted"> — {e.detail}</span> : null}
        </li>
      ))}
    </ul>
  );
}
