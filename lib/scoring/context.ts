import type { Codeowners } from "@/lib/policy/codeowners";
import type { CompiledPolicy } from "@/lib/policy/compile";
import type { BranchProtection, HistorySummary } from "./types";

/** Everything besides the change that a score depends on. Missing parts make the dependent checks "unknown". */
export interface ScoreContext {
  policy: CompiledPolicy;
  /** CODEOWNERS of the base branch; null when unknown (a git clone without the file, or not fetched). */
  codeowners: Codeowners | null;
  /** Branch protection of the base branch; null when unknown. */
  protection: BranchProtection | null;
  /** Earlier changes only (see createHistoryTracker); null when unknown. */
  history: HistorySummary | null;
  /** Members of the teams CODEOWNERS names ("@org/team" → logins), when known. */
  teamMembers?: Readonly<Record<string, readonly string[]>> | null;
}
