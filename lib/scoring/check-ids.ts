/**
 * The policy checks the engine runs (checks.ts), in the order it reports them. A module of its own, with no
 * imports, so the browser can name the controls (ledger filter, table) without loading the engine.
 */
export const POLICY_CHECKS = [
  { id: "codeowners-approval", title: "Code owners approved" },
  { id: "required-approvals", title: "Enough human approvals" },
  { id: "required-checks", title: "Required status checks passed" },
  { id: "admin-bypass", title: "Branch protection not bypassed" },
  { id: "dependencies", title: "New dependencies allowed" },
  { id: "ticket", title: "Ticket referenced" },
] as const;

export type PolicyCheckId = (typeof POLICY_CHECKS)[number]["id"];

const TITLES: ReadonlyMap<string, string> = new Map(POLICY_CHECKS.map((c) => [c.id, c.title]));

/** The title of a check id; an id this model version does not know (an older one's, say) shows as it is. */
export function policyCheckTitle(id: string): string {
  return TITLES.get(id) ?? id;
}

export function policyCheck(id: PolicyCheckId): { id: PolicyCheckId; title: string } {
  return { id, title: TITLES.get(id)! };
}
