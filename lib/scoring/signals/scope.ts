import type { CompiledPolicy, CompiledService } from "@/lib/policy/compile";
import { pathEvidence, type ChangeFacts } from "../facts";
import { SHAPE } from "../shape";
import type { Change } from "../types";
import { logScale, plural, type Contribution, type SignalDraft } from "./draft";

const S = SHAPE.scope;
const CONTRACT_KINDS = [
  ["contracts", "API or schema contract"],
  ["migrations", "database migration"],
  ["infra", "infrastructure or deployment config"],
] as const;

/** Blast radius: how much changes, how widely, and what else that reaches. */
export function scopeSignal(change: Change, facts: ChangeFacts, policy: CompiledPolicy): SignalDraft {
  const out: Contribution[] = [];
  const fileCount = change.filesTruncated?.totalFiles ?? facts.files.length;

  const lines = facts.weightedLines;
  if (lines > 0) {
    const otherAdded = facts.productionAdded - facts.codeAdded;
    const otherDeleted = facts.productionDeleted - facts.codeDeleted;
    const parts: string[] = [];
    if (facts.codeAdded > 0 || facts.codeDeleted > 0) parts.push(`${facts.codeAdded} lines of program code added and ${facts.codeDeleted} removed`);
    if (otherAdded > 0 || otherDeleted > 0) parts.push(`${otherAdded} lines of configuration, markup or data added and ${otherDeleted} removed`);
    out.push({
      code: "scope.size",
      message: parts.join("; "),
      evidence: [
        { kind: "metric", value: `${facts.codeAdded} added, ${facts.codeDeleted} removed`, detail: "program code (production files only: no tests, docs, generated or translation files)" },
        ...(otherAdded > 0 || otherDeleted > 0
          ? [{ kind: "metric" as const, value: `${otherAdded} added, ${otherDeleted} removed`, detail: `configuration, markup or data, each line counted as ${S.nonCodeLineWeight} of a line of code` }]
          : []),
        { kind: "metric", value: `${Math.round(lines)} weighted lines`, detail: `code added + a third of code removed, plus the same for the rest at ×${S.nonCodeLineWeight}; the cap is reached at ${S.sizeRefLines}` },
      ],
      amount: S.size * logScale(lines, S.sizeRefLines),
    });
  }
  if (fileCount > 0) {
    const amount = S.files * logScale(fileCount, S.filesRef);
    if (amount >= 0.01) {
      out.push({
        code: "scope.files",
        message: `${plural(fileCount, "file")} changed${change.filesTruncated ? " (the source listed only part of them)" : ""}`,
        evidence: [{ kind: "metric", value: `${fileCount} files`, detail: change.filesTruncated?.reason }],
        amount,
      });
    }
  }

  const spread = spreadBits(facts);
  if (spread.bits > 0.5) {
    out.push({
      code: "scope.spread",
      message: `Spread across ${plural(spread.dirs, "directory", "directories")}`,
      evidence: [{ kind: "metric", value: `${spread.bits.toFixed(2)} bits`, detail: "entropy of changed lines across directories" }],
      amount: S.spread * Math.min(1, spread.bits / S.spreadRefBits),
    });
  }

  const contractPaths: string[][] = CONTRACT_KINDS.map(() => []);
  for (const f of facts.files) {
    if (f.test || f.info.kinds.size === 0) continue;
    for (let k = 0; k < CONTRACT_KINDS.length; k++) if (f.info.kinds.has(CONTRACT_KINDS[k]![0])) contractPaths[k]!.push(f.file.path);
  }
  for (let k = 0; k < CONTRACT_KINDS.length; k++) {
    const [kind, label] = CONTRACT_KINDS[k]!;
    const paths = contractPaths[k]!;
    if (paths.length) {
      out.push({
        code: `scope.${kind}`,
        message: `Touches ${plural(paths.length, label === "infrastructure or deployment config" ? "infrastructure or deployment file" : `${label} file`)}`,
        evidence: pathEvidence(paths),
        amount: S.contractKind,
      });
    }
  }

  const direct: CompiledService[] = [];
  for (const i of facts.directServices.keys()) direct.push(policy.services[i]!);
  if (direct.length > 1) {
    out.push({
      code: "scope.services",
      message: `Touches ${direct.length} services directly`,
      evidence: direct.map((s) => ({ kind: "service", value: s.name, detail: `tier ${s.tier}` })),
      amount: S.extraService * (direct.length - 1),
    });
  }
  const consumers = direct.length ? reachedConsumers(direct.map((s) => s.name), policy) : [];
  if (consumers.length) {
    out.push({
      code: "scope.consumers",
      message: `Reaches ${plural(consumers.length, "consuming service")} through depends_on`,
      evidence: consumers.map((name) => ({ kind: "service", value: name, detail: "consumer" })),
      amount: Math.min(S.consumersMax, S.consumer * consumers.length),
    });
  }
  const shared: string[] = [];
  if (consumers.length === 0) for (const f of facts.productionFiles) if (f.info.kinds.has("shared")) shared.push(f.file.path);
  if (shared.length) {
    out.push({
      code: "scope.shared",
      message: "Touches shared package code that other parts of the repository may import",
      evidence: pathEvidence(shared, 3),
      amount: S.shared,
    });
  }
  return { name: "scope", known: true, contributions: out };
}

/** Consumers of the touched services, transitively, excluding the touched services themselves. */
export function reachedConsumers(direct: readonly string[], policy: CompiledPolicy): string[] {
  const seen = new Set(direct);
  const reached: string[] = [];
  const queue = [...direct];
  while (queue.length) {
    const name = queue.shift()!;
    for (const consumer of policy.serviceByName.get(name)?.consumers ?? []) {
      if (seen.has(consumer)) continue;
      seen.add(consumer);
      reached.push(consumer);
      queue.push(consumer);
    }
  }
  return reached;
}

function spreadBits(facts: ChangeFacts): { bits: number; dirs: number } {
  const byDir = new Map<string, number>();
  let total = 0;
  for (const f of facts.productionFiles) {
    const weight = f.added + f.deleted + 1;
    byDir.set(f.dir, (byDir.get(f.dir) ?? 0) + weight);
    total += weight;
  }
  let bits = 0;
  for (const n of byDir.values()) {
    const p = n / total;
    bits -= p * Math.log2(p);
  }
  return { bits, dirs: byDir.size };
}
