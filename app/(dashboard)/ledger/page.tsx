import type { Metadata } from "next";
import Link from "next/link";
import { getOrgDataCounts } from "@/db/queries/overview";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Ledger" };

export default async function LedgerPage() {
  const ctx = await requirePage("ledger:read", "/ledger");
  const counts = await getOrgDataCounts(ctx.db, ctx.org.id);
  return (
    <>
      <PageHeader title="Ledger" description="Every change merged in the last 30 days, with its risk and the reasons." />
      {counts.mergedChanges === 0 ? (
        <EmptyState
          title="No merged changes recorded yet"
          action={
            can(ctx.roles, "settings:read") ? (
              <Link className="btn btn-primary" href="/settings">
                Connect GitHub
              </Link>
            ) : undefined
          }
        >
          <p>
            The ledger fills once GitHub is connected and the first sync has scored the merged pull requests of the
            chosen repositories.
          </p>
          {can(ctx.roles, "settings:read") ? null : <p>Ask an admin of {ctx.org.name} to connect GitHub.</p>}
        </EmptyState>
      ) : (
        <p className="muted">{counts.mergedChanges.toLocaleString("en-US")} merged changes recorded.</p>
      )}
    </>
  );
}
