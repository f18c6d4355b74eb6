import { sql } from "drizzle-orm";
import { changes, repositories } from "../schema";

/** The columns that name a change in a list (the query joins `repositories`). */
export const changeHeadline = {
  id: changes.id,
  repo: repositories.fullName,
  number: changes.number,
  title: changes.title,
};

/** The change asks `login` (no @) for a review. */
export const requestsReviewFrom = (login: string) =>
  sql<boolean>`exists (select 1 from unnest(${changes.requestedReviewers}) as r(reviewer) where lower(r.reviewer) = lower(${login}))`;

/** `handle` (`@login` or `@org/team`) owns a path the change touches (CODEOWNERS). */
export const ownedBy = (handle: string) =>
  sql<boolean>`exists (select 1 from unnest(${changes.owners}) as o(owner) where lower(o.owner) = lower(${handle}))`;
