import type { Metadata } from "next";
import { listReviewQueue } from "@/db/queries/review-queue";
import { getOrgDataCounts } from "@/db/queries/overview";
import { ReviewList } from "@/components/ledger/review-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Review queue" };

export default async function ReviewPage() {
  const ctx = await requirePage("review:read", "/review");
  const login = ctx.user.githubLogin;
  const description = "Open pull requests waiting on you — as a requested reviewer or an owner of the touched paths — riskiest first.";
  if (!login) {
    return (
      <>
        <PageHeader title="Review queue" description={description} />
        <EmptyState title="Your GitHub login is not known">
          <p>The queue matches you by GitHub login (requested reviewer, CODEOWNERS). Sign in with GitHub once, or ask an admin to link your account.</p>
        </EmptyState>
      </>
    );
  }
  const [items, counts] = await Promise.all([listReviewQueue(ctx.db, ctx.org.id, login), getOrgDataCounts(ctx.db, ctx.org.id)]);
  const flagged = items.filter((i) => i.band !== "low" && i.band !== null);
  const low = items.filter((i) => i.band === "low" || i.band === null);
  return (
    <>
      <PageHeader title="Review queue" description={description} />
      <p className="muted">
        Matching GitHub login <span className="mono">@{login}</span>. Team owners (such as @org/team) are not matched until team membership is known.
      </p>
      {items.length === 0 ? (
        <EmptyState title={counts.openChanges === 0 ? "No open pull requests synced yet" : "Nothing waiting on you"}>
          <p>
            {counts.openChanges === 0
              ? "Open pull requests appear here after GitHub is connected and synced."
              : "No open pull request requests your review or touches paths you own. The ledger's Open PRs tab lists all of them."}
          </p>
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="flagged-h">
            <h2 id="flagged-h">
              Needs attention <span className="muted">({flagged.length})</span>
            </h2>
            {flagged.length ? <ReviewList items={flagged} /> : <p className="muted panel">Nothing above the low band is waiting on you.</p>}
          </section>
          <section aria-labelledby="low-h">
            <h2 id="low-h">
              Low risk <span className="muted">({low.length})</span>
            </h2>
            {low.length ? (
              <details>
                <summary>Show {low.length} low-risk pull request{low.length === 1 ? "" : "s"}</summary>
                <ReviewList items={low} />
              </details>
            ) : (
              <p className="muted">None.</p>
            )}
          </section>
        </>
      )}
    </>
  );
}
