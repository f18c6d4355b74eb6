import type { AiVerdict, Provenance } from "@/lib/scoring/types";
import { EvidenceList } from "./evidence";

const FIELDS: Array<[keyof Provenance, string]> = [
  ["tool", "Tool"],
  ["model", "Model"],
  ["sessionId", "Session"],
  ["promptSummary", "Prompt summary"],
  ["reviewer", "Human reviewer"],
  ["riskArea", "Risk area"],
];

/** Whether an agent wrote or co-wrote the change, the evidence for it, and the provenance block when present. */
export function AiProvenance({ ai }: { ai: AiVerdict }) {
  const p = ai.provenance;
  return (
    <section className="panel" aria-labelledby="ai-h">
      <h2 id="ai-h">AI provenance</h2>
      <p>
        {ai.aiOrigin ? (
          <>
            <strong>AI origin</strong>: {ai.tools.length ? ai.tools.join(", ") : "an agent"}.
          </>
        ) : (
          "No sign of a coding agent in the commits, trailers, labels, branch or description."
        )}
      </p>
      <EvidenceList items={ai.evidence} />
      {p ? (
        <dl className="kv">
          {FIELDS.filter(([k]) => p[k]).map(([k, label]) => (
            <div key={k}>
              <dt>{label}</dt>
              <dd>{String(p[k])}</dd>
            </div>
          ))}
          {p.verification?.length ? (
            <div>
              <dt>Verification</dt>
              <dd>{p.verification.join("; ")}</dd>
            </div>
          ) : null}
        </dl>
      ) : ai.aiOrigin ? (
        <p className="muted">No provenance block (tool, model, session, reviewer) was attached to this change.</p>
      ) : null}
    </section>
  );
}
