import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { rowsOf } from "./rows";

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

/** Merged changes that touched one of `paths` or whose author (lower-cased login) is one of `authors`. */
export interface HistorySeedFilter {
  paths: string[];
  authors: string[];
}

/**
 * Every merged change of a repository as history sees it (merge time, author, fix/revert, touched paths): enough
 * to build the in-memory history index once per sync instead of one query per change. With `only`, just the
 * changes that can count in the history of particular changes (their paths and authors).
 */
export async function loadHistorySeed(db: DbOrTx, orgId: string, repositoryId: string, only?: HistorySeedFilter): Promise<HistorySeedRow[]> {
  const relevant = only
    ? sql`and (c.id in (select f.change_id from change_files f
                        where f.org_id = ${orgId} and f.path in (select jsonb_array_elements_text(${JSON.stringify(only.paths)}::jsonb)))
               or lower(c.author_login) in (select jsonb_array_elements_text(${JSON.stringify(only.authors)}::jsonb)))`
    : sql``;
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
      where c.org_id = ${orgId} and c.repository_id = ${repositoryId} and c.state = 'merged' and c.merged_at is not null ${relevant}
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
