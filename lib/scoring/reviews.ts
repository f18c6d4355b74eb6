import type { Change, ChangeReview } from "./types";

const DECISIVE = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

/**
 * Each reviewer's standing review, as GitHub counts it: the latest approval, change request or dismissal (a later
 * comment does not cancel an approval). Reviews without a time keep their listed order.
 */
export function standingReviews(reviews: readonly ChangeReview[]): ChangeReview[] {
  const latest = new Map<string, ChangeReview>();
  for (const review of reviews) {
    if (!DECISIVE.has(review.state)) continue;
    const key = review.reviewer.toLowerCase();
    const prev = latest.get(key);
    if (!prev || (review.submittedAt ?? "") >= (prev.submittedAt ?? "")) latest.set(key, review);
  }
  return [...latest.values()];
}

/** Approvals that count: standing approvals by humans other than the author. */
export function humanApprovals(change: Change): ChangeReview[] {
  if (!change.reviews) return [];
  const author = change.author.login.toLowerCase();
  return standingReviews(change.reviews).filter(
    (r) => r.state === "APPROVED" && r.reviewerType === "User" && r.reviewer.toLowerCase() !== author && !r.reviewer.endsWith("[bot]"),
  );
}
