import { sql } from "drizzle-orm";
import type { FileHistory, HistorySummary } from "../../lib/scoring/types";
import type { DbOrTx } from "../client";
import { rowsOf } from "./rows";

/**
 * The §5.2 history a change sees, from stored changes of the same repository merged before it (never after), inside
 * the window: per touched path its changes, reverts, fixes and distinct authors; and the author's familiarity.
 */
export async function loadHistorySummary(
  db: DbOrTx,
  input: { orgId: string; repositoryId: string; paths: string[]; authorLogin: string; before: Date; windowDays: number },
): Promise<HistorySummary> {
  const since = new Date(input.before.getTime() - input.windowDays * 86_400_000);
  const files: Record<string, FileHistory> = {};
  let touchedFilesKnown = 0;
  if (input.paths.length) {
    const rows = rowsOf<{ path: string; changes: number; reverts: number; fixes: number; authors: number; mine: number }>(
      await db.execute(sql`
        select cf.path,
               count(*)::int as changes,
               count(*) filter (where c.is_revert)::int as reverts,
               count(*) filter (where c.is_fix)::int as fixes,
               count(distinct c.author_login)::int as authors,
               count(*) filter (where c.author_login = ${input.authorLogin})::int as mine
        from change_files cf
        join changes c on c.id = cf.change_id
        where cf.org_id = ${input.orgId}
          and cf.path = any(${sql.raw("ARRAY[")}${sql.join(input.paths.map((p) => sql`${p}`), sql`, `)}${sql.raw("]::text[]")})
          and c.repository_id = ${input.repositoryId}
          and c.state = 'merged'
          and c.merged_at < ${input.before.toISOString()}
          and c.merged_at >= ${since.toISOString()}
        group by cf.path`),
    );
    for (const r of rows) {
      files[r.path] = { changes: r.changes, reverts: r.reverts, fixes: r.fixes, authors: r.authors };
      if (r.mine > 0) touchedFilesKnown++;
    }
  }
  const [author] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from changes
      where org_id = ${input.orgId} and repository_id = ${input.repositoryId} and state = 'merged'
        and author_login = ${input.authorLogin} and merged_at < ${input.before.toISOString()}`),
  );
  return { windowDays: input.windowDays, files, author: { priorChanges: author?.n ?? 0, touchedFilesKnown } };
}
