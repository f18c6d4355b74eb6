import { expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { makeViewOrg } from "../../db/queries/testing/view-fixtures";
import { countStaleDays } from "../../db/queries/board-rollups";
import { refreshBoardAfterWrite } from "./board-rollups";

describeEachDriver("refreshBoardAfterWrite", (ctx) => {
  it("folds the stale days of the organisation into the rollups", async () => {
    const org = await makeViewOrg(ctx.db);
    await org.add({ number: 1, mergedAt: "2026-11-02T10:00:00Z", files: ["services/payments/a.ts"] });
    await org.add({ number: 2, mergedAt: "2026-11-05T10:00:00Z", files: ["apps/web/b.ts"] });
    expect(await countStaleDays(ctx.db, org.orgId)).toBe(2);
    const lines: string[] = [];
    await refreshBoardAfterWrite(ctx.db, org.orgId, (l) => lines.push(l));
    expect(await countStaleDays(ctx.db, org.orgId)).toBe(0);
    expect(lines).toEqual([`board rollups ${org.orgId}: 2 days refreshed`]);
  });

  it("never fails its caller: a refresh that fails is logged and leaves the marks", async () => {
    const lines: string[] = [];
    await expect(refreshBoardAfterWrite(ctx.db, "not-a-uuid", (l) => lines.push(l))).resolves.toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/refresh failed, the board reads those days from changes/);
  });
});
