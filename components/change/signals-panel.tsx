import { LazySignalBars } from "@/components/charts/lazy";
import { SIGNAL_NAMES, type AiVerdict, type SignalName, type SignalResult } from "@/lib/scoring/types";
import { TableHead } from "@/components/ui/table-head";

/** The seven signals: a chart for the shape, and the table with the exact figures (also the chart's text alternative). */
export function SignalsPanel({ signals, ai }: { signals: Record<SignalName, SignalResult>; ai: AiVerdict }) {
  const rows = SIGNAL_NAMES.map((name) => signals[name]).filter((s): s is SignalResult => Boolean(s));
  const data = rows.map((s) => ({
    name: s.name,
    value: s.value,
    amplified: Math.min(1, s.value * s.multiplier),
    multiplier: s.multiplier,
    known: s.known !== false,
  }));
  return (
    <section className="panel" aria-labelledby="signals-h">
      <h2 id="signals-h">The seven signals</h2>
      <p className="muted">
        {ai.aiOrigin
          ? `AI origin (${ai.tools.join(", ") || "agent"}): each signal's value is multiplied before it enters the score, most for review and verification.`
          : "Human work: no AI multiplier applies (×1)."}
      </p>
      <figure className="chart" aria-label="Signal strengths, measured and after the AI multiplier">
        <LazySignalBars data={data} ai={ai.aiOrigin} />
      </figure>
      <div className="table-wrap">
        <table className="table" data-testid="signals-table">
          <caption className="visually-hidden">Signal values, weights, AI multipliers and risk points</caption>
          <TableHead columns={["Signal", { label: "Value", className: "num" }, { label: "Weight", className: "num" }, { label: "AI multiplier", className: "num" }, { label: "Risk points", className: "num" }]} />
          <tbody>
            {rows.map((s) => (
              <tr key={s.name}>
                <th scope="row">{s.name}</th>
                <td className="num">{s.known === false ? <span title={s.unknownReason}>unknown</span> : s.value.toFixed(2)}</td>
                <td className="num">{s.weight.toFixed(2)}</td>
                <td className="num">×{s.multiplier.toFixed(1)}</td>
                <td className="num">{s.points.toFixed(1)} pts</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
