import type { CalibrationReport, EvaluationBlock } from "@/lib/calibration";
import type { Estimate } from "@/lib/calibration/stats";
import { SIGNAL_NAMES } from "@/lib/scoring";
import { formatDate } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";

const f3 = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
const signed = (x: number | null) => (x === null ? "n/a" : `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`);

function WithInterval({ e, fmt = f3 }: { e: Estimate; fmt?: (x: number | null) => string }) {
  return (
    <>
      {fmt(e.value)}
      {e.low !== null ? <span className="muted"> ({fmt(e.low)} to {fmt(e.high)})</span> : null}
    </>
  );
}

function BlockRow({ b, label }: { b: EvaluationBlock; label: string }) {
  const t = b.topDecile;
  return (
    <tr data-testid={`calibration-${b.scope}`}>
      <th scope="row">{label}</th>
      <td className="num">{b.changes}</td>
      <td className="num">{b.failures}</td>
      {b.judged ? (
        <>
          <td className="num"><WithInterval e={b.auc.before} /></td>
          <td className="num"><WithInterval e={b.auc.after} /></td>
          <td className="num"><WithInterval e={b.auc.linesAdded} /></td>
          <td className="num"><WithInterval e={b.aucDelta.afterVsBefore} fmt={signed} /></td>
        </>
      ) : (
        <td colSpan={4} className="status-unknown">Too few to judge: {b.note}</td>
      )}
      {t.judged ? (
        <td className="num">
          {f3(t.before.value)} ({t.before.hits}/{t.k}) → {f3(t.after.value)} ({t.after.hits}/{t.k}); base rate {f3(t.baseRate)}
        </td>
      ) : (
        <td className="status-unknown">Too few to judge{t.note && b.judged ? `: ${t.note}` : ""}</td>
      )}
    </tr>
  );
}

export function CalibrationReportView({ report, singleRepository }: { report: CalibrationReport; singleRepository: string | null }) {
  const pct = Math.round(report.trainFraction * 100);
  const { training, evaluation } = report.split;
  return (
    <>
      <section className="panel" aria-labelledby="reading-h">
        <h2 id="reading-h">How well the score predicted your failures</h2>
        {report.summary.map((line) => (
          <p key={line} className="reading">
            {line}
          </p>
        ))}
        <p className="muted">
          Split by merge time: fitted on the oldest {pct}% ({training.changes} changes, {training.failures} failed,{" "}
          {formatDate(training.from)} to {formatDate(training.to)}), judged on the newest {100 - pct}% ({evaluation.changes}{" "}
          changes, {evaluation.failures} failed, from {formatDate(evaluation.from)}). The fit never sees the newest period.
          {report.split.unsettled ? ` ${report.split.unsettled} changes merged too recently for their outcome to be final are left out.` : ""} Figures
          are read only with at least {report.minFailures} failed and {report.minFailures} non-failed changes; intervals are 95%.
        </p>
      </section>
      <section className="panel" aria-labelledby="figures-h">
        <h2 id="figures-h">Figures on the newest {100 - pct}%</h2>
        <div className="table-wrap" tabIndex={0}>
          <table aria-labelledby="figures-h">
            <TableHead
              columns={[
                "Scope",
                { label: "Changes", className: "num" },
                { label: "Failed", className: "num" },
                { label: "ROC AUC, current", className: "num" },
                { label: "ROC AUC, calibrated", className: "num" },
                { label: "ROC AUC, lines added", className: "num" },
                { label: "Calibrated − current", className: "num" },
                "Precision in the top decile (failed / changes), current → calibrated",
              ]}
            />
            <tbody>
              <BlockRow b={report.evaluation.overall} label={singleRepository ? `${singleRepository} (all)` : "All repositories"} />
              {report.evaluation.repositories.map((b) => (
                <BlockRow key={b.scope} b={b} label={b.scope} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel" aria-labelledby="fit-h">
        <h2 id="fit-h">Weights before and after</h2>
        <p className="muted">
          Fitted on the training period only ({report.fit.training.changes} changes, {report.fit.training.failures} failed;
          AI-origin {report.fit.training.aiChanges}, {report.fit.training.aiFailures} failed). Weights are non-negative.
          {report.fit.fitted ? "" : ` Nothing was fitted: ${report.fit.reason}.`}
        </p>
        <div className="table-wrap" tabIndex={0}>
          <table aria-labelledby="fit-h">
            <TableHead
              columns={[
                "Signal",
                { label: "Weight now", className: "num" },
                { label: "Calibrated", className: "num" },
                { label: "AI multiplier now", className: "num" },
                { label: "Calibrated", className: "num" },
                "Note",
              ]}
            />
            <tbody>
              {SIGNAL_NAMES.map((n) => {
                const w = report.fit.weights[n];
                const m = report.fit.multipliers[n];
                const note = !report.fit.fitted
                  ? ""
                  : w.status === "kept"
                    ? `weight kept: ${w.reason}`
                    : w.after === 0
                      ? "weight 0: would no longer count (failures these labels cannot see may still matter)"
                      : m.status === "kept"
                        ? `multiplier kept: ${m.reason}`
                        : "";
                return (
                  <tr key={n}>
                    <th scope="row">{n}</th>
                    <td className="num">{w.before.toFixed(3)}</td>
                    <td className="num">{w.after.toFixed(3)}</td>
                    <td className="num">×{m.before.toFixed(2)}</td>
                    <td className="num">×{m.after.toFixed(2)}</td>
                    <td>{note}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
