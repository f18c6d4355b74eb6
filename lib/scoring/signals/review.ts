import type { ChangeFacts } from "../facts";
import { humanApprovals, standingReviews } from "../reviews";
import { SHAPE } from "../shape";
import { isoToMillis } from "../time";
import type { Change } from "../types";
import { unknownSignal, type Contribution, type SignalDraft } from "./draft";

/** Whether a human who can defend the change looked at it, at the commit that merged, for long enough. */
export function reviewSignal(change: Change, facts: ChangeFacts): SignalDraft {
  if (!change.reviews) return unknownSignal("review", "Reviews are not known for this change (the source does not carry them)");
  const S = SHAPE.review;
  const out: Contribution[] = [];
  const approvals = humanApprovals(change);
  const author = change.author.login;

  if (approvals.length === 0) {
    const bots = standingReviews(change.reviews).filter((r) => r.state === "APPROVED" && (r.reviewerType === "Bot" || r.reviewer.endsWith("[bot]")));
    out.push({
      code: "review.no-human-approval",
      message: bots.length ? "Approved only by bots, never by a human" : "Merged without a human approval",
      evidence: bots.map((r) => ({ kind: "reviewer", value: r.reviewer, detail: "bot approval" })),
      amount: S.noHumanApproval,
    });
  }
  if (change.mergedBy && change.mergedBy.login.toLowerCase() === author.toLowerCase()) {
    out.push({
      code: "review.self-merge",
      message: `Merged by its own author (${author})`,
      evidence: [{ kind: "author", value: author, detail: "author and merger" }],
      amount: S.selfMerge,
    });
  }
  if (approvals.length && change.headSha) {
    const onHead = approvals.filter((r) => r.commitSha === change.headSha);
    const known = approvals.filter((r) => r.commitSha);
    if (onHead.length === 0 && known.length === approvals.length) {
      out.push({
        code: "review.stale-approval",
        message: "Every approval was given on an older commit than the one merged",
        evidence: approvals.map((r) => ({ kind: "reviewer", value: r.reviewer, detail: `approved ${r.commitSha!.slice(0, 12)}, merged ${change.headSha!.slice(0, 12)}` })),
        amount: S.staleApproval,
      });
    }
  }
  const rushed = rushedApprovals(change, facts, approvals);
  if (approvals.length && rushed.length === approvals.length) {
    out.push({
      code: "review.too-fast",
      message: `Approved within ${formatSeconds(rushed[0]!.seconds)} of opening, quick for ${Math.round(facts.productionLines)} lines of production code`,
      evidence: rushed.map((r) => ({ kind: "reviewer", value: r.reviewer, detail: `after ${formatSeconds(r.seconds)}` })),
      amount: S.tooFast,
    });
  }
  if (approvals.length === 1 && facts.productionLines >= S.singleReviewerLines) {
    out.push({
      code: "review.single-reviewer",
      message: `A single reviewer on a large change (${Math.round(facts.productionLines)} production lines)`,
      evidence: [{ kind: "reviewer", value: approvals[0]!.reviewer }],
      amount: S.singleReviewer,
    });
  }
  const blocking = standingReviews(change.reviews).filter((r) => r.state === "CHANGES_REQUESTED");
  if (blocking.length) {
    out.push({
      code: "review.changes-requested",
      message: "Merged while a reviewer's request for changes still stood",
      evidence: blocking.map((r) => ({ kind: "reviewer", value: r.reviewer, detail: "changes requested" })),
      amount: S.changesRequested,
    });
  }
  return { name: "review", known: true, contributions: out };
}

function rushedApprovals(change: Change, facts: ChangeFacts, approvals: ReturnType<typeof humanApprovals>) {
  const S = SHAPE.review;
  const opened = isoToMillis(change.createdAt);
  if (opened === null) return [];
  const lastCommit = Math.max(opened, ...change.commits.map((c) => isoToMillis(c.committedAt) ?? opened));
  const expected = Math.max(S.minimumSeconds, facts.productionLines * S.secondsPerLine);
  const out: Array<{ reviewer: string; seconds: number }> = [];
  for (const r of approvals) {
    const at = isoToMillis(r.submittedAt);
    if (at === null) return [];
    // Measured from the later of opening and the last push before the approval.
    const start = lastCommit <= at ? lastCommit : opened;
    const seconds = Math.max(0, (at - start) / 1000);
    if (seconds < expected) out.push({ reviewer: r.reviewer, seconds });
  }
  return out;
}

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
