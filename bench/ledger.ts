import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import type { BenchContext, BenchModule } from "./harness";
import { percentile } from "./harness";
import { openDatabase, type Database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { loadBoard, loadBoardFromChanges } from "@/db/queries/board";
import { countStaleDays, refreshBoardRollups } from "@/db/queries/board-rollups";
import { updateChange } from "@/db/queries/changes";
import { countLedger, listLedgerPage, type LedgerPageQuery } from "@/db/queries/ledger";
import { ledgerCsvStream } from "@/lib/services/ledger-export";
import { DEFAULT_DEMO_PASSWORD, DEMO_TENANT, DEMO_USERS, seedDemoOrganisation } from "@/lib/services/demo-org";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import { freePort } from "../test/free-port";

/**
 * The views at scale: 1,000,000 changes (BENCH_SCALE scales it) with files and assessments seeded set-based into a
 * PostgreSQL database of the benchmark's own, then the ledger pages (first and deep, sorted and filtered), the
 * board's four-quarter aggregation, the CSV export, the first-load JavaScript of /ledger and /board from the build,
 * and an HTTP load run against a production server started on that database.
 */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SERVICES = [
  ["payments", 0],
  ["ledger-api", 0],
  ["identity", 1],
  ["checkout", 1],
  ["notifications", 2],
  ["search", 2],
  ["web", 2],
  ["reporting", 3],
  ["docs-site", 3],
  ["internal-tools", 3],
] as const;
const DAY = 86_400_000;

async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), n: sorted.length };
}

async function seed(ctx: BenchContext, database: Database, total: number, now: Date): Promise<string> {
  const db = database.db;
  const seeded = await seedDemoOrganisation(db, DEFAULT_DEMO_PASSWORD);
  const orgId = seeded!.orgId;
  await db.execute(sql`insert into repositories (org_id, full_name, selected)
    select ${orgId}, 'acme/repo-' || g, true from generate_series(1, 20) g`);
  const spanMs = 3 * 365 * DAY; // three years of history: ~4 weeks hold ~2.5 % of the rows
  const open = Math.max(50, Math.round(total * 0.0005));
  const services = `(array[${SERVICES.map(([n]) => `'${n}'`).join(",")}])`;
  const tiers = `(array[${SERVICES.map(([, t]) => t).join(",")}])`;
  let t = performance.now();
  // Ids are given explicitly so the assessment of change i is assessment i, without a second pass to link them.
  await db.execute(sql.raw(`
    with repos as (select array_agg(id order by full_name) ids from repositories where org_id = '${orgId}'),
    g as (
      select i, (i % 20) + 1 as r, ((i::bigint * 2654435761) % 1000)::int as h,
             ((i::bigint * 40503) % ${SERVICES.length})::int + 1 as s
      from generate_series(1, ${total}) i
    )
    insert into changes (id, org_id, repository_id, number, title, state, author_login, author_type, merged_by_login,
      created_at, merged_at, base_ref, head_ref, head_sha, merge_sha, requested_reviewers, additions, deletions, file_count,
      current_assessment_id, risk, band, ai_origin, top_reason, services, tier, failed_controls, owners, attested, failed, is_fix)
    overriding system value
    select g.i, '${orgId}', repos.ids[g.r], g.i / 20 + 1,
      (array['Add','Fix','Refactor','Harden','Speed up','Guard'])[(g.i % 6) + 1] || ' ' ||
        (array['retries for','timeouts in','pagination of','caching of','audit logging for'])[(g.i % 5) + 1] || ' ' ||
        ${services}[g.s] || ' #' || g.i,
      case when g.i > ${total - open} then 'open' else 'merged' end::change_state,
      'dev-' || (g.i * 31 % 400), 'User', 'merger-' || (g.i % 17),
      ${`timestamptz '${now.toISOString()}'`} - ((g.i - 1)::float8 / ${total} * ${spanMs}) * interval '1 millisecond' - interval '6 hours',
      case when g.i > ${total - open} then null
           else ${`timestamptz '${now.toISOString()}'`} - ((g.i - 1)::float8 / ${total} * ${spanMs}) * interval '1 millisecond' end,
      'main', 'feature/' || g.i, md5('h' || g.i), md5('m' || g.i),
      case when g.i % 7 = 0 then array['dev-' || (g.i % 400)] else '{}'::text[] end,
      20 + g.h % 400, g.h % 90, 1 + g.i % 9,
      g.i, (g.h / 10.0)::real,
      (case when g.h >= 750 then 'critical' when g.h >= 500 then 'high' when g.h >= 250 then 'elevated' else 'low' end)::band,
      g.i % 5 = 0,
      (array['Touches a tier-0 service','No human approval','Behaviour changed without a test change','Exposed to PCI DSS','Hotspot: 4 recent fixes'])[(g.i % 5) + 1],
      array[${services}[g.s]], ${tiers}[g.s],
      case when g.h % 4 = 0 then array['required-approvals'] when g.h % 9 = 0 then array['codeowners-approval','ticket'] else '{}'::text[] end,
      array['@acme/team-' || (g.s), '@dev-' || (g.i % 50)],
      g.h >= 500 and g.i % 3 = 0,
      case when g.i > ${Math.round(total * 0.03)} then g.i % 23 = 0 else null end,
      g.i % 6 = 1
    from g, repos`));
  ctx.log(`changes: ${total.toLocaleString("en-US")} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await db.execute(sql.raw(`
    insert into change_files (change_id, org_id, path, status, additions, deletions, service)
    select c.id, c.org_id, 'src/' || c.services[1] || '/' || f || '/file-' || (c.id % 97) || '.ts', 'modified', 10 * f, f, c.services[1]
    from changes c, generate_series(1, 3) f
    where c.org_id = '${orgId}'`));
  ctx.log(`change_files: ${(total * 3).toLocaleString("en-US")} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await db.execute(sql.raw(`
    insert into assessments (id, org_id, change_id, policy_version, model_version, risk, band, signals, reasons, checks, ai, services, regimes, trigger)
    overriding system value
    select c.id, c.org_id, c.id, 'default', 'bench', c.risk, c.band,
      jsonb_build_object(
        'scope', jsonb_build_object('name','scope','value', c.risk / 100,'weight',0.4,'multiplier',1,'points', c.risk * 0.4,'reasons','[]'::jsonb),
        'criticality', jsonb_build_object('name','criticality','value', 1 - c.tier / 3.0,'weight',0.15,'multiplier',1,'points', c.risk * 0.15,'reasons','[]'::jsonb),
        'review', jsonb_build_object('name','review','value', c.risk / 200,'weight',0.15,'multiplier',case when c.ai_origin then 1.5 else 1 end,'points', c.risk * 0.15,'reasons','[]'::jsonb)),
      jsonb_build_array(jsonb_build_object('signal','scope','code','scope.files','message', c.top_reason,'evidence', jsonb_build_array(jsonb_build_object('kind','service','value', c.services[1])))),
      jsonb_build_array(jsonb_build_object('id','required-approvals','title','Enough human approvals','status', case when 'required-approvals' = any(c.failed_controls) then 'fail' else 'pass' end,'reason','','evidence','[]'::jsonb)),
      jsonb_build_object('aiOrigin', c.ai_origin, 'tools', case when c.ai_origin then '["Claude"]'::jsonb else '[]'::jsonb end, 'evidence', '[]'::jsonb, 'provenance', null),
      jsonb_build_array(jsonb_build_object('name', c.services[1], 'tier', c.tier, 'direct', true, 'paths', '[]'::jsonb)),
      '{}'::text[], 'import'
    from changes c where c.org_id = '${orgId}'`));
  ctx.log(`assessments: ${total.toLocaleString("en-US")} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await db.execute(sql`vacuum analyze changes`);
  await db.execute(sql`vacuum analyze change_files`);
  await db.execute(sql`vacuum analyze assessments`);
  ctx.log(`vacuum analyze in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  // As after a sync run: the trigger on changes marked every day the seed wrote; the refresh builds those rollups.
  const stale = await countStaleDays(db, orgId);
  t = performance.now();
  await refreshBoardRollups(db, orgId);
  const refreshMs = performance.now() - t;
  await db.execute(sql`vacuum analyze board_rollups`);
  await db.execute(sql`vacuum analyze board_rollup_stale`);
  ctx.report({ name: "board rollups: refresh of every seeded day (as after a first sync)", value: refreshMs / 1000, unit: "s", note: `${stale.toLocaleString("en-US")} days` });
  return orgId;
}

async function repositoryOf(database: Database, orgId: string): Promise<string> {
  const rows = await database.db.execute(sql`select id from repositories where org_id = ${orgId} order by full_name limit 1`);
  return (Array.isArray(rows) ? rows : (rows as { rows: Array<{ id: string }> }).rows)[0]!.id as string;
}

async function measureQueries(ctx: BenchContext, database: Database, orgId: string, now: Date, total: number) {
  const db = database.db;
  const window = { from: new Date(now.getTime() - 30 * DAY), to: new Date(now.getTime() + 60_000) };
  const base: LedgerPageQuery = { orgId, state: "merged", ...window, sort: "merged_desc", limit: 50 };
  for (let i = 0; i < 5; i++) await listLedgerPage(db, base); // warm the cache

  const pageRun = async (name: string, q: LedgerPageQuery, pages: number) => {
    const samples: number[] = [];
    let after: string | undefined;
    let rows = 0;
    for (let i = 0; i < pages; i++) {
      const { ms, value } = await timeIt(() => listLedgerPage(db, { ...q, after }));
      samples.push(ms);
      rows += value.rows.length;
      after = value.next ?? undefined;
      if (!after) after = undefined;
    }
    const s = stats(samples);
    ctx.report({ name: `${name}: p50`, value: s.p50, unit: "ms", note: `${s.n} pages of 50, ${rows.toLocaleString("en-US")} rows` });
    ctx.report({ name: `${name}: p95`, value: s.p95, unit: "ms", target: "≤ 50", ok: s.p95 <= 50 });
  };

  const firsts: number[] = [];
  for (let i = 0; i < 50; i++) firsts.push((await timeIt(() => listLedgerPage(db, base))).ms);
  const f = stats(firsts);
  ctx.report({ name: "ledger first page (30 days, newest first): p50", value: f.p50, unit: "ms" });
  ctx.report({ name: "ledger first page (30 days, newest first): p95", value: f.p95, unit: "ms", target: "≤ 50", ok: f.p95 <= 50 });

  const deepPages = Math.max(20, Math.round(400 * ctx.scale));
  await pageRun(`ledger walking ${deepPages} pages deep (30 days, newest first)`, base, deepPages);
  await pageRun(`ledger walking ${deepPages} pages (90 days, riskiest first)`, { ...base, from: new Date(now.getTime() - 90 * DAY), sort: "risk_desc" }, deepPages);
  await pageRun("ledger filtered by service (payments)", { ...base, service: "payments" }, 30);
  await pageRun("ledger filtered by band (critical)", { ...base, band: "critical" }, 30);
  await pageRun("ledger filtered by service + band (payments, high)", { ...base, service: "payments", band: "high" }, 30);
  const ninety = { ...base, from: new Date(now.getTime() - 90 * DAY) };
  await pageRun(`ledger walking ${deepPages} pages (90 days, least risky first)`, { ...ninety, sort: "risk_asc" }, deepPages);
  await pageRun(`ledger walking ${deepPages} pages (90 days, oldest first)`, { ...ninety, sort: "merged_asc" }, deepPages);
  await pageRun("ledger riskiest first, filtered by band (elevated, 90 days)", { ...ninety, sort: "risk_desc", band: "elevated" }, 30);
  await pageRun("ledger riskiest first, filtered by repository (90 days)", { ...ninety, sort: "risk_desc", repositoryId: await repositoryOf(database, orgId) }, 30);
  await pageRun("ledger riskiest first, filtered by service (reporting, 90 days)", { ...ninety, sort: "risk_desc", service: "reporting" }, 30);
  await pageRun("ledger riskiest first, filtered by AI origin (90 days)", { ...ninety, sort: "risk_desc", aiOrigin: true }, 30);
  await pageRun("ledger riskiest first, filtered by failed control (ticket, 90 days)", { ...ninety, sort: "risk_desc", failedControl: "ticket" }, 30);
  await pageRun("ledger filtered by author (dev-7, 90 days)", { ...ninety, author: "dev-7" }, 5);
  await pageRun("ledger riskiest first, filtered by author (dev-7, 90 days)", { ...ninety, sort: "risk_desc", author: "dev-7" }, 5);
  // The seed's titles make 30 combinations of verb, object and service, and never "caching of checkout": no hits.
  await pageRun("ledger search by title words, no hits (90 days)", { ...ninety, search: "caching of checkout" }, 10);
  await pageRun("ledger search by title words, no hits (all time, riskiest first)", { ...base, from: new Date(now.getTime() - 4 * 365 * DAY), sort: "risk_desc", search: "caching of checkout" }, 10);
  await pageRun("ledger search by common title words (90 days)", { ...ninety, search: "caching of notifications" }, 10);
  // Titles end in "#<seed index>": a word of five digits matches a handful of changes.
  await pageRun("ledger search by a rare title word (all time)", { ...base, from: new Date(now.getTime() - 4 * 365 * DAY), search: "harden 12345" }, 3);
  await pageRun("ledger search by pull request number (90 days)", { ...ninety, search: `#${Math.max(2, Math.round(total / 1000))}` }, 3);
  await pageRun("ledger search by pull request number, no hits (90 days)", { ...ninety, search: "#99999999" }, 3);

  const counts: number[] = [];
  let counted = 0;
  for (let i = 0; i < 10; i++) {
    const r = await timeIt(() => countLedger(db, base));
    counts.push(r.ms);
    counted = r.value;
  }
  ctx.report({ name: "ledger row count (30 days, unbounded): p95", value: stats(counts).p95, unit: "ms", note: `${counted.toLocaleString("en-US")} rows` });
  const bounded: number[] = [];
  for (let i = 0; i < 10; i++) bounded.push((await timeIt(() => countLedger(db, base, 10_001))).ms);
  ctx.report({ name: "ledger row count as shown above the table (stops at 10,001): p95", value: stats(bounded).p95, unit: "ms" });
  for (const [label, search] of [["no hits", "caching of checkout"], ["common words", "caching of notifications"]] as const) {
    const samples: number[] = [];
    let n = 0;
    for (let i = 0; i < 5; i++) {
      const r = await timeIt(() => countLedger(db, { ...ninety, search }));
      samples.push(r.ms);
      n = r.value;
    }
    ctx.report({ name: `ledger row count, search with ${label} (90 days): p95`, value: stats(samples).p95, unit: "ms", note: `${n.toLocaleString("en-US")} rows` });
  }

  for (let i = 0; i < 3; i++) await loadBoard(db, { orgId, now });
  const board: number[] = [];
  for (let i = 0; i < 20; i++) board.push((await timeIt(() => loadBoard(db, { orgId, now }))).ms);
  const b = stats(board);
  const shape = await loadBoard(db, { orgId, now });
  const merged = shape.weeks.reduce((s, w) => s + w.merged, 0);
  ctx.report({ name: "board, four quarters (weekly PRI + quarter KPIs): p50", value: b.p50, unit: "ms", note: `${shape.weeks.length} weeks, ${merged.toLocaleString("en-US")} changes aggregated` });
  ctx.report({ name: "board, four quarters: p95", value: b.p95, unit: "ms", target: "≤ 100", ok: b.p95 <= 100 });
  const serviceBoard: number[] = [];
  for (let i = 0; i < 10; i++) serviceBoard.push((await timeIt(() => loadBoard(db, { orgId, now, slice: { kind: "service", service: "payments" } }))).ms);
  ctx.report({ name: "board sliced by service: p95", value: stats(serviceBoard).p95, unit: "ms", target: "≤ 100", ok: stats(serviceBoard).p95 <= 100 });
  const repoBoard: number[] = [];
  const repositoryId = await repositoryOf(database, orgId);
  for (let i = 0; i < 10; i++) repoBoard.push((await timeIt(() => loadBoard(db, { orgId, now, slice: { kind: "repo", repositoryId } }))).ms);
  ctx.report({ name: "board sliced by repository: p95", value: stats(repoBoard).p95, unit: "ms", target: "≤ 100", ok: stats(repoBoard).p95 <= 100 });

  // The rollups must reproduce the aggregation straight from changes (which the board used to run) exactly.
  const direct = await timeIt(() => loadBoardFromChanges(db, { orgId, now }));
  const same = JSON.stringify(direct.value) === JSON.stringify(shape);
  ctx.report({ name: "board from rollups equals the aggregation over changes", value: same ? 1 : 0, unit: "", target: "1", ok: same, note: `that aggregation took ${Math.round(direct.ms)} ms` });

  // Writes between refreshes: an attestation and a failure label mark two days stale, which the board then reads
  // from changes until the refresh (as the job handlers and the attest service run it) folds them in.
  const touched = await db.execute(sql`select id from changes where org_id = ${orgId} and state = 'merged' and band = 'high'
    and merged_at < ${new Date(now.getTime() - 10 * DAY).toISOString()} order by merged_at desc limit 40`);
  const ids = (Array.isArray(touched) ? touched : (touched as { rows: Array<{ id: number }> }).rows).map((r) => Number(r.id));
  await updateChange(db, orgId, ids[0]!, { attested: true });
  await updateChange(db, orgId, ids[39]!, { failed: true });
  const staleDays = await countStaleDays(db, orgId);
  const staleBoard: number[] = [];
  for (let i = 0; i < 10; i++) staleBoard.push((await timeIt(() => loadBoard(db, { orgId, now }))).ms);
  ctx.report({ name: `board with ${staleDays} stale days (read from changes): p95`, value: stats(staleBoard).p95, unit: "ms", target: "≤ 100", ok: stats(staleBoard).p95 <= 100 });
  const refresh = await timeIt(() => refreshBoardRollups(db, orgId));
  ctx.report({ name: "board rollups: refresh after an attestation and a label", value: refresh.ms, unit: "ms", note: `${refresh.value.days} days recomputed` });

  // CSV export of the 90-day ledger: rows per second, and the heap it needed while streaming.
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  let bytes = 0;
  let lines = 0;
  const started = performance.now();
  const reader = ledgerCsvStream(db, { orgId, state: "merged", from: new Date(now.getTime() - 90 * DAY), to: window.to, sort: "merged_desc" }).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const secs = (performance.now() - started) / 1000;
  ctx.report({ name: "CSV export (90 days)", value: (lines - 1) / secs, unit: "rows/s", note: `${(lines - 1).toLocaleString("en-US")} rows, ${(bytes / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s; heap growth ${((peak - heapBefore) / 1e6).toFixed(1)} MB` });
}

/** First-load JS of a route from the production build: the root main files plus the route's entry chunks, gzipped. */
function firstLoadJs(route: string): { bytes: number; files: number } | null {
  const root = path.resolve(process.env.NEXT_DIST_DIR ?? ".next");
  const manifestFile = path.join(root, "server/app/(dashboard)", route, "page_client-reference-manifest.js");
  if (!existsSync(manifestFile)) return null;
  const holder = {} as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> };
  new Function("globalThis", readFileSync(manifestFile, "utf8"))(holder);
  const manifest = Object.values(holder.__RSC_MANIFEST ?? {})[0];
  const build = JSON.parse(readFileSync(path.join(root, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const files = new Set<string>(build.rootMainFiles);
  for (const list of Object.values(manifest?.entryJSFiles ?? {})) for (const f of list) files.add(f);
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(path.join(root, f)), { level: 9 }).byteLength;
  return { bytes, files: files.size };
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

type Browser = import("@playwright/test").Browser;

async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("@playwright/test");
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
}

/** The session cookies of a demo user of `role`, signed in through the sign-in form. */
async function signIn(browser: Browser, base: string, role: "engineer" | "executive") {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    const user = DEMO_USERS.find((u) => u.role === role)!;
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(DEFAULT_DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    return await context.cookies();
  } finally {
    await context.close();
  }
}

const cookieHeader = (cookies: Array<{ name: string; value: string }>) => cookies.map((c) => `${c.name}=${c.value}`).join("; ");

/**
 * What a browser really downloads to show a route: every .js response of a fresh, signed-in page load until the
 * network is idle, gzipped. Unlike the manifest figure, this includes the chunks the page imports right after
 * hydration (the ledger's refresher, the board's charts).
 */
async function browserLoadedJs(browser: Browser, url: string, cookies: Awaited<ReturnType<typeof signIn>>) {
  const context = await browser.newContext();
  try {
    await context.addCookies(cookies);
    const page = await context.newPage();
    const bodies = new Map<string, Promise<Buffer | null>>();
    page.on("response", (res) => {
      if (new URL(res.url()).pathname.endsWith(".js") && !bodies.has(res.url())) bodies.set(res.url(), res.body().catch(() => null));
    });
    const res = await page.goto(url, { waitUntil: "networkidle", timeout: 120_000 });
    if (res?.status() !== 200) throw new Error(`${url} answered ${res?.status()} in the browser`);
    let bytes = 0;
    for (const body of await Promise.all(bodies.values())) if (body) bytes += gzipSync(body, { level: 9 }).byteLength;
    return { bytes, files: bodies.size };
  } finally {
    await context.close();
  }
}

async function httpLoad(ctx: BenchContext, dbUrl: string) {
  if (!existsSync(path.join(process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"))) {
    ctx.log("no production build (.next): run `npx next build` first; HTTP load skipped");
    return;
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: dbUrl,
      DEMO_SEED: "0",
      AUTH_SECRET: randomBytes(32).toString("base64"),
      ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
      APP_URL: base,
      PORT: String(port),
      SIGN_IN_MAX_ATTEMPTS: "50",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitFor(`${base}/sign-in`, 120_000);
    const browser = await launchChromium();
    let cookie: string;
    try {
      const engineer = await signIn(browser, base, "engineer");
      cookie = cookieHeader(engineer);
      for (const [route, cookies] of [["ledger", engineer], ["board", await signIn(browser, base, "executive")]] as const) {
        const js = await browserLoadedJs(browser, `${base}/${route}`, cookies);
        ctx.report({
          name: `JS loaded by the browser at first load of /${route} (gzip, incl. lazy chunks)`,
          value: js.bytes / 1024,
          unit: "kB",
          note: `${js.files} files: every .js response of a signed-in load until network idle; no target (the target is the build figure's)`,
        });
      }
    } finally {
      await browser.close();
    }
    const check = await fetch(`${base}/ledger`, { headers: { cookie }, redirect: "manual" });
    if (check.status !== 200) throw new Error(`signed-in /ledger answered ${check.status}`);
    const single: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await (await fetch(`${base}/ledger`, { headers: { cookie } })).text();
      single.push(performance.now() - t);
    }
    ctx.report({ name: "HTTP /ledger, one client: p50 latency", value: stats(single).p50, unit: "ms", note: "server render incl. session check and the page's queries" });
    const { default: autocannon } = await import("autocannon");
    const duration = Math.max(5, Math.round(30 * Math.min(1, ctx.scale * 4)));
    const latencies: number[] = [];
    const instance = autocannon({ url: `${base}/ledger`, connections: 50, duration, headers: { cookie }, timeout: 30 });
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
    const result = await instance;
    const s = stats(latencies);
    const errors = result.errors + result.timeouts + result.non2xx;
    ctx.report({ name: `HTTP /ledger, 50 clients × ${duration} s: requests`, value: result.requests.total, unit: "requests", note: `${result.requests.average.toFixed(1)} req/s` });
    ctx.report({ name: "HTTP /ledger: errors (incl. non-2xx, timeouts)", value: errors, unit: "errors", target: "0", ok: errors === 0 });
    ctx.report({ name: "HTTP /ledger: p50 latency", value: s.p50, unit: "ms" });
    ctx.report({ name: "HTTP /ledger: p95 latency", value: s.p95, unit: "ms", note: "reported, no target" });
  } finally {
    server.kill("SIGTERM");
  }
}

const bench: BenchModule = {
  title: "Views: ledger pages, board aggregation, CSV export, bundle sizes, HTTP load",
  async run(ctx) {
    for (const [route, target] of [["ledger", 130], ["board", 170]] as const) {
      const js = firstLoadJs(route);
      if (!js) ctx.log(`no build output for /${route}: run \`npx next build\` first`);
      else ctx.report({ name: `first-load JS of /${route} (gzip)`, value: js.bytes / 1024, unit: "kB", target: `≤ ${target}`, ok: js.bytes / 1024 <= target, note: `${js.files} files` });
    }

    let admin: postgres.Sql;
    try {
      admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
      await admin`select 1`;
    } catch (err) {
      ctx.log(`PostgreSQL at TEST_DATABASE_URL does not answer (${(err as Error).message}); database figures skipped`);
      return;
    }
    // BENCH_REUSE_DATABASE names a database a previous run kept (BENCH_KEEP_DATABASE=1): no seeding, no drop.
    const reuse = process.env.BENCH_REUSE_DATABASE;
    const name = reuse ?? `rl_bench_views_${Date.now().toString(36)}`;
    if (!reuse) await admin.unsafe(`create database "${name}"`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString(), max: 4 });
    try {
      await migrateDatabase(database);
      const total = Math.max(10_000, Math.round(1_000_000 * ctx.scale));
      const now = new Date();
      const orgId = reuse ? (await getOrganisationBySlug(database.db, DEMO_TENANT.slug))!.id : await seed(ctx, database, total, now);
      await measureQueries(ctx, database, orgId, now, total);
      await httpLoad(ctx, url.toString());
    } finally {
      await database.close();
      if (reuse) ctx.log(`reused the database ${name}`);
      else if (process.env.BENCH_KEEP_DATABASE === "1") ctx.log(`kept the database ${name} (BENCH_KEEP_DATABASE=1): drop it when done`);
      else await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    }
  },
};

export default bench;
