import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { countLedger, hasAnyChange, ledgerFacets, listLedgerPage } from "@/db/queries/ledger";
import { LedgerFilters, LedgerTabs } from "@/components/ledger/ledger-filters";
import { LedgerLive } from "@/components/ledger/ledger-live";
import { LedgerTable } from "@/components/ledger/ledger-table";
import { ledgerQueryOf, ledgerQueryString, parseLedgerParams, windowOf, type LedgerParams } from "@/components/ledger/params";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatDate } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { getActivePolicy } from "@/lib/services/policies";

export const metadata: Metadata = { title: "Ledger" };

/** The count above the table stops here and reads "10,000+": counting a long window row by row costs every view. */
const COUNT_CAP = 10_000;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The loading state is a Suspense boundary inside this page rather than a ledger/loading.tsx: a segment-level
 * loading boundary would also cover /ledger/[change] and start its response (200) before the change page can call
 * notFound(), and an unknown or foreign change id must answer 404.
 */
export default async function LedgerPage({ searchParams }: { searchParams: SearchParams }) {
  const params = parseLedgerParams(await searchParams);
  return (
    <Suspense
      // Keyed by the view: a new filter, sort or page shows the loading state, then mounts the new view whole
      // (the filter fields are uncontrolled and would otherwise keep the old values).
      key={ledgerQueryString(params)}
      fallback={
        <div className="panel loading" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" /> Loading the ledger…
        </div>
      }
    >
      <LedgerView params={params} />
    </Suspense>
  );
}

async function LedgerView({ params }: { params: LedgerParams }) {
  const ctx = await requirePage("ledger:read", "/ledger");
  const now = new Date();
  const query = ledgerQueryOf(params, ctx.org.id, now);
  const window = windowOf(params, now);
  const [page, counted, facets, policy] = await Promise.all([
    listLedgerPage(ctx.db, query),
    countLedger(ctx.db, query, COUNT_CAP + 1),
    ledgerFacets(ctx.db, ctx.org.id, window),
    getActivePolicy(ctx.db, ctx.org.id),
  ]);
  // Only an empty view needs to know whether the organisation has any change at all.
  const anyChange = page.rows.length > 0 || (await hasAnyChange(ctx.db, ctx.org.id));
  const total = Math.min(counted, COUNT_CAP);
  const totalText = counted > COUNT_CAP ? `${formatCount(COUNT_CAP)}+` : formatCount(total);
  const exportHref = `/api/ledger/export?${ledgerQueryString({ ...params, after: undefined, before: undefined })}`;
  const filtered = Boolean(params.repo || params.service || params.band || params.ai || params.control || params.author || params.q);
  const nothingYet = !anyChange;

  return (
    <>
      <PageHeader
        title="Ledger"
        description={
          params.tab === "merged"
            ? `Changes merged ${formatDate(window.from)} – ${formatDate(new Date(window.to.getTime() - 1))} (UTC), with their risk and the reasons.`
            : "Open pull requests, riskiest first."
        }
        actions={
          can(ctx.roles, "ledger:export") && total > 0 ? (
            <a className="btn" href={exportHref} download>
              Export CSV ({totalText} rows)
            </a>
          ) : null
        }
      />
      <LedgerTabs params={params} />
      {nothingYet ? (
        <EmptyState
          title="No changes recorded yet"
          action={
            can(ctx.roles, "settings:read") ? (
              <Link className="btn btn-primary" href="/settings">
                Connect GitHub
              </Link>
            ) : undefined
          }
        >
          <p>The ledger fills once GitHub is connected and the first sync has scored the pull requests of the chosen repositories.</p>
          {can(ctx.roles, "settings:read") ? null : <p>Ask an admin of {ctx.org.name} to connect GitHub.</p>}
        </EmptyState>
      ) : (
        <>
          <LedgerFilters
            params={params}
            facets={{ repositories: facets.repositories, authors: facets.authors, services: policy.compiled.services.map((s) => s.name) }}
          />
          <p className="muted" data-testid="ledger-count" aria-live="polite">
            {totalText} {params.tab === "merged" ? "merged change" : "open pull request"}
            {total === 1 ? "" : "s"}
            {filtered ? " match the filters" : ""}.
          </p>
          {page.rows.length === 0 ? (
            <EmptyState title={filtered ? "Nothing matches these filters" : params.tab === "merged" ? "Nothing merged in this window" : "No open pull requests"}>
              <p>
                {filtered
                  ? "Loosen a filter or clear them all to see every change in the window."
                  : params.tab === "merged"
                    ? "Widen the window (90 days or a custom range), or check the sync status in settings."
                    : "Open pull requests appear here after the next sync."}
              </p>
            </EmptyState>
          ) : (
            <LedgerLive params={params}>
              <LedgerTable page={page} params={params} />
            </LedgerLive>
          )}
        </>
      )}
    </>
  );
}
