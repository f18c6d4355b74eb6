import type { Reason, ServiceHit } from "@/lib/scoring/types";

export interface FileLike {
  path: string;
  service: string | null;
  status: string;
  additions: number | null;
  deletions: number | null;
  previousPath: string | null;
}

export interface FileGroup {
  /** null: files no declared service claims. */
  service: string | null;
  tier: number | null;
  regimes: string[];
  files: FileLike[];
  additions: number;
  deletions: number;
}

/**
 * Files by the service that owns them, most critical tier first, each group with the compliance regimes the
 * assessment found it exposed to (through a path of the group named as evidence, or the service's data classes).
 */
export function groupFilesByService(files: readonly FileLike[], services: readonly ServiceHit[], reasons: readonly Reason[]): FileGroup[] {
  const tierOf = new Map(services.map((s) => [s.name, s.tier]));
  const groups = new Map<string | null, FileLike[]>();
  for (const f of files) groups.set(f.service, [...(groups.get(f.service) ?? []), f]);
  const regimeReasons = reasons.filter((r) => r.code.startsWith("compliance.regime."));
  const out: FileGroup[] = [...groups.entries()].map(([service, list]) => {
    const paths = new Set(list.map((f) => f.path));
    const regimes = regimeReasons
      .filter((r) => r.evidence.some((e) => (e.kind === "path" && paths.has(e.value)) || (e.kind === "service" && service !== null && e.value === service)))
      .map((r) => r.evidence.find((e) => e.kind === "regime")?.value ?? r.code.slice("compliance.regime.".length));
    return {
      service,
      tier: service === null ? null : (tierOf.get(service) ?? null),
      regimes: [...new Set(regimes)],
      files: list,
      additions: list.reduce((n, f) => n + (f.additions ?? 0), 0),
      deletions: list.reduce((n, f) => n + (f.deletions ?? 0), 0),
    };
  });
  return out.sort((a, b) => (a.tier ?? 9) - (b.tier ?? 9) || (a.service ?? "~").localeCompare(b.service ?? "~"));
}
