import type { ReactNode } from "react";

/** What the page will show, why it is empty, and what to do next. */
export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="panel empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{title}</h2>
      <div className="muted">{children}</div>
      {action ? <div style={{ marginTop: 12 }}>{action}</div> : null}
    </section>
  );
}
