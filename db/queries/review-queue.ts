import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Band, Reason } from "../../lib/scoring/types";
import type { DbOrTx } from "../client";
import { assessments, changes, repositories } from "../schema";
import { changeHeadline, ownedBy, requestsReviewFrom } from "./change-columns";

export interface ReviewQueueItem {
  id: number;
  repo: string;
  number: number | null;
  title: string;
  url: string | null;
  authorLogin: string;
  aiOrigin: boolean;
  createdAt: string;
  risk: number | null;
  band: Band | null;
  services: string[];
  failedControls: string[];
  /** Why it is in this person's queue. */
  requested: boolean;
  owner: boolean;
  /** The first reasons of the current assessment, most points first. */
  reasons: Array<Pick<Reason, "code" | "message" | "signal" | "points">>;
}

/**
 * Open pull requests waiting on one GitHub login: requested as a reviewer, or owner of touched paths by CODEOWNERS
 * (as `@login`; team owners such as `@org/team` match only when membership is known, which it is not here).
 * Riskiest first; the author's own pull requests are left out.
 */
export async function listReviewQueue(
  db: DbOrTx,
  orgId: string,
  login: string,
  opts: { limit?: number; reasonsPerItem?: number } = {},
): Promise<ReviewQueueItem[]> {
  const bare = login.replace(/^@/, "");
  const handle = `@${bare}`;
  const rows = await db
    .select({
      ...changeHeadline,
      url: changes.url,
      authorLogin: changes.authorLogin,
      aiOrigin: changes.aiOrigin,
      createdAt: changes.createdAt,
      risk: changes.risk,
      band: changes.band,
      services: changes.services,
      failedControls: changes.failedControls,
      requested: requestsReviewFrom(bare),
      owner: ownedBy(handle),
      assessmentId: changes.currentAssessmentId,
    })
    .from(changes)
    .innerJoin(repositories, eq(repositories.id, changes.repositoryId))
    .where(
      and(
        eq(changes.orgId, orgId),
        eq(changes.state, "open"),
        sql`lower(${changes.authorLogin}) <> lower(${bare})`,
        or(requestsReviewFrom(bare), ownedBy(handle)),
      ),
    )
    .orderBy(sql`coalesce(${changes.risk}, -1) desc`, desc(changes.id))
    .limit(opts.limit ?? 200);

  const ids = rows.map((r) => r.assessmentId).filter((id): id is number => id !== null);
  const reasons = new Map<number, Reason[]>();
  if (ids.length) {
    const found = await db
      .select({ id: assessments.id, reasons: assessments.reasons })
      .from(assessments)
      .where(and(eq(assessments.orgId, orgId), inArray(assessments.id, ids)));
    for (const a of found) reasons.set(a.id, a.reasons);
  }
  const perItem = opts.reasonsPerItem ?? 3;
  return rows.map(({ assessmentId, ...r }) => ({
    ...r,
    requested: Boolean(r.requested),
    owner: Boolean(r.owner),
    createdAt: r.createdAt.toISOString(),
    reasons: (assessmentId ? (reasons.get(assessmentId) ?? []) : [])
      .slice(0, perItem)
      .map(({ code, message, signal, points }) => ({ code, message, signal, points })),
  }));
}
