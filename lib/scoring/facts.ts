import type { CompiledPolicy, PathInfo } from "@/lib/policy/compile";
import { SHAPE } from "./shape";
import type { Change, ChangeFile, Evidence } from "./types";

export interface FileFacts {
  file: ChangeFile;
  info: PathInfo;
  /** Classification of the previous path of a rename or copy, when there is one. */
  previousInfo: PathInfo | null;
  added: number;
  deleted: number;
  binary: boolean;
  /** Code that runs in production: not a test, doc, generated, vendored or translation file. */
  production: boolean;
  test: boolean;
  /** The path's directory ("." at the root). */
  dir: string;
  /** Production program code (by extension: .ts, .py, .go …), as opposed to configuration, markup, styles or data. */
  code: boolean;
}

/** Derived once per change and shared by the signals. */
export interface ChangeFacts {
  files: FileFacts[];
  productionFiles: FileFacts[];
  testFiles: FileFacts[];
  productionAdded: number;
  productionDeleted: number;
  totalAdded: number;
  totalDeleted: number;
  /** Lines that carry behaviour: production additions, plus a third of production deletions. */
  productionLines: number;
  /** Production lines in program code files (added, removed). */
  codeAdded: number;
  codeDeleted: number;
  /**
   * The size that scope weighs: program code lines (additions plus a third of deletions), plus the other
   * production lines (configuration, markup, styles, data) at SHAPE.scope.nonCodeLineWeight of their count.
   */
  weightedLines: number;
  /** Directly touched services: index → paths. */
  directServices: Map<number, string[]>;
  /** Whether any touched path (or previous path) exposes a regime by its path. */
  anyRegimePath: boolean;
}

/** What scoring needs to know about one path, derived from the policy's classification once per path. */
interface PathClass {
  info: PathInfo;
  production: boolean;
  test: boolean;
  dir: string;
  code: boolean;
}

const NON_PRODUCTION = ["tests", "docs", "generated", "translations"] as const;
const CACHE_LIMIT = 200_000;

/**
 * Path classes per compiled policy and repository. A policy is immutable once compiled, so its answers can be
 * kept; the cache is bounded and forgotten with the policy.
 */
const classCache = new WeakMap<CompiledPolicy, { size: number; byRepo: Map<string, Map<string, PathClass>> }>();

function classesFor(policy: CompiledPolicy, repo: string): { cache: { size: number; byRepo: Map<string, Map<string, PathClass>> }; paths: Map<string, PathClass> } {
  let cache = classCache.get(policy);
  if (!cache) classCache.set(policy, (cache = { size: 0, byRepo: new Map() }));
  let paths = cache.byRepo.get(repo);
  if (!paths) cache.byRepo.set(repo, (paths = new Map()));
  return { cache, paths };
}

function classOf(policy: CompiledPolicy, repo: string, path: string, slot: { cache: { size: number; byRepo: Map<string, Map<string, PathClass>> }; paths: Map<string, PathClass> }): PathClass {
  const hit = slot.paths.get(path);
  if (hit) return hit;
  const info = policy.classify(repo, path);
  const slash = path.lastIndexOf("/");
  const cls: PathClass = {
    info,
    production: !NON_PRODUCTION.some((k) => info.kinds.has(k)),
    test: info.kinds.has("tests"),
    dir: slash < 0 ? "." : path.slice(0, slash),
    code: false,
  };
  cls.code = cls.production && isCodePath(path);
  if (slot.cache.size >= CACHE_LIMIT) {
    slot.cache.byRepo.clear();
    slot.cache.size = 0;
    slot.cache.byRepo.set(repo, slot.paths);
    slot.paths.clear();
  }
  slot.paths.set(path, cls);
  slot.cache.size++;
  return cls;
}

export function deriveFacts(change: Change, policy: CompiledPolicy): ChangeFacts {
  const slot = classesFor(policy, change.repo);
  const files: FileFacts[] = [];
  const productionFiles: FileFacts[] = [];
  const testFiles: FileFacts[] = [];
  const directServices = new Map<number, string[]>();
  let productionAdded = 0;
  let productionDeleted = 0;
  let totalAdded = 0;
  let totalDeleted = 0;
  let anyRegimePath = false;
  let codeAdded = 0;
  let codeDeleted = 0;
  for (const file of change.files) {
    const cls = classOf(policy, change.repo, file.path, slot);
    const info = cls.info;
    const previousInfo = file.previousPath && file.previousPath !== file.path ? classOf(policy, change.repo, file.previousPath, slot).info : null;
    const binary = file.additions === null;
    const added = Math.max(0, file.additions ?? 0);
    const deleted = Math.max(0, file.deletions ?? 0);
    const production = cls.production;
    totalAdded += added;
    totalDeleted += deleted;
    if (production) {
      productionAdded += added;
      productionDeleted += deleted;
      if (cls.code) {
        codeAdded += added;
        codeDeleted += deleted;
      }
    }
    if (info.services.length) addServices(directServices, info.services, file.path);
    if (previousInfo && previousInfo.services.length) addServices(directServices, previousInfo.services, file.path);
    if (info.regimes.length || (previousInfo && previousInfo.regimes.length)) anyRegimePath = true;
    const facts: FileFacts = { file, info, previousInfo, added, deleted, binary, production, test: cls.test, dir: cls.dir, code: cls.code };
    files.push(facts);
    if (production) productionFiles.push(facts);
    if (cls.test) testFiles.push(facts);
  }
  return {
    files,
    productionFiles,
    testFiles,
    productionAdded,
    productionDeleted,
    totalAdded,
    totalDeleted,
    productionLines: productionAdded + productionDeleted / 3,
    codeAdded,
    codeDeleted,
    weightedLines: codeAdded + codeDeleted / 3 + SHAPE.scope.nonCodeLineWeight * (productionAdded - codeAdded + (productionDeleted - codeDeleted) / 3),
    directServices,
    anyRegimePath,
  };
}

/** Whether a path is program code by its extension (SHAPE.codeExtensions). */
export function isCodePath(path: string): boolean {
  const dot = path.lastIndexOf(".");
  if (dot < 0 || dot < path.lastIndexOf("/")) return false;
  return CODE_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

const CODE_EXTENSIONS: ReadonlySet<string> = new Set(SHAPE.codeExtensions);

function addServices(directServices: Map<number, string[]>, services: readonly number[], path: string): void {
  for (const idx of services) {
    const list = directServices.get(idx);
    if (!list) directServices.set(idx, [path]);
    else if (!list.includes(path)) list.push(path);
  }
}

/** Up to `max` paths as evidence, then one entry saying how many were left out. */
export function pathEvidence(paths: readonly string[], max = 5): Evidence[] {
  const n = Math.min(max, paths.length);
  const shown: Evidence[] = new Array<Evidence>(n);
  for (let i = 0; i < n; i++) shown[i] = { kind: "path", value: paths[i]! };
  if (paths.length > max) shown.push({ kind: "metric", value: `${paths.length - max} more paths`, detail: "not listed" });
  return shown;
}
