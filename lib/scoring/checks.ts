import { ownersOf } from "@/lib/policy/codeowners";
import { policyCheck } from "./check-ids";
import type { ScoreContext } from "./context";
import { pathEvidence, type ChangeFacts } from "./facts";
import { humanApprovals } from "./reviews";
import type { Change, Evidence, PolicyCheck, ServiceHit } from "./types";

const PASSING_CHECK = new Set(["success", "neutral", "skipped"]);

/**
 * The declared controls (§4) checked one by one. Each is binary and auditable; when the data to decide is
 * missing the result is "unknown" (or "not_applicable" when the control does not concern this change), never a pass.
 */
export function evaluateChecks(change: Change, facts: ChangeFacts, services: readonly ServiceHit[], ctx: ScoreContext): PolicyCheck[] {
  return [
    codeownersCheck(change, facts, ctx),
    approvalsCheck(change, services, ctx),
    requiredChecksCheck(change, ctx),
    adminBypassCheck(change, ctx),
    dependenciesCheck(change, facts, ctx),
    ticketCheck(change, ctx),
  ];
}

function check(id: string, title: string, status: PolicyCheck["status"], reason: string, evidence: Evidence[] = []): PolicyCheck {
  return { id, title, status, reason, evidence };
}

function codeownersCheck(change: Change, facts: ChangeFacts, ctx: ScoreContext): PolicyCheck {
  const { id, title } = policyCheck("codeowners-approval");
  const required = ctx.policy.controls.codeownersApproval || ctx.protection?.requireCodeOwnerReviews === true;
  if (!required) return check(id, title, "not_applicable", "Neither the policy nor branch protection requires code owner approval");
  if (!ctx.codeowners) return check(id, title, "unknown", "No CODEOWNERS file is known for the base branch");
  const owned = facts.files
    .map((f) => ({ path: f.file.path, owners: ownersOf(ctx.codeowners!, f.file.path) }))
    .filter((f) => f.owners.length > 0);
  if (owned.length === 0) return check(id, title, "not_applicable", "No changed file has a code owner");
  if (!change.reviews) return check(id, title, "unknown", "Reviews are not known for this change");

  const approvers = humanApprovals(change).map((r) => r.reviewer.toLowerCase());
  const missing: typeof owned = [];
  const undetermined: typeof owned = [];
  for (const file of owned) {
    const verdict = ownerApproved(file.owners, approvers, ctx.teamMembers ?? null);
    if (verdict === false) missing.push(file);
    else if (verdict === null) undetermined.push(file);
  }
  if (missing.length) {
    return check(id, title, "fail", `${missing.length} of ${owned.length} owned files lack a code owner's approval`, [
      ...missing.slice(0, 5).map((f) => ({ kind: "path" as const, value: f.path, detail: `owners ${f.owners.join(" ")}` })),
      ...approvers.map((a) => ({ kind: "reviewer" as const, value: a, detail: "approved" })),
    ]);
  }
  if (undetermined.length) {
    return check(id, title, "unknown", "Owned by teams whose members are not known, so the approvals cannot be matched", [
      ...undetermined.slice(0, 5).map((f) => ({ kind: "path" as const, value: f.path, detail: `owners ${f.owners.join(" ")}` })),
    ]);
  }
  return check(id, title, "pass", `Every owned file (${owned.length}) has a code owner's approval`,
    approvers.map((a) => ({ kind: "reviewer" as const, value: a, detail: "approved" })));
}

/** true: an owner approved; false: none could have; null: cannot tell (team membership or emails unknown). */
function ownerApproved(owners: readonly string[], approvers: readonly string[], teams: ScoreContext["teamMembers"]): boolean | null {
  if (approvers.length === 0) return false;
  let unsure = false;
  for (const owner of owners) {
    if (owner.startsWith("@") && !owner.includes("/")) {
      if (approvers.includes(owner.slice(1).toLowerCase())) return true;
    } else if (owner.startsWith("@")) {
      const members = teams?.[owner] ?? teams?.[owner.toLowerCase()];
      if (!members) unsure = true;
      else if (members.some((m) => approvers.includes(m.replace(/^@/, "").toLowerCase()))) return true;
    } else {
      unsure = true;
    }
  }
  return unsure ? null : false;
}

function approvalsCheck(change: Change, services: readonly ServiceHit[], ctx: ScoreContext): PolicyCheck {
  const { id, title } = policyCheck("required-approvals");
  const direct = services.filter((s) => s.direct);
  const tier = direct.length ? Math.min(...direct.map((s) => s.tier)) : null;
  const byPolicy = ctx.policy.controls.approvalsFor(tier);
  const byProtection = ctx.protection?.requiredApprovals ?? 0;
  const needed = Math.max(byPolicy, byProtection);
  const source = byPolicy >= byProtection ? `the policy${tier === null ? "" : ` for tier ${tier}`}` : "branch protection";
  if (needed === 0) return check(id, title, "not_applicable", "No approval is required for this change");
  if (!change.reviews) return check(id, title, "unknown", `${needed} required by ${source}; reviews are not known for this change`);
  const approvals = humanApprovals(change);
  const evidence: Evidence[] = [
    { kind: "rule", value: `approvals ≥ ${needed}`, detail: `required by ${source}` },
    ...approvals.map((r) => ({ kind: "reviewer" as const, value: r.reviewer, detail: r.commitSha ? `approved ${r.commitSha.slice(0, 12)}` : "approved" })),
  ];
  return approvals.length >= needed
    ? check(id, title, "pass", `${approvals.length} human approval${approvals.length === 1 ? "" : "s"}; ${needed} required by ${source}`, evidence)
    : check(id, title, "fail", `${approvals.length} human approval${approvals.length === 1 ? "" : "s"}; ${needed} required by ${source}`, evidence);
}

function requiredChecksCheck(change: Change, ctx: ScoreContext): PolicyCheck {
  const { id, title } = policyCheck("required-checks");
  const required = [...new Set([...ctx.policy.controls.requiredChecks, ...(ctx.protection?.requiredChecks ?? [])])];
  if (required.length === 0) return check(id, title, "not_applicable", "No status check is required");
  if (!change.checks) return check(id, title, "unknown", `Check results at merge are not known (${required.length} required)`);
  const bad: Evidence[] = [];
  const good: Evidence[] = [];
  for (const name of required) {
    const results = change.checks.filter((c) => c.name === name);
    if (results.length === 0) bad.push({ kind: "check", value: name, detail: "missing" });
    else if (results.every((r) => PASSING_CHECK.has(r.conclusion))) good.push({ kind: "check", value: name, detail: results[0]!.conclusion });
    else bad.push({ kind: "check", value: name, detail: results.find((r) => !PASSING_CHECK.has(r.conclusion))!.conclusion });
  }
  return bad.length
    ? check(id, title, "fail", `${bad.length} of ${required.length} required checks missing or not passing at merge`, [...bad, ...good])
    : check(id, title, "pass", `All ${required.length} required checks passed`, good);
}

function adminBypassCheck(change: Change, ctx: ScoreContext): PolicyCheck {
  const { id, title } = policyCheck("admin-bypass");
  if (!ctx.policy.controls.adminBypassIsViolation) return check(id, title, "not_applicable", "The policy allows admin bypass");
  if (change.adminBypass === null || change.adminBypass === undefined) {
    return check(id, title, "unknown", "Whether branch protection was bypassed is not known for this change");
  }
  const by: Evidence[] = change.mergedBy ? [{ kind: "author", value: change.mergedBy.login, detail: "merged by" }] : [];
  return change.adminBypass
    ? check(id, title, "fail", "An administrator merged past branch protection", by)
    : check(id, title, "pass", "Merged within branch protection", by);
}

function dependenciesCheck(change: Change, facts: ChangeFacts, ctx: ScoreContext): PolicyCheck {
  const { id, title } = policyCheck("dependencies");
  const rules = ctx.policy.controls.dependencies;
  if (rules.size === 0) return check(id, title, "not_applicable", "The policy sets no dependency allow or deny list");
  if (!change.dependencyChanges) {
    const manifests = facts.files.filter((f) => f.info.kinds.has("manifests")).map((f) => f.file.path);
    return manifests.length
      ? check(id, title, "unknown", "A dependency manifest changed but the dependency edits are not known", pathEvidence(manifests))
      : check(id, title, "not_applicable", "No dependency manifest changed");
  }
  const violations: Evidence[] = [];
  const evaluated: Evidence[] = [];
  for (const dep of change.dependencyChanges) {
    if (dep.kind === "removed") continue;
    const rule = rules.get(dep.ecosystem.toLowerCase());
    if (!rule) continue;
    const label = `${dep.ecosystem}:${dep.name}${dep.version ? `@${dep.version}` : ""}`;
    if (rule.deny(dep.name)) violations.push({ kind: "dependency", value: label, detail: "on the deny list" });
    else if (rule.allow && !rule.allow(dep.name)) violations.push({ kind: "dependency", value: label, detail: "not on the allow list" });
    else evaluated.push({ kind: "dependency", value: label, detail: "allowed" });
  }
  if (violations.length) return check(id, title, "fail", `${violations.length} dependency change${violations.length === 1 ? "" : "s"} not allowed`, [...violations, ...evaluated]);
  if (evaluated.length === 0) return check(id, title, "not_applicable", "No added or updated dependency in an ecosystem the policy governs");
  return check(id, title, "pass", `${evaluated.length} dependency change${evaluated.length === 1 ? "" : "s"} allowed`, evaluated);
}

function ticketCheck(change: Change, ctx: ScoreContext): PolicyCheck {
  const { id, title } = policyCheck("ticket");
  const pattern = ctx.policy.controls.ticketPattern;
  if (!pattern) return check(id, title, "not_applicable", "The policy sets no ticket pattern");
  const re = pattern;
  const places: Array<[string, string]> = [
    ...(change.linkedTickets ?? []).map((t) => ["linked ticket", t] as [string, string]),
    ["title", change.title],
    ["branch", change.headRef],
    ["description", change.body],
    ...change.commits.map((c) => [`commit ${c.sha.slice(0, 12)}`, c.message] as [string, string]),
  ];
  for (const [where, text] of places) {
    const m = re.exec(text ?? "");
    if (m) return check(id, title, "pass", `Ticket ${m[0]} referenced in the ${where}`, [{ kind: "rule", value: pattern.source }, { kind: "label", value: m[0], detail: where }]);
  }
  return check(id, title, "fail", `No reference matching ${pattern.source} in the title, branch, description or commits`, [{ kind: "rule", value: pattern.source }]);
}
