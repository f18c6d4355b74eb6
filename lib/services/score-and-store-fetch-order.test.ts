import { sql } from "drizzle-orm";
import { expect, it, vi } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { rowsOf } from "../../db/queries/rows";
import type { ChangeSpec } from "../../db/queries/testing/view-fixtures";
import { createHistoryIndex } from "../scoring/history-index";
import type { Change } from "../scoring/types";
import { getActivePolicy } from "./policies";
import { scoreChanges, storeScoredChanges, type StoreContext, type StoredChange } from "./score-and-store";
import { makeReceiptOrg, SCORED_AT, type ReceiptOrg } from "./testing/receipt-fixtures";
import { assessmentCount as countAssessments, storedChangeOf } from "./testing/stored-change";

const T1 = "2026-11-21T10:00:00.000Z";
const T2 = "2026-11-21T10:00:05.000Z";
const T3 = "2026-11-21T10:00:09.000Z";

/** Two copies of pull request #1 as GitHub served them a few seconds apart: open, then merged with a second file. */
const OLDER: ChangeSpec = { number: 1, title: "Add retries", state: "open", files: ["src/retry.ts"], approvers: ["lead"] };
const NEWER: ChangeSpec = { number: 1, title: "Add retries", state: "merged", mergedAt: "2026-11-21T09:59:00Z", files: ["src/retry.ts", "src/retry.test.ts"], approvers: ["lead"] };

describeEachDriver("storing changes fetched at different times", (ctx) => {
  const copy = (o: ReceiptOrg, spec: ChangeSpec, fetchedAt: string | null): Change => ({ ...o.change(spec), fetchedAt });
  const storeOne = (o: ReceiptOrg, change: Change, opts: { force?: boolean } = {}) => ctx.db.transaction((tx) => o.store(tx, change, opts));
  const contextOf = async (o: ReceiptOrg): Promise<StoreContext> => ({
    orgId: o.orgId,
    repositoryId: o.repositoryId,
    policy: await getActivePolicy(ctx.db, o.orgId),
    codeowners: null,
    protection: null,
    trigger: "sync",
    now: SCORED_AT,
    box: o.box,
  });

  const storedOf = (changeId: number) => storedChangeOf(ctx.db, changeId);
  const assessmentCount = (orgId: string) => countAssessments(ctx.db, orgId);
  const unchanged = (changeId: number): StoredChange => ({ changeId, outcome: "unchanged", assessment: null, assessmentId: null });

  it("leaves a copy fetched later in place: no new row values, assessment, details or receipt", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const newer = await storeOne(o, copy(o, NEWER, T2));
    const before = await storedOf(newer.changeId);
    expect(before.row.fetchedAt).toEqual(new Date(T2));
    expect(before.receipts.map((r) => r.kind)).toEqual(["merge"]);
    const count = await assessmentCount(o.orgId);

    expect(await storeOne(o, copy(o, OLDER, T1))).toEqual(unchanged(newer.changeId));
    expect(await storedOf(newer.changeId)).toEqual(before);
    expect(await assessmentCount(o.orgId)).toBe(count);
  });

  it("takes a copy fetched at the same time or later", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const older = await storeOne(o, copy(o, OLDER, T1));
    const same = await storeOne(o, { ...copy(o, OLDER, T1), labels: ["backend"] });
    expect(same).toMatchObject({ changeId: older.changeId, outcome: "updated" });
    const newer = await storeOne(o, copy(o, NEWER, T3));
    expect(newer).toMatchObject({ changeId: older.changeId, outcome: "updated" });
    const after = await storedOf(older.changeId);
    expect(after.row).toMatchObject({ state: "merged", fetchedAt: new Date(T3), currentAssessmentId: newer.assessmentId });
    expect(after.files.map((f) => f.path)).toEqual(["src/retry.test.ts", "src/retry.ts"]);
  });

  it("stores a copy without a fetch time as before (a rescore of the stored copy), keeping the stored fetch time", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const first = await storeOne(o, copy(o, NEWER, T2));
    const rescored = await storeOne(o, { ...copy(o, NEWER, null), labels: ["rescored"] }, { force: true });
    expect(rescored).toMatchObject({ changeId: first.changeId, outcome: "updated" });
    expect((await storedOf(first.changeId)).row).toMatchObject({ labels: ["rescored"], fetchedAt: new Date(T2) });
    // An older fetch still loses to the fetch time kept.
    expect(await storeOne(o, copy(o, OLDER, T1))).toEqual(unchanged(first.changeId));
  });

  it("lets any fetched copy replace a row stored without a fetch time", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const legacy = await storeOne(o, copy(o, OLDER, null));
    expect((await storedOf(legacy.changeId)).row.fetchedAt).toBeNull();
    expect(await storeOne(o, copy(o, NEWER, T1))).toMatchObject({ changeId: legacy.changeId, outcome: "updated" });
    expect((await storedOf(legacy.changeId)).row).toMatchObject({ state: "merged", fetchedAt: new Date(T1) });
  });

  it("writes only the changes of a batch that are not superseded, each pointing at its own new assessment", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const one = await storeOne(o, copy(o, NEWER, T2));
    const two = await storeOne(o, copy(o, { ...OLDER, number: 2 }, T1));
    const count = await assessmentCount(o.orgId);
    const batch = [copy(o, OLDER, T1), copy(o, { ...NEWER, number: 2 }, T3)];
    const c = await contextOf(o);
    const results = await ctx.db.transaction(async (tx) => storeScoredChanges(tx, await scoreChanges(tx, c, batch)));
    expect(results[0]).toEqual(unchanged(one.changeId));
    expect(results[1]).toMatchObject({ changeId: two.changeId, outcome: "updated" });
    expect(await assessmentCount(o.orgId)).toBe(count + 1);
    const written = await storedOf(two.changeId);
    expect(written.row.currentAssessmentId).toBe(results[1]!.assessmentId);
    expect(written.assessment.changeId).toBe(two.changeId);
    expect(written.receipts.map((r) => r.kind)).toEqual(["merge"]);
  });

  it("answers with the row's id when the newer copy was stored after the older one was scored", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const c = await contextOf(o);
    const scored = await scoreChanges(ctx.db, c, [copy(o, OLDER, T1)]);
    const newer = await storeOne(o, copy(o, NEWER, T2));
    expect(await ctx.db.transaction((tx) => storeScoredChanges(tx, scored))).toEqual([unchanged(newer.changeId)]);
    expect((await storedOf(newer.changeId)).row.state).toBe("merged");
  });

  it("teaches the caller's history the stored copy, not the skipped one", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const policy = await getActivePolicy(ctx.db, o.orgId);
    const history = createHistoryIndex({ windowDays: policy.compiled.history.windowDays, fixPattern: policy.compiled.history.fixPattern });
    const put = vi.spyOn(history, "put");
    const c = { ...(await contextOf(o)), history };
    const older: Change = { ...copy(o, NEWER, T1), title: "Add retries (older copy)" };
    const scored = await scoreChanges(ctx.db, c, [older]);
    await storeOne(o, copy(o, NEWER, T2));
    await ctx.db.transaction((tx) => storeScoredChanges(tx, scored));
    expect(put.mock.calls.map(([, change]) => change.title)).toEqual(["Add retries (older copy)", "Add retries"]);
    expect(put.mock.calls[0]![0]).toBe(put.mock.calls[1]![0]);
  });

  it("applies the same rule to changes without a pull request number", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const direct = (spec: ChangeSpec, fetchedAt: string): Change => ({ ...copy(o, spec, fetchedAt), number: null });
    const merged = { ...NEWER, number: 7 };
    const stored = await storeOne(o, direct(merged, T2));
    const before = await storedOf(stored.changeId);
    expect(await storeOne(o, { ...direct(merged, T1), title: "Older title" })).toEqual(unchanged(stored.changeId));
    expect(await storedOf(stored.changeId)).toEqual(before);
    expect(await storeOne(o, { ...direct(merged, T3), title: "Newer title" })).toMatchObject({ changeId: stored.changeId, outcome: "updated" });
    expect((await storedOf(stored.changeId)).row).toMatchObject({ title: "Newer title", fetchedAt: new Date(T3) });
  });

  it.skipIf(ctx.driver !== "postgres")("holds against a concurrent transaction that stores the newer copy first", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const original = await storeOne(o, copy(o, OLDER, "2026-11-21T09:00:00.000Z"));
    // The sync has scored its older copy; then a refresh writes the newer one and has not committed yet when the
    // sync's transaction reaches the same row.
    const scored = await scoreChanges(ctx.db, await contextOf(o), [{ ...copy(o, OLDER, T1), labels: ["older"] }]);
    let syncing: Promise<StoredChange[]> | null = null;
    await ctx.db.transaction(async (tx) => {
      await o.store(tx, copy(o, NEWER, T2));
      syncing = ctx.db.transaction((tx2) => storeScoredChanges(tx2, scored));
      await waitForLockWait();
    });
    expect(await syncing!).toEqual([unchanged(original.changeId)]);
    expect((await storedOf(original.changeId)).row).toMatchObject({ state: "merged", labels: [], fetchedAt: new Date(T2) });
  });

  /** Until a session of this database waits on a lock (the second writer on the row the first one holds). */
  async function waitForLockWait() {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [row] = rowsOf<{ n: number }>(
        await ctx.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
      );
      if (row!.n > 0) return;
      if (Date.now() > deadline) throw new Error("the second transaction never waited for the first");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
});
