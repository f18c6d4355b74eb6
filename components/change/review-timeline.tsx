import { formatDateTime } from "@/components/ui/format";
import type { ChangeDetail } from "@/db/queries/change-detail";

interface Event {
  at: Date | null;
  what: string;
  who?: string;
  detail?: string;
  tone?: "ok" | "fail";
}

/** Opened, each review (with the commit it looked at), merged: in time order, stale approvals called out. */
export function ReviewTimeline({ detail }: { detail: ChangeDetail }) {
  const { change } = detail;
  const headSha = change.headSha;
  const events: Event[] = [
    { at: change.createdAt, what: "Opened", who: change.authorLogin },
    ...detail.reviews.map((r) => ({
      at: r.submittedAt,
      what: r.state === "APPROVED" ? "Approved" : r.state === "CHANGES_REQUESTED" ? "Requested changes" : r.state === "DISMISSED" ? "Review dismissed" : "Commented",
      who: `${r.reviewer}${r.reviewerType === "Bot" ? " (bot)" : ""}`,
      detail: r.commitSha
        ? `on ${r.commitSha.slice(0, 10)}${headSha && r.commitSha !== headSha && r.state === "APPROVED" ? " — not the merged head" : ""}`
        : undefined,
      tone: r.state === "APPROVED" ? ("ok" as const) : r.state === "CHANGES_REQUESTED" ? ("fail" as const) : undefined,
    })),
    ...(change.mergedAt ? [{ at: change.mergedAt, what: "Merged", who: change.mergedByLogin ?? undefined, detail: change.mergeSha ? `as ${change.mergeSha.slice(0, 10)}` : undefined }] : []),
  ];
  return (
    <section className="panel" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Review timeline</h2>
      {detail.reviews.length === 0 ? <p className="muted">No review was recorded{change.state === "merged" ? " before the merge" : " yet"}.</p> : null}
      {change.requestedReviewers.length ? <p className="muted">Review requested from {change.requestedReviewers.join(", ")}.</p> : null}
      <ol className="timeline" data-testid="timeline">
        {events.map((e, i) => (
          <li key={i} className={e.tone ? `tone-${e.tone}` : undefined}>
            <span className="timeline-at">{formatDateTime(e.at)}</span>
            <span>
              <strong>{e.what}</strong>
              {e.who ? ` by ${e.who}` : ""}
              {e.detail ? <span className="muted"> {e.detail}</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
