import type { AssessmentRow, PolicyVersion } from "../../db/schema";
import { defaultCompiledPolicy, loadPolicy } from "../policy";
import type { PolicyRef } from "../receipts";
import type { Assessment } from "../scoring/types";

/** A stored assessment row as the engine's Assessment, for issuing a receipt from what is stored. */
export function assessmentOfRow(row: AssessmentRow): Assessment {
  return {
    modelVersion: row.modelVersion,
    policyVersion: row.policyVersion,
    risk: row.risk,
    band: row.band,
    signals: row.signals,
    ai: row.ai,
    checks: row.checks,
    reasons: row.reasons,
    services: row.services,
    regimes: row.regimes,
  };
}

/** How a receipt names the policy a stored assessment was made under (the built-in default when none). */
export function policyRefOfRow(row: AssessmentRow, version: PolicyVersion | null): PolicyRef {
  if (!version) return { version: "default", name: defaultCompiledPolicy().document.name ?? "default policy", number: null };
  const loaded = loadPolicy(version.yaml);
  return { version: row.policyVersion, name: (loaded.ok ? loaded.policy.document.name : null) ?? "unnamed policy", number: version.number };
}
