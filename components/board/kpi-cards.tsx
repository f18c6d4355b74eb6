import type { Kpi } from "./kpis";

const ARROW: Record<Kpi["direction"], string> = { up: "▲", down: "▼", none: "" };

export function KpiCards({ kpis, currentLabel, previousLabel }: { kpis: Kpi[]; currentLabel: string; previousLabel: string }) {
  return (
    <div className="kpi-grid" data-testid="kpis">
      {kpis.map((k) => (
        <section key={k.id} className="panel kpi" aria-labelledby={`kpi-${k.id}`}>
          <h3 id={`kpi-${k.id}`}>{k.label}</h3>
          <div className="kpi-value num" data-testid={`kpi-${k.id}`}>
            {k.current}
          </div>
          <div className="muted">
            {previousLabel}: <span className="num">{k.previous}</span> · {currentLabel} to date
          </div>
          <div className={`kpi-reading tone-${k.tone}`}>
            {ARROW[k.direction] ? <span aria-hidden="true">{ARROW[k.direction]} </span> : null}
            {k.reading}
          </div>
        </section>
      ))}
    </div>
  );
}
