import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeOrg } from "../../test/factories";
import { MIGRATIONS_DIR } from "../migrate";
import { changes, repositories } from "../schema";
import { loadBoard, loadBoardFromChanges, type BoardInput, type BoardSlice } from "./board";
import { countStaleDays, dayRanges, refreshBoardRollups } from "./board-rollups";
import { updateChange, type NewChangeRow } from "./changes";
import { saveFailureLabels } from "./labels";
import { rowsOf } from "./rows";

const DAY = 86_400_000;
const SERVICES = ["payments", "ledger-api", "web", "search"];

/** A small deterministic generator, so a failure reproduces. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

interface GeneratedOrg {
  orgId: string;
  repositoryIds: string[];
}

/**
 * Changes over fifteen months in three repositories: every tier (and none), risks with decimals, all bands, AI
 * origin, outcomes failed / not failed / unknown, services zero to three (one listed twice), and rows the board must
 * skip: open, closed, unscored, merged after `now` on the same day and far in the future.
 */
async function generateOrg(db: Parameters<typeof loadBoard>[0], now: Date, seed: number, count: number): Promise<GeneratedOrg> {
  const org = await makeOrg(db, "Rollups");
  const repos = await db
    .insert(repositories)
    .values([0, 1, 2].map((i) => ({ orgId: org.id, fullName: `acme/rollups-${seed}-${i}`, selected: true })))
    .returning({ id: repositories.id });
  const rand = prng(seed);
  const rows: NewChangeRow[] = [];
  for (let i = 0; i < count; i++) {
    const mergedAt = new Date(now.getTime() - Math.floor(rand() * 460 * DAY) + (i % 50 === 0 ? 3 * 3_600_000 : 0));
    const risk = Math.round(rand() * 1000) / 10;
    const tierDraw = Math.floor(rand() * 5);
    const services = SERVICES.filter(() => rand() < 0.35);
    if (i % 37 === 0 && services.length) services.push(services[0]!);
    const state = i % 41 === 0 ? "open" : i % 43 === 0 ? "closed" : "merged";
    rows.push({
      orgId: org.id,
      repositoryId: repos[i % 3]!.id,
      number: i + 1,
      title: `Generated change ${i}`,
      state,
      authorLogin: `dev-${i % 7}`,
      createdAt: new Date(mergedAt.getTime() - 3_600_000),
      mergedAt: state === "open" ? null : i === 5 ? new Date(now.getTime() + 400 * DAY) : mergedAt,
      baseRef: "main",
      headRef: `feature/${i}`,
      risk: i % 29 === 0 ? null : risk,
      band: i % 29 === 0 ? null : risk >= 75 ? "critical" : risk >= 50 ? "high" : risk >= 25 ? "elevated" : "low",
      tier: tierDraw === 4 ? null : tierDraw,
      aiOrigin: rand() < 0.25,
      attested: risk >= 50 && rand() < 0.4,
      failed: rand() < 0.3 ? null : rand() < 0.2,
      services,
    });
  }
  await db.insert(changes).values(rows);
  return { orgId: org.id, repositoryIds: repos.map((r) => r.id) };
}

describe("dayRanges", () => {
  const d = (n: number) => n * DAY;
  it("joins adjacent stale days into ranges", () => {
    expect(dayRanges([d(1), d(2), d(3), d(7), d(9), d(10)], 16)).toEqual([[d(1), d(4)], [d(7), d(8)], [d(9), d(11)]]);
    expect(dayRanges([], 16)).toEqual([]);
  });
  it("keeps at most `max` ranges by joining across the smallest gaps, still covering every day", () => {
    const days = [d(1), d(3), d(10), d(11), d(30), d(32), d(60)];
    expect(dayRanges(days, 3)).toEqual([[d(1), d(12)], [d(30), d(33)], [d(60), d(61)]]);
    expect(dayRanges(days, 1)).toEqual([[d(1), d(61)]]);
  });
});

describeEachDriver("board rollups", (ctx) => {
  // Mid-day, so today's changes after this instant must not count.
  const now = new Date("2026-11-21T12:34:56.789Z");
  let a: GeneratedOrg;
  let b: GeneratedOrg;

  const slices = (org: GeneratedOrg): BoardSlice[] => [
    { kind: "org" },
    ...org.repositoryIds.map((repositoryId) => ({ kind: "repo" as const, repositoryId })),
    ...SERVICES.map((service) => ({ kind: "service" as const, service })),
    { kind: "service", service: "no-such-service" },
  ];

  /** loadBoard (rollups) equals loadBoardFromChanges (the direct aggregation) exactly, for every slice and span. */
  async function expectBoardsEqual(org: GeneratedOrg) {
    for (const slice of slices(org)) {
      for (const quarters of [1, 4]) {
        const input: BoardInput = { orgId: org.orgId, now, slice, quarters };
        const [rolled, direct] = [await loadBoard(ctx.db, input), await loadBoardFromChanges(ctx.db, input)];
        expect(rolled, `${JSON.stringify(slice)} over ${quarters} quarter(s)`).toEqual(direct);
      }
    }
  }

  beforeAll(async () => {
    a = await generateOrg(ctx.db, now, 7, 900);
    b = await generateOrg(ctx.db, now, 11, 300);
  });

  it("reads stale days from changes before any refresh, and equals the direct aggregation", async () => {
    expect(await countStaleDays(ctx.db, a.orgId)).toBeGreaterThan(300);
    const board = await loadBoard(ctx.db, { orgId: a.orgId, now });
    expect(board.weeks.length).toBeGreaterThan(40);
    expect(board.current.merged).toBeGreaterThan(0);
    expect(board.current.highRiskAttested).toBeGreaterThan(0);
    expect(board.current.aiOrigin).toBeGreaterThan(0);
    expect(board.current.failed).toBeGreaterThan(0);
    await expectBoardsEqual(a);
  });

  it("after a refresh reads the rollups (no stale day left) and still equals the direct aggregation", async () => {
    const refreshed = await refreshBoardRollups(ctx.db, a.orgId);
    expect(refreshed.days).toBeGreaterThan(300);
    expect(await countStaleDays(ctx.db, a.orgId)).toBe(0);
    // The other organisation's marks are its own.
    expect(await countStaleDays(ctx.db, b.orgId)).toBeGreaterThan(0);
    const [{ n }] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from board_rollups where org_id = ${a.orgId}`)) as [{ n: number }];
    expect(Number(n)).toBeGreaterThan(1000);
    await expectBoardsEqual(a);
    await refreshBoardRollups(ctx.db);
    expect(await countStaleDays(ctx.db, b.orgId)).toBe(0);
    await expectBoardsEqual(b);
  });

  it("marks only the days a write moved: attestation, failure labels, a moved merge, services, deletion", async () => {
    const merged = await ctx.db
      .select({ id: changes.id, mergedAt: changes.mergedAt, band: changes.band, attested: changes.attested, failed: changes.failed })
      .from(changes)
      .where(and(eq(changes.orgId, a.orgId), eq(changes.state, "merged"), sql`${changes.risk} is not null`, sql`${changes.mergedAt} < ${now.toISOString()}`))
      .orderBy(changes.mergedAt)
      .limit(600);
    const dayOf = (d: Date) => d.toISOString().slice(0, 10);
    const touched = new Set<string>();

    // Writing a value that is already there marks nothing.
    await ctx.db.update(changes).set({ title: sql`${changes.title}` }).where(eq(changes.orgId, a.orgId));
    await updateChange(ctx.db, a.orgId, merged[0]!.id, { attested: merged[0]!.attested, topReason: "another reason" });
    expect(await countStaleDays(ctx.db, a.orgId)).toBe(0);

    // An attestation (as lib/services/attest.ts records it on the change).
    const high = merged.find((c) => (c.band === "high" || c.band === "critical") && !c.attested)!;
    await updateChange(ctx.db, a.orgId, high.id, { attested: true });
    touched.add(dayOf(high.mergedAt!));
    // Failure labels, through the labels query the recomputation uses (each label an outcome the change lacked).
    const labelled = merged.slice(100, 104);
    await saveFailureLabels(ctx.db, a.orgId, labelled.map((c) => ({ changeId: c.id, failed: c.failed !== true, settled: true, evidence: [] })), now);
    for (const c of labelled) touched.add(dayOf(c.mergedAt!));
    // A merge time corrected to another day marks both days.
    const moved = merged[200]!;
    const movedTo = new Date(now.getTime() - 2 * DAY);
    await updateChange(ctx.db, a.orgId, moved.id, { mergedAt: movedTo });
    touched.add(dayOf(moved.mergedAt!)).add(dayOf(movedTo));
    // Rescored into other services and tier, then one change deleted, one reopened.
    const rescored = merged[300]!;
    await updateChange(ctx.db, a.orgId, rescored.id, { services: ["search", "web"], tier: 0, risk: 88.8, band: "critical", aiOrigin: true });
    touched.add(dayOf(rescored.mergedAt!));
    await ctx.db.delete(changes).where(eq(changes.id, merged[400]!.id));
    touched.add(dayOf(merged[400]!.mergedAt!));
    await updateChange(ctx.db, a.orgId, merged[500]!.id, { state: "closed" });
    touched.add(dayOf(merged[500]!.mergedAt!));

    expect(await countStaleDays(ctx.db, a.orgId)).toBe(touched.size);
    // Stale days come from changes: exact before the refresh...
    await expectBoardsEqual(a);
    expect((await refreshBoardRollups(ctx.db, a.orgId)).days).toBe(touched.size);
    // ...and from the recomputed rollups after it.
    expect(await countStaleDays(ctx.db, a.orgId)).toBe(0);
    await expectBoardsEqual(a);
  });

  it("a repository removed with its changes leaves no rollup behind after the refresh", async () => {
    const [gone] = b.repositoryIds;
    await ctx.db.delete(repositories).where(eq(repositories.id, gone!));
    await refreshBoardRollups(ctx.db, b.orgId);
    const left = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`select count(*)::int as n from board_rollups where org_id = ${b.orgId} and slice_kind = 'repository' and slice_key = ${gone!}`),
    );
    expect(Number(left[0]!.n)).toBe(0);
    await expectBoardsEqual(b);
  });

  describe("the migration's backfill", () => {
    it("builds the same rollups as the refresh", async () => {
      const migration = readFileSync(path.join(MIGRATIONS_DIR, "0013_board_rollups_trigger.sql"), "utf8");
      const backfill = migration.split("--> statement-breakpoint").at(-1)!;
      expect(backfill).toMatch(/INSERT INTO board_rollups/);
      const snapshot = async () =>
        rowsOf<Record<string, unknown>>(
          await ctx.db.execute(sql`select org_id, slice_kind, slice_key, day::text, tier, merged, risk_sum::text, high, high_attested, ai, failed, known
            from board_rollups where org_id in (${a.orgId}, ${b.orgId}) order by 1, 2, 3, 4, 5`),
        );
      const refreshed = await snapshot();
      expect(refreshed.length).toBeGreaterThan(1000);
      await ctx.db.execute(sql`delete from board_rollups`);
      await ctx.db.execute(sql.raw(backfill));
      expect(await snapshot()).toEqual(refreshed);
      await expectBoardsEqual(a);
    });
  });

  it("never counts another organisation's changes", async () => {
    const ids = await ctx.db.select({ id: changes.id }).from(changes).where(eq(changes.orgId, b.orgId));
    // Moving b's changes into a's window changes nothing for a.
    const before = await loadBoard(ctx.db, { orgId: a.orgId, now });
    await ctx.db.update(changes).set({ mergedAt: new Date(now.getTime() - DAY) }).where(inArray(changes.id, ids.map((r) => r.id)));
    await refreshBoardRollups(ctx.db);
    expect(await loadBoard(ctx.db, { orgId: a.orgId, now })).toEqual(before);
    await expectBoardsEqual(b);
  });
});
