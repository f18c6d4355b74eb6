import type { Metadata } from "next";
import Link from "next/link";
import { AdoptButton } from "@/components/calibration/adopt-button";
import { CalibrationReportView } from "@/components/calibration/calibration-report";
import { FailedChanges } from "@/components/calibration/failed-changes";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { buildCalibrationView } from "@/lib/services/calibration-report";

export const metadata: Metadata = { title: "Calibration" };

export default async function CalibrationPage() {
  const ctx = await requirePage("settings:read", "/settings/calibration");
  const view = await buildCalibrationView(ctx.db, ctx.org.id);
  const repos = new Set(view.failedChanges.map((c) => c.repo));
  const { labels } = view;
  return (
    <>
      <div className="breadcrumbs">
        <Link href="/settings">Settings</Link> / Calibration
      </div>
      <PageHeader
        title="Calibration"
        description="How well the risk score ranked the changes that later failed, on your own history, and whether other weights would rank them better."
      />
      <section className="panel" aria-labelledby="labels-h">
        <h2 id="labels-h">Which changes failed</h2>
        <p>
          From synced pull requests, a merged change <strong>failed</strong> when a later change reverted it (its body or
          commits say <code>This reverts commit &lt;merge sha&gt;</code> or <code>Reverts owner/repo#N</code>, or its title is{" "}
          <code>Revert &quot;&lt;title&gt;&quot;</code>), or when a fix (a title matching the policy&apos;s fix pattern) merged
          within 30 days touched the same files (the last change before the fix to touch each file), tests and docs left out.
        </p>
        <p className="muted">
          The fix rule works at file level and is weaker than the line-level rule of{" "}
          <code>npm run cli -- calibrate --git-dir</code>: a synced pull request carries its files, not the lines a fix
          removed, so each file of a fix counts against the last change in the window that touched it. Changes merged in
          the last 30 days that have not failed are not settled yet and take no part.
        </p>
        <dl className="kv">
          <div><dt>Merged changes labelled</dt><dd className="num">{labels.labelled}</dd></div>
          <div><dt>Failed</dt><dd className="num" data-testid="labels-failed">{labels.failed}</dd></div>
          <div><dt>of which reverted</dt><dd className="num">{labels.reverted}</dd></div>
          <div><dt>fixed only (file level)</dt><dd className="num">{labels.fixedOnly}</dd></div>
          <div><dt>Not settled yet</dt><dd className="num">{labels.unsettled}</dd></div>
          <div><dt>Computed</dt><dd>{labels.computedAt ? `${formatDateTime(labels.computedAt)} UTC` : "not yet"}</dd></div>
        </dl>
        {view.changes.unlabelled ? (
          <p className="muted">{view.changes.unlabelled} scored merged changes have no label yet; labels are recomputed after each sync and rescore.</p>
        ) : null}
      </section>
      {view.report ? (
        <>
          <CalibrationReportView report={view.report} singleRepository={view.report.evaluation.repositories.length ? null : ([...repos][0] ?? null)} />
          <section className="panel" aria-labelledby="adopt-h">
            <h2 id="adopt-h">Adopt</h2>
            {!view.report.fit.fitted ? (
              <p className="muted">Nothing to adopt: the training period holds too few failures to fit. The policy in force stays as it is.</p>
            ) : can(ctx.roles, "policy:write") ? (
              <>
                <p className="muted">
                  Saves the policy in force{view.policy.number !== null ? ` (version ${view.policy.number})` : " (the built-in default)"} with
                  the calibrated weights and AI multipliers as a new version, activates it and rescores the stored changes.
                  Everything else in the policy is kept.
                </p>
                <AdoptButton basedOnVersion={view.policy.version} recommendation={view.report.recommendation} />
              </>
            ) : (
              <p className="muted">Adopting the calibrated weights needs the policy:write capability.</p>
            )}
          </section>
        </>
      ) : (
        <EmptyState title="Not enough history to calibrate">
          {view.reason} Sync more repositories, or wait until more changes have merged and settled.
        </EmptyState>
      )}
      <section className="panel" aria-labelledby="failed-h">
        <h2 id="failed-h">Failed changes and the evidence</h2>
        {view.failedChanges.length ? (
          <FailedChanges changes={view.failedChanges} />
        ) : (
          <p className="muted">No change is labelled as failed{labels.labelled ? "" : " (no labels computed yet: they are computed after a sync)"}.</p>
        )}
        {view.failedChanges.length >= 200 ? <p className="muted">The 200 most recently merged are shown.</p> : null}
      </section>
    </>
  );
}
