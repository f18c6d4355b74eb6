import Link from "next/link";
import type { ReviewQueueItem } from "@/db/queries/review-queue";
import { AiBadge } from "@/components/ui/ai-badge";
import { BandBadge } from "@/components/ui/band-badge";
import { formatDateTime } from "@/components/ui/format";
import { policyCheckTitle } from "@/lib/scoring/check-ids";

/** Review queue entries: the score, why you are asked, and the reasons that carry the most risk. */
export function ReviewList({ items }: { items: ReviewQueueItem[] }) {
  return (
    <ol className="review-list" data-testid="review-list">
      {items.map((i) => (
        <li key={i.id} className="panel review-item" data-band={i.band ?? undefined}>
          <div className="review-head">
            <BandBadge band={i.band} risk={i.risk} />
            <Link href={`/ledger/${i.id}`} className="pr-link">
              <span className="mono">{i.repo}</span> {i.number !== null ? `#${i.number} ` : ""}
              {i.title}
            </Link>
          </div>
          <div className="muted">
            by {i.authorLogin} {i.aiOrigin ? <AiBadge /> : null} · opened {formatDateTime(i.createdAt)} ·{" "}
            {[i.requested ? "review requested from you" : null, i.owner ? "you own touched paths" : null].filter(Boolean).join(", ")}
            {i.services.length ? ` · ${i.services.join(", ")}` : ""}
          </div>
          {i.reasons.length ? (
            <ul className="review-reasons">
              {i.reasons.map((r, n) => (
                <li key={`${r.code}-${n}`}>
                  {r.message}
                  {r.points !== undefined ? <span className="muted num"> ({r.points.toFixed(1)} pts)</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          {i.failedControls.length ? <div className="status-fail">✗ Controls not met: {i.failedControls.map(policyCheckTitle).join(", ")}</div> : null}
        </li>
      ))}
    </ol>
  );
}
