import type { CompiledPolicy } from "@/lib/policy/compile";
import { pathEvidence, type ChangeFacts } from "../facts";
import { SHAPE } from "../shape";
import type { Evidence } from "../types";
import type { Contribution, SignalDraft } from "./draft";

export interface RegimeExposure {
  id: string;
  name: string;
  evidence: Evidence[];
}

/** Regimes a change is exposed to: by the paths it touches, or by the data classes of the services it changes. */
export function regimesExposed(facts: ChangeFacts, policy: CompiledPolicy): RegimeExposure[] {
  const out: RegimeExposure[] = [];
  for (const regime of policy.regimes) {
    const paths = facts.files
      .filter((f) => !f.info.kinds.has("docs") && (f.info.regimes.includes(regime.index) || f.previousInfo?.regimes.includes(regime.index)))
      .map((f) => f.file.path);
    const evidence: Evidence[] = pathEvidence(paths);
    for (const idx of facts.directServices.keys()) {
      const service = policy.services[idx]!;
      const classes = service.dataClasses.filter((c) => regime.dataClasses.includes(c));
      if (classes.length) evidence.push({ kind: "service", value: service.name, detail: `handles ${classes.join(", ")} data` });
    }
    if (evidence.length) out.push({ id: regime.id, name: regime.name, evidence });
  }
  return out;
}

export function complianceSignal(facts: ChangeFacts, regimes: readonly RegimeExposure[]): SignalDraft {
  const S = SHAPE.compliance;
  const out: Contribution[] = regimes.map((r, i) => ({
    code: `compliance.regime.${r.id}`,
    message: `Exposed to ${r.name}`,
    evidence: [{ kind: "regime", value: r.name }, ...r.evidence],
    amount: i === 0 ? S.firstRegime : S.extraRegime,
  }));
  const relevant = facts.files.filter((f) => !f.test && !f.info.kinds.has("docs"));
  const secrets = relevant.filter((f) => f.info.kinds.has("secrets")).map((f) => f.file.path);
  if (secrets.length) {
    out.push({
      code: "compliance.secrets",
      message: "Touches files that look like secrets or credentials",
      evidence: pathEvidence(secrets),
      amount: S.secrets,
    });
  }
  const auth = relevant.filter((f) => f.info.kinds.has("auth") && !f.info.kinds.has("secrets")).map((f) => f.file.path);
  if (auth.length) {
    out.push({
      code: "compliance.auth",
      message: "Touches authentication, authorisation or cryptography code",
      evidence: pathEvidence(auth),
      amount: S.auth,
    });
  }
  return { name: "compliance", known: true, contributions: out };
}
