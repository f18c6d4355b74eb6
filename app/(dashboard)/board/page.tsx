import type { Metadata } from "next";
import { getOrgDataCounts } from "@/db/queries/overview";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Board" };

export default async function BoardPage() {
  const ctx = await requirePage("board:read", "/board");
  const counts = await getOrgDataCounts(ctx.db, ctx.org.id);
  return (
    <>
      <PageHeader
        title="Production Reliability Index"
        description="PRI = 100 − criticality-weighted mean risk of merged changes; higher is healthier."
      />
      <EmptyState title={counts.mergedChanges === 0 ? "No merged changes to trend yet" : "Trend being prepared"}>
        <p>
          The weekly PRI trend beside velocity, with quarter-over-quarter figures, appears once merged changes have
          been synced and scored.
        </p>
      </EmptyState>
    </>
  );
}
