import { formatRisk } from "@/components/ui/band-badge";
import type { Eligibility } from "@/lib/services/attest";
import { AttestForm } from "./attest-form";

/**
 * The attest action of a change for the signed-in engineer: the form when they may attest, otherwise the reason
 * they may not (the server decides again when the form is submitted).
 */
export function AttestPanel({ eligibility }: { eligibility: Eligibility & { alreadyAttested: boolean } }) {
  const s = eligibility.subject;
  if (!s) return null;
  if (eligibility.alreadyAttested) {
    return <p className="notice notice-ok" data-testid="attest-state">You have attested the current score of this change.</p>;
  }
  if (!eligibility.eligible) {
    return <p className="notice" data-testid="attest-state">{eligibility.reason}</p>;
  }
  return (
    <div data-testid="attest-panel">
      <p className="muted">
        You may attest as {eligibility.standing.map((x) => (x === "codeowner" ? "a code owner of touched paths" : "a reviewer")).join(" and ")}.
      </p>
      <AttestForm changeId={s.id} assessmentId={s.assessmentId!} riskLabel={`risk ${formatRisk(s.risk ?? 0)}, ${s.band}`} />
    </div>
  );
}
