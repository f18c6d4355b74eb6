import Link from "next/link";
import { BAND_LABEL } from "@/components/ui/band-badge";
import { Datalist } from "@/components/ui/datalist";
import { SelectField, type SelectOption } from "@/components/ui/select-field";
import { POLICY_CHECKS } from "@/lib/scoring/check-ids";
import { BANDS, ledgerQueryString, type LedgerParams } from "./params";

export interface LedgerFacets {
  repositories: Array<{ id: string; fullName: string }>;
  services: string[];
  authors: string[];
}

const WINDOW_OPTIONS: SelectOption[] = [
  { value: "7", label: "Last 7 days" },
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
  { value: "custom", label: "Custom range" },
];
const BAND_OPTIONS: SelectOption[] = BANDS.map((b) => ({ value: b, label: BAND_LABEL[b] }));
const AI_OPTIONS: SelectOption[] = [
  { value: "yes", label: "AI-authored or co-authored" },
  { value: "no", label: "Human only" },
];
/** The engine's own list of controls, so a new check shows up here without a second edit. */
const CONTROL_OPTIONS: SelectOption[] = POLICY_CHECKS.map((c) => ({ value: c.id, label: c.title }));

/**
 * The filters as a plain GET form: it works without JavaScript, and submitting it writes the view into the URL
 * (and drops the page cursor, since the rows change).
 */
export function LedgerFilters({ params, facets }: { params: LedgerParams; facets: LedgerFacets }) {
  const merged = params.tab === "merged";
  return (
    <form className="panel filters" method="get" action="/ledger" aria-label="Filter the ledger" role="search">
      <input type="hidden" name="tab" value={params.tab} />
      {params.sort !== (merged ? "merged_desc" : "risk_desc") ? <input type="hidden" name="sort" value={params.sort} /> : null}
      <div className="filter-grid">
        <div className="field">
          <label htmlFor="f-q">Search</label>
          <input id="f-q" name="q" type="search" defaultValue={params.q ?? ""} placeholder="#123 or words of the title" />
        </div>
        {merged ? (
          <SelectField id="f-window" name="window" label="Merged in" defaultValue={params.window} options={WINDOW_OPTIONS} />
        ) : null}
        {merged ? (
          <div className="field">
            <label htmlFor="f-from">From (UTC)</label>
            <input id="f-from" name="from" type="date" defaultValue={params.from ?? ""} aria-describedby="f-range-hint" />
          </div>
        ) : null}
        {merged ? (
          <div className="field">
            <label htmlFor="f-to">To (UTC)</label>
            <input id="f-to" name="to" type="date" defaultValue={params.to ?? ""} aria-describedby="f-range-hint" />
            <span id="f-range-hint" className="hint">
              Used with “Custom range”.
            </span>
          </div>
        ) : null}
        <SelectField
          id="f-repo"
          name="repo"
          label="Repository"
          anyLabel="All repositories"
          defaultValue={params.repo}
          options={facets.repositories.map((r) => ({ value: r.id, label: r.fullName }))}
        />
        <SelectField
          id="f-service"
          name="service"
          label="Service"
          anyLabel="All services"
          defaultValue={params.service}
          // A service the policy no longer names still shows when the URL asks for it.
          options={[...new Set([...facets.services, ...(params.service ? [params.service] : [])])].map((s) => ({ value: s, label: s }))}
        />
        <SelectField id="f-band" name="band" label="Band" anyLabel="All bands" defaultValue={params.band} options={BAND_OPTIONS} />
        <SelectField id="f-ai" name="ai" label="AI origin" anyLabel="Any origin" defaultValue={params.ai} options={AI_OPTIONS} />
        <SelectField id="f-control" name="control" label="Failed control" anyLabel="Any" defaultValue={params.control} options={CONTROL_OPTIONS} />
        <div className="field">
          <label htmlFor="f-author">Author</label>
          <input id="f-author" name="author" list="f-authors" defaultValue={params.author ?? ""} autoComplete="off" />
          <Datalist id="f-authors" values={facets.authors} />
        </div>
      </div>
      <div className="form-row">
        <button className="btn btn-primary" type="submit">
          Apply filters
        </button>
        <Link className="btn" href={params.tab === "open" ? "/ledger?tab=open" : "/ledger"}>
          Clear
        </Link>
      </div>
    </form>
  );
}

export function LedgerTabs({ params }: { params: LedgerParams }) {
  const tab = (t: LedgerParams["tab"], label: string) => (
    <Link
      className="tab"
      href={`/ledger?${ledgerQueryString({ ...params, tab: t, sort: undefined, after: undefined, before: undefined, window: t === "open" ? undefined : params.window })}`}
      aria-current={params.tab === t ? "page" : undefined}
    >
      {label}
    </Link>
  );
  return (
    <nav className="tabs" aria-label="Ledger views">
      {tab("merged", "Merged")}
      {tab("open", "Open PRs")}
    </nav>
  );
}
