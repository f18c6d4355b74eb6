import type { Metadata } from "next";
import { getOrgDataCounts } from "@/db/queries/overview";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Review queue" };

export default async function ReviewPage() {
  const ctx = await requirePage("review:read", "/review");
  const counts = await getOrgDataCounts(ctx.db, ctx.org.id);
  return (
    <>
      <PageHeader
        title="Review queue"
        description="Open pull requests waiting on you — as a requested reviewer or an owner of the touched paths — riskiest first."
      />
      <EmptyState title={counts.openChanges === 0 ? "No open pull requests synced yet" : "Nothing waiting on you"}>
        <p>
          {counts.openChanges === 0
            ? "Open pull requests appear here after GitHub is connected and synced."
            : "No open pull request requests your review or touches paths you own."}
        </p>
      </EmptyState>
    </>
  );
}
