import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { updateChange } from "../../db/queries/changes";
import { listOrganisationsAwaitingReceiptBackfill, listOrganisationsWithReceiptlessMerges } from "../../db/queries/receipt-subjects";
import { VIEW_POLICY } from "../../db/queries/testing/view-fixtures";
import { receipts } from "../../db/schema";
import { describeEachDriver } from "../../test/databases";
import type { SignedReceipt } from "../receipts";
import { backfillAllReceipts, backfillReceipts } from "./backfill-receipts";
import { savePolicyVersion } from "./policies";
import { makeReceiptOrg, riskySpec } from "./testing/receipt-fixtures";
import { verifyOrgChain } from "./verify-chain";

describeEachDriver("backfilling the receipts of merges stored before receipts existed", (ctx) => {
  async function receiptsOf(orgId: string) {
    const rows = await ctx.db.select().from(receipts).where(eq(receipts.orgId, orgId)).orderBy(asc(receipts.sequence));
    return rows.map((r) => ({ changeId: r.changeId, kind: r.kind, signed: JSON.parse(r.canonical) as SignedReceipt }));
  }

  it("issues exactly one merge receipt per receipt-less merge, in merge order, once; the chain verifies", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const merge = async (number: number, mergedAt: string) => {
      const stored = await o.add(riskySpec(number, { state: "open" }));
      const change = o.change(riskySpec(number, { mergedAt }));
      await updateChange(ctx.db, o.orgId, stored.changeId, { state: "merged", mergeSha: change.mergeSha, mergedAt: new Date(mergedAt) });
      return stored.changeId;
    };
    // Two merges that got their receipts when they were observed.
    await o.add(riskySpec(1, { mergedAt: "2026-11-01T10:00:00Z" }));
    await o.add(riskySpec(2, { mergedAt: "2026-11-02T10:00:00Z" }));
    // Five without, stored out of merge order, two of them scored under a later policy.
    const late = await merge(10, "2026-10-05T10:00:00Z");
    const early = await merge(11, "2026-10-01T10:00:00Z");
    const middle = await merge(12, "2026-10-03T10:00:00Z");
    await savePolicyVersion(ctx.db, { orgId: o.orgId, userId: null }, { yaml: VIEW_POLICY.replace('"0": 2', '"0": 3') });
    const newest = await merge(13, "2026-10-09T10:00:00Z");
    const tied = await merge(14, "2026-10-09T10:00:00Z");
    // Still open: nothing to issue.
    await o.add(riskySpec(20, { state: "open" }));

    const first = await backfillReceipts(ctx.db, o.orgId, { box: o.box, batchSize: 2 });
    expect(first).toEqual({ issued: 5, skipped: 0 });
    const after = await receiptsOf(o.orgId);
    expect(after).toHaveLength(7);
    expect(after.slice(2).map((r) => r.changeId)).toEqual([early, middle, late, newest, tied]);
    expect(after.slice(2).every((r) => r.kind === "merge" && r.signed.receipt.amends === null)).toBe(true);
    // Each receipt names the policy its change was scored under.
    const policies = after.slice(2).map((r) => r.signed.receipt.policy.number);
    expect(policies.slice(0, 3)).toEqual([1, 1, 1]);
    expect(policies.slice(3)).toEqual([2, 2]);
    expect(await verifyOrgChain(ctx.db, o.orgId)).toMatchObject({ ok: true, count: 7, head: { sequence: 7 } });

    expect(await backfillReceipts(ctx.db, o.orgId, { box: o.box })).toEqual({ issued: 0, skipped: 0 });
    expect(await receiptsOf(o.orgId)).toHaveLength(7);
  });

  it("two runs at once issue each missing receipt once, and the server-start pass covers every organisation", async () => {
    const a = await makeReceiptOrg(ctx.db);
    const b = await makeReceiptOrg(ctx.db);
    for (const [o, numbers] of [[a, [1, 2, 3, 4]], [b, [5, 6]]] as const) {
      for (const number of numbers) {
        const stored = await o.add(riskySpec(number, { state: "open" }));
        const change = o.change(riskySpec(number));
        await updateChange(ctx.db, o.orgId, stored.changeId, { state: "merged", mergeSha: change.mergeSha, mergedAt: new Date(change.mergedAt!) });
      }
    }
    const runs = await Promise.all([backfillReceipts(ctx.db, a.orgId, { box: a.box, batchSize: 1 }), backfillReceipts(ctx.db, a.orgId, { box: a.box, batchSize: 1 })]);
    expect(runs[0].issued + runs[1].issued).toBe(4);
    expect(await verifyOrgChain(ctx.db, a.orgId)).toMatchObject({ ok: true, count: 4 });

    const lines: string[] = [];
    expect(await backfillAllReceipts(ctx.db, { box: b.box, log: (l) => lines.push(l) })).toBe(2);
    expect(lines.some((l) => l.includes(b.orgId) && l.includes("2 issued"))).toBe(true);
    expect(await verifyOrgChain(ctx.db, b.orgId)).toMatchObject({ ok: true, count: 2 });
    expect(await backfillAllReceipts(ctx.db, { box: b.box })).toBe(0);
  });

  it("the server-start pass looks at an organisation until it has found it complete, then no more", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const mergeWithoutReceipt = async (number: number) => {
      const stored = await o.add(riskySpec(number, { state: "open" }));
      const change = o.change(riskySpec(number));
      await updateChange(ctx.db, o.orgId, stored.changeId, { state: "merged", mergeSha: change.mergeSha, mergedAt: new Date(change.mergedAt!) });
    };
    await mergeWithoutReceipt(1);
    expect(await listOrganisationsAwaitingReceiptBackfill(ctx.db)).toContain(o.orgId);
    await backfillAllReceipts(ctx.db, { box: o.box });
    expect(await receiptsOf(o.orgId)).toHaveLength(1);
    expect(await listOrganisationsAwaitingReceiptBackfill(ctx.db)).not.toContain(o.orgId);
    // The app never stores a merge without its receipt; one made behind its back is not looked for again.
    await mergeWithoutReceipt(2);
    await backfillAllReceipts(ctx.db, { box: o.box });
    expect(await receiptsOf(o.orgId)).toHaveLength(1);
    // The command-line backfill still finds it.
    expect(await backfillReceipts(ctx.db, o.orgId, { box: o.box })).toEqual({ issued: 1, skipped: 0 });
  });

  it("the start-up check names an organisation only while one of its merged changes has no receipt", async () => {
    const complete = await makeReceiptOrg(ctx.db);
    await complete.add(riskySpec(1, { mergedAt: "2026-11-01T10:00:00Z" }));
    await complete.add(riskySpec(2, { state: "open" }));
    const behind = await makeReceiptOrg(ctx.db);
    await behind.add(riskySpec(1, { mergedAt: "2026-11-01T10:00:00Z" }));
    const stored = await behind.add(riskySpec(2, { state: "open" }));
    const merged = behind.change(riskySpec(2, { mergedAt: "2026-11-02T10:00:00Z" }));
    await updateChange(ctx.db, behind.orgId, stored.changeId, { state: "merged", mergeSha: merged.mergeSha, mergedAt: new Date(merged.mergedAt!) });

    const listed = await listOrganisationsWithReceiptlessMerges(ctx.db);
    expect(listed).toContain(behind.orgId);
    expect(listed).not.toContain(complete.orgId);
    expect(await backfillReceipts(ctx.db, behind.orgId, { box: behind.box })).toEqual({ issued: 1, skipped: 0 });
    expect(await listOrganisationsWithReceiptlessMerges(ctx.db)).not.toContain(behind.orgId);
  });
});
