import type { Metadata } from "next";
import Link from "next/link";
import { performance } from "node:perf_hooks";
import { countReceipts, listReceiptRepos, listSigningKeys, searchReceipts } from "@/db/queries/receipts";
import { ChainStatus } from "@/components/receipts/chain-status";
import { parseReceiptQuery } from "@/components/receipts/params";
import { ReceiptResults, ReceiptSearchForm } from "@/components/receipts/receipt-search";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { verifyOrgChain } from "@/lib/services/verify-chain";

export const metadata: Metadata = { title: "Receipts" };

const PAGE_SIZE = 50;

export default async function ReceiptsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePage("receipts:read", "/receipts");
  const params = await searchParams;
  const query = parseReceiptQuery(params);
  const canExport = can(ctx.roles, "receipts:export");
  const [total, repos, keys] = await Promise.all([
    countReceipts(ctx.db, ctx.org.id),
    listReceiptRepos(ctx.db, ctx.org.id),
    listSigningKeys(ctx.db, ctx.org.id),
  ]);
  const rows = query.problem || total === 0 ? [] : await searchReceipts(ctx.db, ctx.org.id, { ...query.search, limit: PAGE_SIZE + 1 });
  const more = rows.length > PAGE_SIZE;
  const shown = rows.slice(0, PAGE_SIZE);
  let verification = null;
  if (params.verify === "1") {
    const started = performance.now();
    verification = { result: await verifyOrgChain(ctx.db, ctx.org.id), seconds: (performance.now() - started) / 1000 };
  }
  const filtered = Boolean(query.q || query.repo || query.reviewer || query.from || query.to);
  const nextParams = new URLSearchParams(
    Object.entries({ q: query.q, repo: query.repo, reviewer: query.reviewer, from: query.from, to: query.to }).filter(([, v]) => v),
  );
  if (more) nextParams.set("before", String(shown[shown.length - 1]!.sequence));

  return (
    <>
      <PageHeader
        title="Receipts"
        description="A signed, hash-chained record of every merge decision: who approved which commit, under which policy, with which score."
        actions={
          <div className="form-row">
            <a className="btn" href="/api/receipts/public-key" download>Public key (PEM)</a>
            {canExport && total > 0 ? <a className="btn" href="/api/receipts/export" download>Export chain (JSONL)</a> : null}
            <Link className="btn" href="/receipts?verify=1" prefetch={false}>Verify the whole chain</Link>
          </div>
        }
      />
      <section className="panel" aria-labelledby="chain-h">
        <h2 id="chain-h" className="visually-hidden">Chain</h2>
        <p>
          {formatCount(total)} receipt{total === 1 ? "" : "s"} in {ctx.org.name}&apos;s chain.{" "}
          {keys[0] ? (
            <>Signing key fingerprint (SHA-256 of the public key): <span className="mono" data-testid="key-fingerprint">{keys[0].fingerprint}</span></>
          ) : (
            "The signing key is created with the first receipt."
          )}
        </p>
        {verification ? <ChainStatus result={verification.result} seconds={verification.seconds} /> : null}
      </section>
      {total === 0 ? (
        <EmptyState title="No receipts issued yet">
          <p>
            A receipt is issued when a sync or a webhook observes a merge. Once the first repositories are synced, every merged pull
            request has one here.
          </p>
        </EmptyState>
      ) : (
        <>
          <ReceiptSearchForm query={query} repos={repos} />
          {query.problem ? <p className="notice notice-error" role="status">{query.problem}</p> : null}
          {!query.problem && shown.length === 0 ? (
            <EmptyState title="No receipt matches">
              <p>Nothing matches {filtered ? "these filters" : "this page"}. Check the number or sha, or widen the date range.</p>
            </EmptyState>
          ) : null}
          {shown.length ? <ReceiptResults rows={shown} /> : null}
          <nav className="pager no-print" aria-label="More receipts">
            {query.before ? <Link href="/receipts">Newest receipts</Link> : null}
            {more ? <Link href={`/receipts?${nextParams}`}>Older receipts →</Link> : null}
          </nav>
        </>
      )}
    </>
  );
}
