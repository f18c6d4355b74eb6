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
  if (policy.regimes.length === 0) return out;
  // Paths exposing each regime, in file order, each path once.
  const byRegime: string[][] | null = facts.anyRegimePath ? policy.regimes.map(() => []) : null;
  if (byRegime) {
    for (const f of facts.files) {
      if (f.info.kinds.has("docs")) continue;
      for (const idx of f.info.regimes) byRegime[idx]!.push(f.file.path);
      if (f.previousInfo) for (const idx of f.previousInfo.regimes) if (!f.info.regimes.includes(idx)) byRegime[idx]!.push(f.file.path);
    }
  }
  for (const regime of policy.regimes) {
    const evidence: Evidence[] = pathEvidence(byRegime ? byRegime[regime.index]! : []);
    if (regime.dataClasses.length) {
      for (const idx of facts.directServices.keys()) {
        const service = policy.services[idx]!;
        if (service.dataClasses.length === 0) continue;
        const classes = service.dataClasses.filter((c) => regime.dataClasses.includes(c));
        if (classes.length) evidence.push({ kind: "service", value: service.name, detail: `handles ${classes.join(", ")} data` });
      }
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
  const secrets: string[] = [];
  const auth: string[] = [];
  for (const f of facts.files) {
    if (f.test) continue;
    const kinds = f.info.kinds;
    if (kinds.size === 0 || kinds.has("docs")) continue;
    if (kinds.has("secrets")) secrets.push(f.file.path);
    else if (kinds.has("auth")) auth.push(f.file.path);
  }
  if (secrets.length) {
    out.push({
      code: "compliance.secrets",
      message: "Touches files that look like secrets or credentials",
      evidence: pathEvidence(secrets),
      amount: S.secrets,
    });
  }
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
