import { LazyPriTrend } from "@/components/charts/lazy";
import type { WeekPoint } from "./divergence";
import { TableHead } from "@/components/ui/table-head";

/** The trend chart with its title, its one-line reading, and the weekly figures as a table for screen readers. */
export function TrendPanel({ points, reading, spans }: { points: WeekPoint[]; reading: string; spans: Array<{ from: string; to: string }> }) {
  return (
    <section className="panel" aria-labelledby="trend-h">
      <h2 id="trend-h">PRI and velocity by week</h2>
      <p className="reading" data-testid="trend-reading">
        {reading}
      </p>
      <figure className="chart" aria-label="Weekly PRI beside changes merged per week" data-testid="pri-trend">
        <LazyPriTrend points={points} />
        <figcaption className="muted">
          Line: PRI (left axis, 0–100, higher is healthier). Bars: changes merged per week (right axis).
          {spans.length ? ` Shaded: ${spans.length} stretch${spans.length === 1 ? "" : "es"} where velocity rose while the PRI fell.` : " No week where velocity rose while the PRI fell."}
        </figcaption>
      </figure>
      <details>
        <summary>Weekly figures</summary>
        <div className="table-wrap">
          <table className="table">
            <TableHead columns={["Week starting", { label: "PRI", className: "num" }, { label: "Merged", className: "num" }]} />
            <tbody>
              {points.map((p) => (
                <tr key={p.week}>
                  <td>{p.week}</td>
                  <td className="num">{p.pri === null ? "—" : p.pri.toFixed(1)}</td>
                  <td className="num">{p.merged}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
