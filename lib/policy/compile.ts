import picomatch from "picomatch";
import { DEFAULT_AI_RULES, DEFAULT_BANDS, DEFAULT_MULTIPLIERS, DEFAULT_PATH_KINDS, DEFAULT_POLICY, DEFAULT_WEIGHTS } from "./default-policy";
import { compileGlobs, type PathMatcher } from "./glob";
import type { PolicyDocument } from "./schema";

export const PATH_KINDS = [
  "tests", "docs", "generated", "translations", "contracts", "migrations", "infra", "secrets", "auth", "shared", "manifests",
] as const;
export type PathKind = (typeof PATH_KINDS)[number];

type Signal = "scope" | "criticality" | "compliance" | "policy" | "verification" | "review" | "history";

export interface CompiledService {
  index: number;
  name: string;
  owner: string | null;
  tier: number;
  /** Services that consume this one (its `depends_on`): reached when this one changes. */
  consumers: string[];
  dataClasses: string[];
}

export interface CompiledRegime {
  index: number;
  id: string;
  name: string;
  dataClasses: string[];
}

/** What the policy says about one path; computed once per (repository, path) and cached. */
export interface PathInfo {
  kinds: ReadonlySet<PathKind>;
  /** Indices into CompiledPolicy.services of services whose paths match. */
  services: readonly number[];
  /** Indices into CompiledPolicy.regimes exposed by path. */
  regimes: readonly number[];
}

export interface ToolPattern {
  tool: string;
  re: RegExp;
}

export interface CompiledPolicy {
  /** sha256 of the document text, or "default". */
  version: string;
  document: PolicyDocument;
  services: CompiledService[];
  serviceByName: ReadonlyMap<string, CompiledService>;
  regimes: CompiledRegime[];
  classify(repo: string, path: string): PathInfo;
  controls: {
    approvalsFor(tier: number | null): number;
    codeownersApproval: boolean;
    requiredChecks: string[];
    ticketPattern: RegExp | null;
    dependencies: ReadonlyMap<string, { allow: ((name: string) => boolean) | null; deny: (name: string) => boolean }>;
    adminBypassIsViolation: boolean;
    gateBand: "elevated" | "high" | "critical";
  };
  ai: {
    coAuthors: ToolPattern[];
    botLogins: ReadonlyMap<string, string>;
    bodyMarkers: ToolPattern[];
    labels: ReadonlySet<string>;
    branchPrefixes: { tool: string; prefix: string }[];
    provenance: boolean;
    multipliers: Record<Signal, number>;
  };
  weights: Record<Signal, number>;
  bands: { elevated: number; high: number; critical: number };
  history: { windowDays: number; fixPattern: RegExp };
}

const CACHE_LIMIT = 200_000;

/** Compiles every pattern once so that scoring a change costs map look-ups, not regex building. */
export function compilePolicy(document: PolicyDocument, version: string): CompiledPolicy {
  const kindMatchers = PATH_KINDS.map((kind) => [kind, compileGlobs(document.paths[kind] ?? DEFAULT_PATH_KINDS[kind])] as const);

  const services: CompiledService[] = document.services.map((s, index) => ({
    index,
    name: s.name,
    owner: s.owner ?? null,
    tier: s.tier,
    consumers: [...s.depends_on],
    dataClasses: [...s.data_classes],
  }));
  const serviceMatchers: Array<Array<{ repo: string | null; match: PathMatcher }>> = document.services.map((s) =>
    Array.isArray(s.paths)
      ? [{ repo: null, match: compileGlobs(s.paths) }]
      : Object.entries(s.paths).map(([repo, globs]) => ({ repo: repo === "*" ? null : repo.toLowerCase(), match: compileGlobs(globs) })),
  );
  const regimes: CompiledRegime[] = document.regimes.map((r, index) => ({ index, id: r.id, name: r.name, dataClasses: [...r.data_classes] }));
  const regimeMatchers = document.regimes.map((r) => compileGlobs(r.paths));

  const cache = new Map<string, PathInfo>();
  function classify(repo: string, path: string): PathInfo {
    const key = `${repo}\u0000${path}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const repoLower = repo.toLowerCase();
    const kinds = new Set<PathKind>();
    for (const [kind, match] of kindMatchers) if (match(path)) kinds.add(kind);
    const svc: number[] = [];
    serviceMatchers.forEach((list, i) => {
      if (list.some((m) => (m.repo === null || m.repo === repoLower) && m.match(path))) svc.push(i);
    });
    const reg: number[] = [];
    regimeMatchers.forEach((match, i) => {
      if (match(path)) reg.push(i);
    });
    const info: PathInfo = { kinds, services: svc, regimes: reg };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, info);
    return info;
  }

  const c = document.controls;
  const approvals = c.approvals;
  const approvalsFor = (tier: number | null): number => {
    const byTier = tier === null ? undefined : approvals[String(tier) as "0" | "1" | "2" | "3"];
    return byTier ?? approvals.default ?? 0;
  };
  const dependencies = new Map(
    Object.entries(c.dependencies).map(([eco, rules]) => [
      eco.toLowerCase(),
      {
        allow: rules.allow ? picomatch(rules.allow.length ? rules.allow : ["\u0000"], { windows: false, dot: true }) : null,
        deny: rules.deny.length ? picomatch(rules.deny, { windows: false, dot: true }) : () => false,
      },
    ]),
  );

  const ai = document.ai;
  const toPatterns = (list: readonly { tool: string; pattern: string }[]) => list.map((r) => ({ tool: r.tool, re: new RegExp(r.pattern, "i") }));

  return {
    version,
    document,
    services,
    serviceByName: new Map(services.map((s) => [s.name, s])),
    regimes,
    classify,
    controls: {
      approvalsFor,
      codeownersApproval: c.codeowners_approval,
      requiredChecks: [...c.required_checks],
      ticketPattern: c.ticket_pattern ? new RegExp(c.ticket_pattern) : null,
      dependencies,
      adminBypassIsViolation: c.admin_bypass_is_violation,
      gateBand: c.gate.band,
    },
    ai: {
      coAuthors: toPatterns(ai.co_authors ?? DEFAULT_AI_RULES.co_authors),
      botLogins: new Map((ai.bot_logins ?? DEFAULT_AI_RULES.bot_logins).map((b) => [b.login.toLowerCase(), b.tool])),
      bodyMarkers: toPatterns(ai.body_markers ?? DEFAULT_AI_RULES.body_markers),
      labels: new Set((ai.labels ?? DEFAULT_AI_RULES.labels).map((l) => l.toLowerCase())),
      branchPrefixes: (ai.branch_prefixes ?? DEFAULT_AI_RULES.branch_prefixes).map((b) => ({ tool: b.tool, prefix: b.prefix.toLowerCase() })),
      provenance: ai.provenance,
      multipliers: { ...DEFAULT_MULTIPLIERS, ...ai.multipliers },
    },
    weights: { ...DEFAULT_WEIGHTS, ...document.weights },
    bands: document.bands ?? { ...DEFAULT_BANDS },
    history: { windowDays: document.history.window_days, fixPattern: new RegExp(document.history.fix_pattern, "i") },
  };
}

let defaultCompiled: CompiledPolicy | null = null;

/** The compiled default policy (version "default"), built once. */
export function defaultCompiledPolicy(): CompiledPolicy {
  defaultCompiled ??= compilePolicy(DEFAULT_POLICY, "default");
  return defaultCompiled;
}
