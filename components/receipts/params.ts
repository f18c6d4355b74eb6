import type { ReceiptSearch } from "@/db/queries/receipts";

export interface ReceiptQuery {
  /** What was typed in the search box, echoed back. */
  q: string;
  repo: string;
  reviewer: string;
  from: string;
  to: string;
  before: number | null;
  search: Omit<ReceiptSearch, "limit">;
  /** Why the search box was not understood, if it was not. */
  problem: string | null;
}

const PR_URL = /^https?:\/\/[^/]+\/([^/\s]+\/[^/\s]+)\/pull\/(\d+)(?:[/?#].*)?$/i;
const REPO_AND_NUMBER = /^([^/\s#]+\/[^/\s#]+)#(\d+)$/;
const NUMBER = /^#?(\d{1,9})$/;
const SHA = /^[0-9a-f]{7,40}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function one(params: Record<string, string | string[] | undefined>, key: string): string {
  const v = params[key];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? "";
}

/**
 * The search box takes a pull request URL, `owner/repo#123`, `#123` or a number, or a merge commit sha (7 to 40
 * hex characters); the other fields narrow by repository, reviewer and merge date (UTC days, inclusive).
 */
export function parseReceiptQuery(params: Record<string, string | string[] | undefined>): ReceiptQuery {
  const q = one(params, "q");
  const repo = one(params, "repo");
  const reviewer = one(params, "reviewer").replace(/^@/, "");
  const from = DAY.test(one(params, "from")) ? one(params, "from") : "";
  const to = DAY.test(one(params, "to")) ? one(params, "to") : "";
  const beforeRaw = Number(one(params, "before"));
  const before = Number.isSafeInteger(beforeRaw) && beforeRaw > 0 ? beforeRaw : null;
  const search: ReceiptQuery["search"] = {};
  let problem: string | null = null;
  let m: RegExpExecArray | null;
  if (!q) {
    // nothing typed
  } else if ((m = PR_URL.exec(q)) || (m = REPO_AND_NUMBER.exec(q))) {
    search.repo = m[1];
    search.number = Number(m[2]);
  } else if ((m = NUMBER.exec(q))) {
    search.number = Number(m[1]);
  } else if (SHA.test(q)) {
    search.mergeSha = q.toLowerCase();
  } else {
    problem = `“${q}” is not a pull request number or URL, nor a merge commit sha (7–40 hex characters).`;
  }
  if (repo) search.repo = repo;
  if (reviewer) search.reviewer = reviewer;
  if (from) search.mergedFrom = new Date(`${from}T00:00:00Z`);
  if (to) search.mergedTo = new Date(`${to}T23:59:59.999Z`);
  if (before) search.beforeSequence = before;
  return { q, repo, reviewer, from, to, before, search, problem };
}
