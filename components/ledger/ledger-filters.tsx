import Link from "next/link";
import { BAND_LABEL } from "@/components/ui/band-badge";
import { CONTROL_LABELS } from "./controls";
import { BANDS, ledgerQueryString, type LedgerParams } from "./params";

export interface LedgerFacets {
  repositories: Array<{ id: string; fullName: string }>;
  services: string[];
  authors: string[];
}

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
          <div className="field">
            <label htmlFor="f-window">Merged in</label>
            <select id="f-window" name="window" defaultValue={params.window}>
              <option value="7">Last 7 days</option>
              <option value="30">Last 30 days</option>
              <option value="90">Last 90 days</option>
              <option value="custom">Custom range</option>
            </select>
          </div>
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
        <div className="field">
          <label htmlFor="f-repo">Repository</label>
          <select id="f-repo" name="repo" defaultValue={params.repo ?? ""}>
            <option value="">All repositories</option>
            {facets.repositories.map((r) => (
              <option key={r.id} value={r.id}>
                {r.fullName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-service">Service</label>
          <select id="f-service" name="service" defaultValue={params.service ?? ""}>
            <option value="">All services</option>
            {[...new Set([...facets.services, ...(params.service ? [params.service] : [])])].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-band">Band</label>
          <select id="f-band" name="band" defaultValue={params.band ?? ""}>
            <option value="">All bands</option>
            {BANDS.map((b) => (
              <option key={b} value={b}>
                {BAND_LABEL[b]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-ai">AI origin</label>
          <select id="f-ai" name="ai" defaultValue={params.ai ?? ""}>
            <option value="">Any origin</option>
            <option value="yes">AI-authored or co-authored</option>
            <option value="no">Human only</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-control">Failed control</label>
          <select id="f-control" name="control" defaultValue={params.control ?? ""}>
            <option value="">Any</option>
            {Object.entries(CONTROL_LABELS).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-author">Author</label>
          <input id="f-author" name="author" list="f-authors" defaultValue={params.author ?? ""} autoComplete="off" />
          <datalist id="f-authors">
            {facets.authors.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
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
