import picomatch from "picomatch";

/**
 * Path patterns with the semantics of CODEOWNERS (a subset of gitignore), used for every path list in the policy
 * so that one rule of thumb holds everywhere:
 * - `/docs` or `apps/web/*.ts` (a slash at the start or in the middle) is anchored at the repository root;
 * - `*.sql` or `migrations` (no slash, or only a trailing one) matches at any depth;
 * - `docs/` matches everything below a `docs` directory;
 * - `docs` matches the file `docs` and everything below a directory `docs`;
 * - `docs/*` matches files directly in `docs` only (GitHub's documented exception), `docs/**` all below it.
 */
export type PathMatcher = (path: string) => boolean;

const PICO_OPTIONS = { dot: true, windows: false } as const;

export function globToPicomatch(pattern: string): string[] {
  let p = pattern.trim();
  const dirOnly = p.endsWith("/");
  if (dirOnly) p = p.replace(/\/+$/, "");
  let anchored = p.startsWith("/");
  if (anchored) p = p.replace(/^\/+/, "");
  if (p.includes("/")) anchored = true;
  if (p === "" || p === "**") return ["**"];
  const base = anchored || p.startsWith("**/") ? p : `**/${p}`;
  if (dirOnly) return [`${base}/**`];
  const lastSegment = p.slice(p.lastIndexOf("/") + 1);
  if (lastSegment === "*" && p.includes("/")) return [base];
  if (p.endsWith("/**")) return [base];
  return [base, `${base}/**`];
}

export function compileGlob(pattern: string): PathMatcher {
  return picomatch(globToPicomatch(pattern), PICO_OPTIONS);
}

/** One matcher for a list of patterns (any of them); never matches for an empty list. */
export function compileGlobs(patterns: readonly string[]): PathMatcher {
  if (patterns.length === 0) return () => false;
  return picomatch(patterns.flatMap(globToPicomatch), PICO_OPTIONS);
}

/** Reports why a pattern cannot be compiled, or null. */
export function globProblem(pattern: string): string | null {
  if (pattern.trim() === "") return "empty pattern";
  try {
    picomatch.makeRe(globToPicomatch(pattern)[0]!, PICO_OPTIONS);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
