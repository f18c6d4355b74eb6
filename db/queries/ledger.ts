import { and, asc, count, desc, eq, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Band } from "../../lib/scoring/types";
import type { DbOrTx } from "../client";
import { changes, receipts, repositories } from "../schema";
import { rowsOf } from "./rows";

export type LedgerSort = "merged_desc" | "merged_asc" | "risk_desc" | "risk_asc";

export interface LedgerFilter {
  orgId: string;
  /** Merged changes in [from, to), or open pull requests (no window). */
  state: "merged" | "open";
  from?: Date;
  to?: Date;
  repositoryId?: string;
  service?: string;
  band?: Band;
  aiOrigin?: boolean;
  failedControl?: string;
  author?: string;
  /** A pull request number ("123" or "#123"), or words of the title (each matched anywhere in it, any case). */
  search?: string;
}

export interface LedgerPageQuery extends LedgerFilter {
  sort: LedgerSort;
  /** Opaque keyset cursors from a previous page: rows after the last one, or before the first one. */
  after?: string;
  before?: string;
  limit: number;
}

export interface LedgerRow {
  id: number;
  repo: string;
  number: number | null;
  title: string;
  url: string | null;
  authorLogin: string;
  authorType: string;
  aiOrigin: boolean;
  createdAt: string;
  mergedAt: string | null;
  services: string[];
  tier: number | null;
  risk: number | null;
  band: Band | null;
  topReason: string | null;
  failedControls: string[];
  attested: boolean;
  mergeSha: string | null;
  fileCount: number;
  truncatedReason: string | null;
  /** The latest receipt issued for the change, when there is one. */
  receiptId: number | null;
}

export interface LedgerPage {
  rows: LedgerRow[];
  /** Cursor for the next page, when there is one. */
  next: string | null;
  /** Cursor for the previous page, when this is not the first. */
  previous: string | null;
}

/** The column the time sorts use: merge time for the ledger, creation time for open pull requests. */
function timeColumn(state: LedgerFilter["state"]) {
  return state === "merged" ? changes.mergedAt : changes.createdAt;
}

/** Unscored rows sort below every score, and the keyset needs a value that is never null. */
const riskKey = sql`coalesce(${changes.risk}, -1)`;

function sortKey(q: Pick<LedgerPageQuery, "sort" | "state">): { key: SQL; keyText: SQL<string>; descending: boolean } {
  const descending = q.sort.endsWith("_desc");
  if (q.sort.startsWith("risk")) return { key: riskKey, keyText: sql<string>`${riskKey}::text`, descending };
  const col = timeColumn(q.state);
  return { key: sql`${col}`, keyText: sql<string>`${col}::text`, descending };
}

export function ledgerConditions(f: LedgerFilter): SQL[] {
  const words = titleWords(f.search);
  return [...filterConditions(f), ...(words ? titleConditions(changes.title, words) : [])];
}

/** Every condition of the filter except words of the title. */
function filterConditions(f: LedgerFilter): SQL[] {
  const where: SQL[] = [eq(changes.orgId, f.orgId), eq(changes.state, f.state)];
  if (f.state === "merged") {
    if (f.from) where.push(sql`${changes.mergedAt} >= ${f.from.toISOString()}`);
    if (f.to) where.push(sql`${changes.mergedAt} < ${f.to.toISOString()}`);
  }
  if (f.repositoryId) where.push(eq(changes.repositoryId, f.repositoryId));
  if (f.service) where.push(sql`${changes.services} @> array[${f.service}]::text[]`);
  if (f.band) where.push(eq(changes.band, f.band));
  if (f.aiOrigin !== undefined) where.push(eq(changes.aiOrigin, f.aiOrigin));
  if (f.failedControl) where.push(sql`${changes.failedControls} @> array[${f.failedControl}]::text[]`);
  if (f.author) where.push(sql`lower(${changes.authorLogin}) = lower(${f.author})`);
  const search = f.search?.trim();
  const number = search ? /^#?(\d{1,9})$/.exec(search) : null;
  if (number) where.push(eq(changes.number, Number(number[1])));
  return where;
}

/**
 * The words a search looks for in titles (null when the search is a pull request number or absent). Letters and
 * digits only, so none is a LIKE wildcard; a search of punctuation alone has no words and matches nothing.
 */
function titleWords(search: string | undefined): string[] | null {
  const s = search?.trim();
  if (!s || /^#?(\d{1,9})$/.test(s)) return null;
  return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Every word somewhere in the title, in any case ("cach check" finds "Caching of checkout"). */
function titleConditions(title: SQLWrapper, words: string[]): SQL[] {
  return words.length ? words.map((w) => sql`${title} ilike ${`%${w}%`}`) : [sql`false`];
}

interface Cursor {
  k: string;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.k, c.id])).toString("base64url");
}

export function decodeCursor(token: string | undefined): Cursor | null {
  if (!token) return null;
  try {
    const v = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && typeof v[0] === "string" && Number.isSafeInteger(v[1])) return { k: v[0], id: v[1] as number };
  } catch {
    // A mangled cursor reads as the first page.
  }
  return null;
}

const selection = {
  id: changes.id,
  repo: repositories.fullName,
  number: changes.number,
  title: changes.title,
  url: changes.url,
  authorLogin: changes.authorLogin,
  authorType: changes.authorType,
  aiOrigin: changes.aiOrigin,
  createdAt: changes.createdAt,
  mergedAt: changes.mergedAt,
  services: changes.services,
  tier: changes.tier,
  risk: changes.risk,
  band: changes.band,
  topReason: changes.topReason,
  failedControls: changes.failedControls,
  attested: changes.attested,
  mergeSha: changes.mergeSha,
  fileCount: changes.fileCount,
  truncatedReason: changes.truncatedReason,
};

/**
 * One page of the ledger by keyset on (sort key, id): the same cost for the first page and the ten-thousandth,
 * and stable while new changes arrive. Every filter is a condition the indexes on `changes` can serve.
 */
export async function listLedgerPage(db: DbOrTx, q: LedgerPageQuery): Promise<LedgerPage> {
  const { key, keyText, descending } = sortKey(q);
  const after = decodeCursor(q.after);
  const before = after ? null : decodeCursor(q.before);
  const where = filterConditions(q);
  // Going backwards reads the mirror order, then turns the rows round.
  const forward = !before;
  const readDescending = forward ? descending : !descending;
  const cursor = after ?? before;
  if (cursor) {
    // Typed as the key is (real, timestamptz) so the comparison is an index condition on the sort's index.
    const keyParam = q.sort.startsWith("risk") ? sql`${Number(cursor.k)}::real` : sql`${cursor.k}::timestamptz`;
    where.push(readDescending ? sql`(${key}, ${changes.id}) < (${keyParam}, ${cursor.id})` : sql`(${key}, ${changes.id}) > (${keyParam}, ${cursor.id})`);
  }
  const words = titleWords(q.search);
  if (words) {
    const ids = await titleSearchPage(db, { where, words, key, readDescending, limit: q.limit + 1 });
    if (!ids.length) return { rows: [], next: null, previous: null };
    where.push(inArray(changes.id, ids));
  }
  const order = readDescending ? [desc(key), desc(changes.id)] : [asc(key), asc(changes.id)];
  const raw = await db
    .select({ ...selection, sortKey: keyText })
    .from(changes)
    .innerJoin(repositories, eq(repositories.id, changes.repositoryId))
    .where(and(...where))
    .orderBy(...order)
    .limit(q.limit + 1);
  const more = raw.length > q.limit;
  const page = raw.slice(0, q.limit);
  if (!forward) page.reverse();
  const receiptOf = await latestReceipts(db, q.orgId, page.map((r) => r.id));
  const rows: LedgerRow[] = page.map(({ sortKey: _k, ...r }) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    mergedAt: r.mergedAt?.toISOString() ?? null,
    receiptId: receiptOf.get(r.id) ?? null,
  }));
  const first = page[0];
  const last = page[page.length - 1];
  const cursorOf = (r: (typeof page)[number]) => encodeCursor({ k: r.sortKey, id: r.id });
  return {
    rows,
    next: last && (forward ? more : true) ? cursorOf(last) : null,
    previous: first && (forward ? Boolean(after) : more) ? cursorOf(first) : null,
  };
}

/** How many rows, per row of the page, a title search reads in sort order before it asks the trigram index. */
const SEARCH_SCAN_PER_ROW = 20;

/**
 * The ids of one page of a title search (`where` holds the other filters and the cursor), in page order. The
 * planner cannot estimate how many titles hold the words, and guessing wrong costs seconds: walking the sort index
 * past a million rows for words that are nowhere, or collecting every match of a common word to sort them. So:
 * 1. read a bounded run of the window in sort order (the sort's index) and keep the titles that match: a common
 *    word fills the page here;
 * 2. otherwise matches are rare: collect all of them, each from the trigram index or the window (whichever the
 *    planner finds smaller; the fence keeps it from walking the sort index), and sort those.
 */
async function titleSearchPage(
  db: DbOrTx,
  p: { where: SQL[]; words: string[]; key: SQL; readDescending: boolean; limit: number },
): Promise<number[]> {
  const dir = p.readDescending ? desc : asc;
  const run = db
    .select({ id: changes.id, title: changes.title, sortValue: sql`${p.key}`.as("sort_value") })
    .from(changes)
    .where(and(...p.where))
    .orderBy(dir(p.key), dir(changes.id))
    .limit(p.limit * SEARCH_SCAN_PER_ROW)
    .as("run");
  const scanned = await db
    .select({ id: run.id })
    .from(run)
    .where(and(...titleConditions(run.title, p.words)))
    .orderBy(dir(run.sortValue), dir(run.id))
    .limit(p.limit);
  let ids = scanned.map((r) => r.id);
  if (ids.length < p.limit) {
    // A materialised CTE is planned on its own, for all its rows, so it cannot become a walk of the sort index.
    const order = p.readDescending ? sql`sort_value desc, id desc` : sql`sort_value asc, id asc`;
    const found = await db.execute(sql`
      with matches as materialized (
        select ${changes.id} as id, ${p.key} as sort_value from ${changes}
        where ${and(...p.where, ...titleConditions(changes.title, p.words))}
      )
      select id from matches order by ${order} limit ${p.limit}`);
    ids = rowsOf<{ id: number | string }>(found).map((r) => Number(r.id));
  }
  return ids;
}

/**
 * How many changes match the filter (shown above the table). With `upTo`, counting stops there: a count reads every
 * matching index entry, so a year-long window of a busy organisation would otherwise cost hundreds of milliseconds
 * on every view of the ledger.
 */
export async function countLedger(db: DbOrTx, f: LedgerFilter, upTo?: number): Promise<number> {
  if (upTo === undefined) {
    const [row] = await db
      .select({ n: count() })
      .from(changes)
      .where(and(...ledgerConditions(f)));
    return row?.n ?? 0;
  }
  const matching = db
    .select({ one: sql`1`.as("one") })
    .from(changes)
    .where(and(...ledgerConditions(f)))
    .limit(upTo)
    .as("matching");
  const [row] = await db.select({ n: count() }).from(matching);
  return row?.n ?? 0;
}

async function latestReceipts(db: DbOrTx, orgId: string, changeIds: number[]): Promise<Map<number, number>> {
  if (changeIds.length === 0) return new Map();
  const rows = await db
    .select({ changeId: receipts.changeId, id: sql<number>`max(${receipts.id})`.mapWith(Number) })
    .from(receipts)
    .where(and(eq(receipts.orgId, orgId), inArray(receipts.changeId, changeIds)))
    .groupBy(receipts.changeId);
  return new Map(rows.map((r) => [r.changeId, r.id]));
}

/** Everything the ledger export writes, read in keyset batches so no result is ever held whole. */
export async function* streamLedger(db: DbOrTx, f: LedgerFilter & { sort: LedgerSort }, batchSize = 1000): AsyncGenerator<LedgerRow[]> {
  let after: string | undefined;
  for (;;) {
    const page = await listLedgerPage(db, { ...f, after, limit: batchSize });
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

export async function listOrgRepositories(db: DbOrTx, orgId: string) {
  return db
    .select({ id: repositories.id, fullName: repositories.fullName })
    .from(repositories)
    .where(eq(repositories.orgId, orgId))
    .orderBy(asc(repositories.fullName));
}

/**
 * Values for the filter menus: repositories of the organisation, and authors of the latest merges in the window
 * (a bounded read: the author field also takes any login typed in).
 */
export async function ledgerFacets(db: DbOrTx, orgId: string, window: { from: Date; to: Date }) {
  const recent = db
    .select({ login: changes.authorLogin })
    .from(changes)
    .where(and(...ledgerConditions({ orgId, state: "merged", ...window })))
    .orderBy(desc(changes.mergedAt), desc(changes.id))
    .limit(2000)
    .as("recent");
  const [repos, authors] = await Promise.all([
    listOrgRepositories(db, orgId),
    db.selectDistinct({ login: recent.login }).from(recent).orderBy(asc(recent.login)).limit(500),
  ]);
  return { repositories: repos, authors: authors.map((a) => a.login) };
}

/** Whether the organisation has any change at all (an index probe, unlike a count over millions of rows). */
export async function hasAnyChange(db: DbOrTx, orgId: string, state?: "merged" | "open"): Promise<boolean> {
  const [row] = await db
    .select({ id: changes.id })
    .from(changes)
    .where(state ? and(eq(changes.orgId, orgId), eq(changes.state, state)) : eq(changes.orgId, orgId))
    .limit(1);
  return Boolean(row);
}
