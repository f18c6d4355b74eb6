import type { Metadata } from "next";
import Link from "next/link";
import { getOrgDataCounts } from "@/db/queries/overview";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ctx = await requirePage("settings:read", "/settings");
  const counts = await getOrgDataCounts(ctx.db, ctx.org.id);
  return (
    <>
      <PageHeader title="Settings" description={`Connection, repositories, policy and members of ${ctx.org.name}.`} />
      <section className="panel" aria-labelledby="github-h">
        <h2 id="github-h">GitHub</h2>
        <p className="muted">
          {counts.repositories === 0
            ? "Not connected. Risk Ledger reads pull requests with a read-only token; nothing is written to GitHub."
            : `${counts.repositories} repositories known.`}
        </p>
      </section>
      <section className="panel" aria-labelledby="policy-h">
        <h2 id="policy-h">Policy</h2>
        <p className="muted">The built-in default policy is in force until an admin saves the organisation&apos;s own.</p>
      </section>
      <section className="panel" aria-labelledby="members-h">
        <h2 id="members-h">Members and roles</h2>
        <Link className="btn" href="/settings/members">
          Manage members
        </Link>
      </section>
    </>
  );
}
