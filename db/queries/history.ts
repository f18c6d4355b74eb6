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

export interface HistorySeedRow {
  id: number;
  number: number | null;
  mergedAt: Date;
  authorLogin: string;
  isFix: boolean;
  isRevert: boolean;
  /** Paths the change leaves in place (its history events). */
  paths: string[];
  /** Every path it touched, previous names of renames included (what its own history summary looks at). */
  files: Array<{ path: string; previousPath: string | null }>;
  historyDigest: string | null;
  mergeSha: string | null;
}

/**
 * Every merged change of a repository as history sees it (merge time, author, fix/revert, touched paths): enough
 * to build the in-memory history index once per sync instead of one query per change.
 */
export async function loadHistorySeed(db: DbOrTx, orgId: string, repositoryId: string): Promise<HistorySeedRow[]> {
  const rows = rowsOf<{
    id: number | string;
    number: number | null;
    merged_at: string | Date;
    author_login: string;
    is_fix: boolean;
    is_revert: boolean;
    paths: string[] | null;
    files: Array<{ p: string; o: string | null }> | null;
    history_digest: string | null;
    merge_sha: string | null;
  }>(
    await db.execute(sql`
      select c.id, c.number, c.merged_at, c.author_login, c.is_fix, c.is_revert, c.history_digest, c.merge_sha,
             coalesce(array_agg(cf.path) filter (where cf.path is not null and cf.status <> 'removed'), '{}') as paths,
             coalesce(json_agg(json_build_object('p', cf.path, 'o', cf.previous_path)) filter (where cf.path is not null), '[]') as files
      from changes c
      left join change_files cf on cf.change_id = c.id
      where c.org_id = ${orgId} and c.repository_id = ${repositoryId} and c.state = 'merged' and c.merged_at is not null
      group by c.id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.number,
    mergedAt: new Date(r.merged_at),
    authorLogin: r.author_login,
    isFix: r.is_fix,
    isRevert: r.is_revert,
    paths: r.paths ?? [],
    files: (typeof r.files === "string" ? (JSON.parse(r.files) as typeof r.files) : r.files ?? []).map((f) => ({ path: f!.p, previousPath: f!.o })),
    historyDigest: r.history_digest,
    mergeSha: r.merge_sha,
  }));
}
