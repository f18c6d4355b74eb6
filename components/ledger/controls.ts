/** Display names of the policy checks the engine runs (lib/scoring/checks.ts); unknown ids show as they are. */
export const CONTROL_LABELS: Record<string, string> = {
  "codeowners-approval": "Code owners approved",
  "required-approvals": "Enough human approvals",
  "required-checks": "Required status checks passed",
  "admin-bypass": "No admin bypass",
  dependencies: "Dependencies allowed",
  ticket: "Ticket referenced",
};

export function controlLabel(id: string): string {
  return CONTROL_LABELS[id] ?? id;
}
