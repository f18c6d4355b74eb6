import type { DbOrTx } from "@/db/client";
import { loadBoard, type BoardSlice } from "@/db/queries/board";
import { listOrgRepositories } from "@/db/queries/ledger";
import { getActivePolicy } from "@/lib/services/policies";
import { divergentSpans, trendReading, type WeekPoint } from "./divergence";
import { boardKpis } from "./kpis";
import { quarterLabel } from "./quarter";

const WEEK_MS = 7 * 86_400_000;

/** What the board page and its PDF both show, computed once from the SQL aggregates. */
export async function loadBoardView(db: DbOrTx, orgId: string, slice: BoardSlice, now: Date) {
  const [data, repositories, policy] = await Promise.all([
    loadBoard(db, { orgId, now, slice }),
    listOrgRepositories(db, orgId),
    getActivePolicy(db, orgId),
  ]);
  const points: WeekPoint[] = data.weeks.map((w) => ({ week: w.start!.slice(0, 10), pri: w.pri, merged: w.merged }));
  const repoName = slice.kind === "repo" ? repositories.find((r) => r.id === slice.repositoryId)?.fullName : undefined;
  const sliceLabel =
    slice.kind === "repo" ? `Repository ${repoName ?? "(unknown)"}` : slice.kind === "service" ? `Service ${slice.service}` : "Whole organisation";
  return {
    data,
    points,
    spans: divergentSpans(points),
    reading: trendReading(points),
    kpis: boardKpis(data.current, data.previous, {
      current: Math.max(1 / 7, (now.getTime() - Date.parse(data.quarters.current)) / WEEK_MS),
      previous: (Date.parse(data.quarters.current) - Date.parse(data.quarters.previous)) / WEEK_MS,
    }),
    currentLabel: quarterLabel(data.quarters.current),
    previousLabel: quarterLabel(data.quarters.previous),
    sliceLabel,
    repositories,
    services: policy.compiled.services.map((s) => s.name),
  };
}
