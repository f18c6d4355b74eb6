import type { CompiledPolicy } from "@/lib/policy/compile";
import type { ChangeFacts } from "../facts";
import { SHAPE } from "../shape";
import type { ServiceHit } from "../types";
import { unknownSignal, type SignalDraft } from "./draft";
import { reachedConsumers } from "./scope";

/** Services reached by the change: touched directly, then their consumers through depends_on. */
export function servicesReached(facts: ChangeFacts, policy: CompiledPolicy): ServiceHit[] {
  if (facts.directServices.size === 0) return [];
  const direct: ServiceHit[] = [...facts.directServices.entries()]
    .map(([i, paths]) => ({ name: policy.services[i]!.name, tier: policy.services[i]!.tier, direct: true, paths }))
    .sort((a, b) => a.tier - b.tier || a.name.localeCompare(b.name));
  const indirect: ServiceHit[] = reachedConsumers(direct.map((s) => s.name), policy)
    .map((name) => ({ name, tier: policy.serviceByName.get(name)!.tier, direct: false, paths: [] }))
    .sort((a, b) => a.tier - b.tier || a.name.localeCompare(b.name));
  return [...direct, ...indirect];
}

/** The highest tier among the services reached; reaching a service only through depends_on counts less. */
export function criticalitySignal(hits: readonly ServiceHit[], policy: CompiledPolicy): SignalDraft {
  if (policy.services.length === 0) {
    return unknownSignal("criticality", "The policy declares no services, so the criticality of the touched code is unknown");
  }
  if (hits.length === 0) {
    return {
      name: "criticality",
      known: true,
      contributions: [{ code: "criticality.none", message: "Touches no declared service", evidence: [], amount: 0 }],
    };
  }
  const S = SHAPE.criticality;
  let best: { hit: ServiceHit; value: number } | null = null;
  for (const hit of hits) {
    const value = (S.tierValue[hit.tier] ?? 0) * (hit.direct ? 1 : S.indirectFactor);
    if (!best || value > best.value) best = { hit, value };
  }
  const { hit, value } = best!;
  return {
    name: "criticality",
    known: true,
    contributions: [
      {
        code: hit.direct ? "criticality.tier" : "criticality.tier-indirect",
        message: hit.direct
          ? `Changes tier ${hit.tier} service ${hit.name}`
          : `Reaches tier ${hit.tier} service ${hit.name} through depends_on`,
        evidence: [
          { kind: "service", value: hit.name, detail: `tier ${hit.tier}${hit.direct ? "" : ", consumer"}` },
          ...hit.paths.slice(0, 3).map((p) => ({ kind: "path" as const, value: p })),
        ],
        amount: value,
      },
    ],
  };
}
