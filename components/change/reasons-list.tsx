import type { Reason } from "@/lib/scoring/types";
import { EvidenceList } from "./evidence";

/** Every reason behind the score, most points first, each with the evidence a person can check. */
export function ReasonsList({ reasons }: { reasons: readonly Reason[] }) {
  return (
    <section className="panel" aria-labelledby="reasons-h">
      <h2 id="reasons-h">Reasons</h2>
      {reasons.length === 0 ? (
        <p className="muted">No reason added risk: nothing in this change matched a rule.</p>
      ) : (
        <ol className="reasons" data-testid="reasons">
          {reasons.map((r, i) => (
            <li key={`${r.code}-${i}`}>
              <div className="reason-head">
                <span className="reason-points num">{r.points !== undefined ? `${r.points.toFixed(1)} pts` : ""}</span>
                <span className="badge role-chip">{r.signal}</span> {r.message}
                <code className="muted"> {r.code}</code>
              </div>
              <EvidenceList items={r.evidence} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
