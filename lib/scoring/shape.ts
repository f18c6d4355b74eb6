/**
 * The constants that shape each signal, in one place so that docs/pri.md and the model version can follow them.
 * Amounts are shares of a signal's 0–1 value; a signal adds its contributions and caps the sum at 1.
 */
export const SHAPE = {
  /**
   * Extensions of program code: languages whose lines carry control flow. Production files with other extensions
   * (JSON, YAML, TOML, CSS, HTML, XML, templates, data) are configuration, markup or data: they change behaviour
   * too, but a line of them is less often where a defect lives.
   */
  codeExtensions: [
    "ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "vue", "svelte", "astro", "py", "pyi", "go", "rs", "java", "kt", "kts",
    "scala", "groovy", "rb", "php", "cs", "fs", "vb", "swift", "m", "mm", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "dart",
    "ex", "exs", "erl", "clj", "cljs", "elm", "hs", "ml", "lua", "pl", "pm", "r", "jl", "zig", "nim", "sh", "bash", "zsh",
    "ps1", "sql",
  ] as readonly string[],
  scope: {
    /** A line of configuration, markup, styles or data counts as this share of a line of program code. */
    nonCodeLineWeight: 0.1,
    /** Share of scope carried by size; reached at `sizeRefLines` production lines (log scale). */
    size: 0.7,
    sizeRefLines: 3000,
    /** Many files with few lines each (renames, sweeping edits) still widen the blast radius. */
    files: 0.1,
    filesRef: 200,
    spread: 0.1,
    spreadRefBits: 4,
    /** Kept small: the failure labels cannot see migration or deploy failures, so this is judgement, not fit. */
    contractKind: 0.03,
    extraService: 0.1,
    consumer: 0.05,
    consumersMax: 0.2,
    shared: 0.04,
  },
  criticality: {
    /** Value of the highest tier reached directly: tier 0 … tier 3. */
    tierValue: [1, 0.75, 0.45, 0.2] as readonly number[],
    /** Reached only through depends_on. */
    indirectFactor: 0.6,
  },
  compliance: {
    firstRegime: 0.5,
    extraRegime: 0.15,
    secrets: 0.5,
    auth: 0.3,
  },
  policy: {
    "codeowners-approval": 0.5,
    "required-approvals": 0.5,
    "required-checks": 0.5,
    "admin-bypass": 0.7,
    dependencies: 0.4,
    ticket: 0.2,
  } as Record<string, number>,
  verification: {
    /** Production code changed and no test file touched: base + size-dependent part. */
    untestedBase: 0.1,
    untestedSize: 0.5,
    untestedRefLines: 1000,
    checksFailed: 0.6,
    checksMissing: 0.4,
    requiredMissing: 0.4,
    checksPending: 0.3,
    checksSkipped: 0.15,
  },
  review: {
    noHumanApproval: 0.6,
    selfMerge: 0.25,
    staleApproval: 0.2,
    tooFast: 0.2,
    /** Seconds of review expected per production line before an approval looks rushed. */
    secondsPerLine: 0.6,
    minimumSeconds: 60,
    singleReviewerLines: 400,
    singleReviewer: 0.15,
    changesRequested: 0.2,
  },
  history: {
    /** Fix or revert events on the touched production files in the window (reverts count double). */
    hotspot: 0.55,
    hotspotRef: 12,
    churn: 0.15,
    churnRef: 40,
    unfamiliar: 0.2,
    newAuthor: 0.1,
    newAuthorChanges: 3,
  },
} as const;
