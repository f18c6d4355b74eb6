import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getChangeDetail } from "@/db/queries/change-detail";
import { AiProvenance } from "@/components/change/ai-provenance";
import { ChecksTable } from "@/components/change/checks-table";
import { FilesByService } from "@/components/change/files-by-service";
import { groupFilesByService } from "@/components/change/group-files";
import { ReasonsList } from "@/components/change/reasons-list";
import { ReceiptsSection } from "@/components/change/receipts-section";
import { AttestPanel } from "@/components/receipts/attest-panel";
import { ReviewTimeline } from "@/components/change/review-timeline";
import { SignalsPanel } from "@/components/change/signals-panel";
import { AiBadge } from "@/components/ui/ai-badge";
import { BandBadge, formatRisk } from "@/components/ui/band-badge";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { getEligibility } from "@/lib/services/attest";

export const metadata: Metadata = { title: "Change" };

export default async function ChangePage({ params }: { params: Promise<{ change: string }> }) {
  const { change: raw } = await params;
  const ctx = await requirePage("ledger:read", `/ledger/${encodeURIComponent(raw)}`);
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  const detail = id === null ? null : await getChangeDetail(ctx.db, ctx.org.id, id);
  if (!detail) notFound();
  const { change, assessment } = detail;
  const groups = groupFilesByService(detail.files, assessment?.services ?? [], assessment?.reasons ?? []);

  return (
    <>
      <nav className="breadcrumbs no-print" aria-label="Breadcrumb">
        <Link href="/ledger">Ledger</Link> / <span aria-current="page">{detail.repo}{change.number !== null ? ` #${change.number}` : ""}</span>
      </nav>
      <PageHeader
        title={`${change.number !== null ? `#${change.number} ` : ""}${change.title}`}
        description={
          <>
            <span className="mono">{detail.repo}</span> · by {change.authorLogin} {change.aiOrigin ? <AiBadge tools={assessment?.ai.tools} /> : null} ·{" "}
            {change.mergedAt ? `merged ${formatDateTime(change.mergedAt)}` : `${change.state}, opened ${formatDateTime(change.createdAt)}`}
            {change.url ? (
              <>
                {" "}
                · <a href={change.url}>view on GitHub</a>
              </>
            ) : null}
          </>
        }
      />
      <section className="panel score-panel" aria-labelledby="score-h">
        <h2 id="score-h" className="visually-hidden">
          Score
        </h2>
        <div className="score-figure" data-testid="change-score">
          <span className="score-number num">{change.risk !== null ? formatRisk(change.risk) : "—"}</span>
          <span className="muted"> / 100 risk</span> <BandBadge band={change.band} />
        </div>
        {assessment ? (
          <dl className="kv kv-inline">
            <div>
              <dt>Top reason</dt>
              <dd>{change.topReason ?? "none"}</dd>
            </div>
            <div>
              <dt>Policy</dt>
              <dd>
                {detail.policyNumber !== null ? `v${detail.policyNumber} ` : ""}
                <span className="mono">{assessment.policyVersion === "default" ? "built-in default" : assessment.policyVersion.slice(0, 12)}</span>
              </dd>
            </div>
            <div>
              <dt>Model</dt>
              <dd className="mono">{assessment.modelVersion}</dd>
            </div>
            <div>
              <dt>Scored</dt>
              <dd>
                {formatDateTime(assessment.createdAt)} ({assessment.trigger})
              </dd>
            </div>
          </dl>
        ) : (
          <p className="muted">This change has not been scored yet; it is scored on the next sync.</p>
        )}
      </section>
      {assessment ? (
        <>
          <SignalsPanel signals={assessment.signals} ai={assessment.ai} />
          <ReasonsList reasons={assessment.reasons} />
          <ChecksTable checks={assessment.checks} />
        </>
      ) : null}
      <FilesByService groups={groups} total={Math.max(change.fileCount, detail.filesShown)} shown={detail.filesShown} />
      <ReviewTimeline detail={detail} />
      {assessment ? <AiProvenance ai={assessment.ai} /> : null}
      <ReceiptsSection
        detail={detail}
        canReadReceipts={can(ctx.roles, "receipts:read")}
        attest={
          can(ctx.roles, "change:attest") && (change.band === "high" || change.band === "critical") ? (
            <AttestPanel
              eligibility={await getEligibility(ctx.db, ctx.org.id, change.id, {
                id: ctx.user.id,
                name: ctx.user.name,
                githubLogin: ctx.user.githubLogin,
              })}
            />
          ) : null
        }
      />
    </>
  );
}
