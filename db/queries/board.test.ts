import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { computePri, type PriRow } from "../../lib/scoring/pri";
import { changes } from "../schema";
import { aggregatePri, loadBoard, quarterStart } from "./board";
import { makeViewOrg, type ViewOrg } from "./testing/view-fixtures";

const WEEK = 7 * 86_400_000;

describeEachDriver("board aggregations", (ctx) => {
  let org: ViewOrg;
  let other: ViewOrg;
  const now = new Date("2026-11-21T12:00:00Z");
  const from = quarterStart(now, -3);

  beforeAll(async () => {
    org = await makeViewOrg(ctx.db);
    other = await makeViewOrg(ctx.db);
    // ~40 weeks of merges across tiers, some agent-made, some without approval.
    let n = 1;
    for (let w = 0; w < 40; w++) {
      const perWeek = 1 + (w % 4);
      for (let k = 0; k < perWeek; k++) {
        const at = new Date(now.getTime() - w * WEEK - k * 3_600_000 - 86_400_000).toISOString();
        const files = [["services/payments/src/a.ts"], ["apps/web/src/b.ts"], ["services/ledger/src/c.ts"], ["docs/readme.md"]][(w + k) % 4]!;
        await org.add({ number: n++, mergedAt: at, files, approvers: (w + k) % 4 === 0 ? [] : ["carol", "dave"], agent: (w + k) % 5 === 0 });
      }
    }
    // Outcome labels and an attestation on a few, as the calibration and receipts work would set them.
    const rows = await ctx.db.select({ id: changes.id }).from(changes).where(eq(changes.orgId, org.orgId)).limit(12);
    for (const [i, r] of rows.entries()) await ctx.db.update(changes).set({ failed: i % 3 === 0, attested: i % 2 === 0 }).where(eq(changes.id, r.id));
    for (let i = 1; i <= 5; i++) await other.add({ number: i, mergedAt: new Date(now.getTime() - i * 86_400_000).toISOString(), files: ["services/payments/x.ts"] });
  });

  async function priRows(orgId: string): Promise<Array<PriRow & { repositoryId: string }>> {
    const rows = await ctx.db.select().from(changes).where(eq(changes.orgId, orgId));
    return rows
      .filter((r) => r.state === "merged" && r.risk !== null)
      .map((r) => ({
        mergedAt: r.mergedAt!.toISOString(),
        risk: r.risk!,
        band: r.band!,
        tier: r.tier,
        aiOrigin: r.aiOrigin,
        failed: r.failed,
        attested: r.attested,
        services: r.services,
        repositoryId: r.repositoryId,
      }));
  }

  it("agrees with computePri for the window, per slice, with the same tier weights", async () => {
    const rows = await priRows(org.orgId);
    const window = { from: from.toISOString(), to: now.toISOString() };
    const [sqlAll] = await aggregatePri(ctx.db, { orgId: org.orgId, from, to: now, bucket: "none" });
    const jsAll = computePri(rows, window);
    // Risk is stored as real and summed as float8: the PRI agrees to its displayed precision.
    expect(Math.abs(sqlAll!.pri! - jsAll.pri!)).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(Math.abs(sqlAll!.meanRisk! - jsAll.meanRisk!)).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(sqlAll).toMatchObject({
      merged: jsAll.merged,
      highRisk: jsAll.highRisk,
      highRiskAttested: jsAll.highRiskAttested,
      aiOrigin: jsAll.aiOrigin,
      failed: jsAll.failed,
      outcomeKnown: jsAll.outcomeKnown,
    });
    expect(sqlAll!.changeFailureRate).toBeCloseTo(jsAll.changeFailureRate!, 10);
    expect(jsAll.outcomeKnown).toBe(12);
    // Tiers 0, 2 and unknown are all present, so the weights matter.
    expect(new Set(rows.map((r) => r.tier))).toEqual(new Set([0, 2, null]));

    const [sqlPayments] = await aggregatePri(ctx.db, { orgId: org.orgId, from, to: now, bucket: "none", slice: { kind: "service", service: "payments" } });
    expect(Math.abs(sqlPayments!.pri! - computePri(rows, window, { kind: "service", service: "payments" }).pri!)).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(sqlPayments!.merged).toBe(computePri(rows, window, { kind: "service", service: "payments" }).merged);
  });

  it("buckets by UTC week, each bucket agreeing with computePri on that week", async () => {
    const rows = await priRows(org.orgId);
    const weeks = await aggregatePri(ctx.db, { orgId: org.orgId, from, to: now, bucket: "week" });
    expect(weeks.length).toBeGreaterThan(30);
    expect(weeks.length).toBeLessThanOrEqual(54);
    for (const w of weeks) {
      const start = new Date(w.start!);
      expect(start.getUTCDay()).toBe(1);
      const js = computePri(rows, { from: new Date(Math.max(start.getTime(), from.getTime())).toISOString(), to: new Date(Math.min(start.getTime() + WEEK, now.getTime())).toISOString() });
      expect(w.merged).toBe(js.merged);
      expect(Math.abs(w.pri! - js.pri!)).toBeLessThanOrEqual(0.1 + 1e-9);
    }
  });

  it("loads the board: this quarter against the last, and only this organisation's changes", async () => {
    const board = await loadBoard(ctx.db, { orgId: org.orgId, now });
    const rows = await priRows(org.orgId);
    const q = quarterStart(now);
    const prev = quarterStart(now, -1);
    expect(board.current.merged).toBe(computePri(rows, { from: q.toISOString(), to: now.toISOString() }).merged);
    expect(board.previous.merged).toBe(computePri(rows, { from: prev.toISOString(), to: q.toISOString() }).merged);
    expect(board.weeks.reduce((s, w) => s + w.merged, 0)).toBe(rows.length);
    // Weeks folded from days equal the database's own weekly buckets.
    const weekly = await aggregatePri(ctx.db, { orgId: org.orgId, from, to: new Date(now.getTime() + 1), bucket: "week" });
    expect(board.weeks.map((w) => [w.start, w.merged, w.highRisk, w.aiOrigin])).toEqual(weekly.map((w) => [w.start, w.merged, w.highRisk, w.aiOrigin]));
    board.weeks.forEach((w, i) => expect(Math.abs(w.pri! - weekly[i]!.pri!)).toBeLessThanOrEqual(0.1 + 1e-9));
    const theirs = await loadBoard(ctx.db, { orgId: other.orgId, now });
    expect(theirs.weeks.reduce((s, w) => s + w.merged, 0)).toBe(5);
    const repoSlice = await loadBoard(ctx.db, { orgId: org.orgId, now, slice: { kind: "repo", repositoryId: other.repositoryId } });
    expect(repoSlice.weeks).toEqual([]);
  });
});
