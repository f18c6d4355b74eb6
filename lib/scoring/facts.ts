import type { CompiledPolicy, PathInfo } from "@/lib/policy/compile";
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
  /** Directly touched services: index → paths. */
  directServices: Map<number, string[]>;
}

const NON_PRODUCTION = ["tests", "docs", "generated", "translations"] as const;

export function deriveFacts(change: Change, policy: CompiledPolicy): ChangeFacts {
  const files: FileFacts[] = [];
  const directServices = new Map<number, string[]>();
  let productionAdded = 0;
  let productionDeleted = 0;
  let totalAdded = 0;
  let totalDeleted = 0;
  for (const file of change.files) {
    const info = policy.classify(change.repo, file.path);
    const previousInfo = file.previousPath && file.previousPath !== file.path ? policy.classify(change.repo, file.previousPath) : null;
    const binary = file.additions === null;
    const added = Math.max(0, file.additions ?? 0);
    const deleted = Math.max(0, file.deletions ?? 0);
    const test = info.kinds.has("tests");
    const production = !NON_PRODUCTION.some((k) => info.kinds.has(k));
    totalAdded += added;
    totalDeleted += deleted;
    if (production) {
      productionAdded += added;
      productionDeleted += deleted;
    }
    for (const idx of [...info.services, ...(previousInfo?.services ?? [])]) {
      const list = directServices.get(idx) ?? [];
      if (!list.includes(file.path)) list.push(file.path);
      directServices.set(idx, list);
    }
    files.push({ file, info, previousInfo, added, deleted, binary, production, test });
  }
  return {
    files,
    productionFiles: files.filter((f) => f.production),
    testFiles: files.filter((f) => f.test),
    productionAdded,
    productionDeleted,
    totalAdded,
    totalDeleted,
    productionLines: productionAdded + productionDeleted / 3,
    directServices,
  };
}

/** Up to `max` paths as evidence, then one entry saying how many were left out. */
export function pathEvidence(paths: readonly string[], max = 5): Evidence[] {
  const shown: Evidence[] = paths.slice(0, max).map((value) => ({ kind: "path", value }));
  if (paths.length > max) shown.push({ kind: "metric", value: `${paths.length - max} more paths`, detail: "not listed" });
  return shown;
}
