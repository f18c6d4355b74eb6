import type { Metadata } from "next";
import { hasAnyChange } from "@/db/queries/ledger";
import { KpiCards } from "@/components/board/kpi-cards";
import { boardSliceQuery, parseBoardSlice } from "@/components/board/params";
import { TrendPanel } from "@/components/board/trend-panel";
import { loadBoardView } from "@/components/board/view";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SelectField } from "@/components/ui/select-field";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Board" };

export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePage("board:read", "/board");
  const slice = parseBoardSlice(await searchParams);
  const [view, anyMerged] = await Promise.all([loadBoardView(ctx.db, ctx.org.id, slice, new Date()), hasAnyChange(ctx.db, ctx.org.id, "merged")]);
  const qs = boardSliceQuery(slice);
  return (
    <>
      <PageHeader
        title="Production Reliability Index"
        description={`PRI = 100 − criticality-weighted mean risk of merged changes; higher is healthier. ${view.sliceLabel}, ${view.currentLabel} against ${view.previousLabel}.`}
        actions={
          can(ctx.roles, "board:export") && anyMerged ? (
            <a className="btn" href={`/api/board/report${qs ? `?${qs}` : ""}`} download data-testid="board-export">
              Export board report (PDF)
            </a>
          ) : null
        }
      />
      {!anyMerged ? (
        <EmptyState title="No merged changes to trend yet">
          <p>The weekly PRI beside velocity, with this quarter against the last, appears once merged changes have been synced and scored. An admin connects GitHub in Settings.</p>
        </EmptyState>
      ) : (
        <>
          <form key={qs} className="panel filters no-print" method="get" action="/board" aria-label="Slice the board">
            <div className="form-row">
              <SelectField
                id="b-repo"
                name="repo"
                label="Repository"
                anyLabel="All repositories"
                defaultValue={slice.kind === "repo" ? slice.repositoryId : ""}
                options={view.repositories.map((r) => ({ value: r.id, label: r.fullName }))}
              />
              <SelectField
                id="b-service"
                name="service"
                label="or service"
                anyLabel="All services"
                defaultValue={slice.kind === "service" ? slice.service : ""}
                options={view.services.map((s) => ({ value: s, label: s }))}
              />
              <div className="field">
                <button className="btn btn-primary" type="submit">
                  Show slice
                </button>
              </div>
            </div>
            <p className="hint muted">A repository takes precedence when both are chosen.</p>
          </form>
          <h2 className="section-title">
            {view.currentLabel} to date against {view.previousLabel}
          </h2>
          <KpiCards kpis={view.kpis} currentLabel={view.currentLabel} previousLabel={view.previousLabel} />
          <TrendPanel points={view.points} reading={view.reading} spans={view.spans} />
        </>
      )}
    </>
  );
}
