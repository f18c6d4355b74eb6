import type { Metadata } from "next";
import { getOrgDataCounts } from "@/db/queries/overview";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Receipts" };

export default async function ReceiptsPage() {
  const ctx = await requirePage("receipts:read", "/receipts");
  const counts = await getOrgDataCounts(ctx.db, ctx.org.id);
  return (
    <>
      <PageHeader
        title="Receipts"
        description="A signed, hash-chained record of every merge decision: who approved, under which policy, with which score."
      />
      <EmptyState title={counts.receipts === 0 ? "No receipts issued yet" : `${counts.receipts} receipts`}>
        <p>A receipt is issued when a merge is observed by a sync or a webhook. None has been observed yet.</p>
      </EmptyState>
    </>
  );
}
