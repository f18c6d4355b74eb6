import type { LedgerPageQuery } from "@/db/queries/ledger";

/**
 * The ledger's view as it lives in the URL, so a filtered view can be shared: parsed once here for the page, the
 * JSON route and the CSV export alike, and written back by the same function.
 */
export const BANDS = ["low", "elevated", "high", "critical"] as const;
export const WINDOWS = ["7", "30", "90", "custom"] as const;
export const SORTS = ["merged_desc", "merged_asc", "risk_desc", "risk_asc"] as const;
export type LedgerSort = (typeof SORTS)[number];
export type LedgerWindow = (typeof WINDOWS)[number];
export type LedgerTab = "merged" | "open";

export interface LedgerParams {
  tab: LedgerTab;
  window: LedgerWindow;
  /** yyyy-mm-dd, inclusive, for the custom window. */
  from?: string;
  to?: string;
  repo?: string;
  service?: string;
  band?: (typeof BANDS)[number];
  ai?: "yes" | "no";
  control?: string;
  author?: string;
  q?: string;
  sort: LedgerSort;
  after?: string;
  before?: string;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_RE = /^[A-Za-z0-9_-]{1,400}$/;

type Raw = Record<string, string | string[] | undefined> | URLSearchParams;

function oneOf<T extends string>(values: readonly T[], v: string | undefined): T | undefined {
  return values.includes(v as T) ? (v as T) : undefined;
}

function text(v: string | undefined, max: number): string | undefined {
  const t = v?.trim();
  return t && t.length <= max ? t : undefined;
}

const day = (v: string | undefined) => (v && DAY_RE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined);

/**
 * Unknown or malformed values fall back to the defaults instead of failing the page. Hand-written rather than a
 * schema library because this module also runs in the browser, where every kilobyte counts.
 */
export function parseLedgerParams(raw: Raw): LedgerParams {
  const flat: Record<string, string> = {};
  if (raw instanceof URLSearchParams) raw.forEach((v, k) => (flat[k] ??= v));
  else for (const [k, v] of Object.entries(raw)) if (v !== undefined) flat[k] = Array.isArray(v) ? v[0]! : v;
  const tab = oneOf(["merged", "open"] as const, flat.tab) ?? "merged";
  const p: LedgerParams = {
    tab,
    window: oneOf(WINDOWS, flat.window) ?? "30",
    sort: oneOf(SORTS, flat.sort) ?? (tab === "open" ? "risk_desc" : "merged_desc"),
  };
  const optional: Partial<LedgerParams> = {
    from: day(flat.from),
    to: day(flat.to),
    repo: flat.repo && UUID_RE.test(flat.repo) ? flat.repo : undefined,
    service: text(flat.service, 200),
    band: oneOf(BANDS, flat.band),
    ai: oneOf(["yes", "no"] as const, flat.ai),
    control: text(flat.control, 100),
    author: text(flat.author, 100),
    q: text(flat.q, 200),
    after: flat.after && CURSOR_RE.test(flat.after) ? flat.after : undefined,
    before: flat.before && CURSOR_RE.test(flat.before) ? flat.before : undefined,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (p as unknown as Record<string, unknown>)[k] = v;
  return p;
}

/** The URL query of a view; defaults are left out so links stay short. */
export function ledgerQueryString(p: Partial<LedgerParams>): string {
  const out = new URLSearchParams();
  const defaultSort = p.tab === "open" ? "risk_desc" : "merged_desc";
  if (p.tab && p.tab !== "merged") out.set("tab", p.tab);
  if (p.window && p.window !== "30") out.set("window", p.window);
  if (p.window === "custom") {
    if (p.from) out.set("from", p.from);
    if (p.to) out.set("to", p.to);
  }
  for (const k of ["repo", "service", "band", "ai", "control", "author", "q"] as const) if (p[k]) out.set(k, p[k]!);
  if (p.sort && p.sort !== defaultSort) out.set("sort", p.sort);
  if (p.after) out.set("after", p.after);
  else if (p.before) out.set("before", p.before);
  return out.toString();
}

const DAY = 86_400_000;

/** The merged-at window [from, to) the view covers, from the preset or the custom dates (UTC days). */
export function windowOf(p: Pick<LedgerParams, "window" | "from" | "to">, now: Date): { from: Date; to: Date } {
  if (p.window === "custom" && (p.from || p.to)) {
    const from = p.from ? new Date(`${p.from}T00:00:00Z`) : new Date(now.getTime() - 30 * DAY);
    const to = p.to ? new Date(Date.parse(`${p.to}T00:00:00Z`) + DAY) : now;
    return from <= to ? { from, to } : { from: to, to: from };
  }
  const days = p.window === "custom" ? 30 : Number(p.window);
  return { from: new Date(now.getTime() - days * DAY), to: new Date(now.getTime() + 60_000) };
}

/** The database query of a view: the filter, the sort and the cursor of one page. */
export function ledgerQueryOf(p: LedgerParams, orgId: string, now: Date, limit = 50): LedgerPageQuery {
  const window = p.tab === "merged" ? windowOf(p, now) : {};
  return {
    orgId,
    state: p.tab,
    ...window,
    repositoryId: p.repo,
    service: p.service,
    band: p.band,
    aiOrigin: p.ai === undefined ? undefined : p.ai === "yes",
    failedControl: p.control,
    author: p.author,
    search: p.q,
    sort: p.sort,
    after: p.after,
    before: p.before,
    limit,
  };
}
