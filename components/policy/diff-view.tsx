import { diffHunks, lineDiff } from "./line-diff";

/** A unified line diff between two policy versions, unchanged stretches folded. */
export function DiffView({ before, after, title }: { before: string; after: string; title: string }) {
  const hunks = diffHunks(lineDiff(before, after));
  const added = hunks.filter((h) => h.kind === "added").length;
  const removed = hunks.filter((h) => h.kind === "removed").length;
  return (
    <section className="panel" aria-labelledby="diff-h" data-testid="policy-diff">
      <h2 id="diff-h">{title}</h2>
      <p className="muted">
        {added} line{added === 1 ? "" : "s"} added, {removed} removed.
      </p>
      {hunks.length === 0 ? (
        <p className="muted">The two versions are identical.</p>
      ) : (
        <pre className="diff">
          {hunks.map((h, i) =>
            h.kind === "gap" ? (
              <span key={i} className="diff-gap">
                {`… ${h.skipped} unchanged line${h.skipped === 1 ? "" : "s"}\n`}
              </span>
            ) : (
              <span key={i} className={`diff-${h.kind}`}>
                <span className="visually-hidden">{h.kind === "added" ? "added: " : h.kind === "removed" ? "removed: " : ""}</span>
                {`${h.kind === "added" ? "+" : h.kind === "removed" ? "-" : " "} ${h.text}\n`}
              </span>
            ),
          )}
        </pre>
      )}
    </section>
  );
}
