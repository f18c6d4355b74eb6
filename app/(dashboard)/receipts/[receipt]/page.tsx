import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChangeReceipts } from "@/components/receipts/change-receipts";
import { receiptExportHref } from "@/components/receipts/file-names";
import { ReceiptDocument } from "@/components/receipts/receipt-document";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/services/errors";
import { loadReceiptView } from "@/lib/services/receipt-view";

export const metadata: Metadata = { title: "Receipt" };

export default async function ReceiptPage({ params }: { params: Promise<{ receipt: string }> }) {
  const { receipt: raw } = await params;
  const ctx = await requirePage("receipts:read", `/receipts/${encodeURIComponent(raw)}`);
  if (!/^\d{1,15}$/.test(raw)) notFound();
  const view = await loadReceiptView(ctx.db, ctx.org.id, Number(raw)).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const r = view.signed.receipt;
  const canExport = can(ctx.roles, "receipts:export");
  const title = `${r.kind === "amendment" ? "Amended receipt" : "Receipt"} #${r.sequence}: ${r.change.repo}${r.change.number !== null ? `#${r.change.number}` : ""}`;
  return (
    <>
      <nav className="breadcrumbs no-print" aria-label="Breadcrumb">
        <Link href="/receipts">Receipts</Link> / <span aria-current="page">#{r.sequence}</span>
      </nav>
      <PageHeader
        title={title}
        description={r.change.title}
        actions={
          <div className="form-row">
            {canExport ? (
              <>
                <a className="btn" href={receiptExportHref(view.id, "json")} download data-testid="download-json">Signed JSON</a>
                <a className="btn" href={receiptExportHref(view.id, "pdf")} download data-testid="download-pdf">PDF</a>
              </>
            ) : null}
            <a className="btn" href="/api/receipts/public-key" download>Public key</a>
          </div>
        }
      />
      {view.history.length > 1 ? (
        <section className="panel" aria-labelledby="history-h">
          <h2 id="history-h">Receipts of this change</h2>
          <ChangeReceipts history={view.history} currentId={view.id} canRead />
        </section>
      ) : null}
      <ReceiptDocument view={view} />
      <p className="muted">
        To check this receipt without Risk Ledger: download the signed JSON and the public key, then run{" "}
        <span className="mono">npm run cli -- verify-receipt {`<file>.json`} --public-key {`<key>.pem`}</span>, or follow the openssl steps in
        the PDF.
      </p>
    </>
  );
}
