import { expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { buildChange, makeViewOrg } from "../../db/queries/testing/view-fixtures";
import { getActivePolicy } from "./policies";
import { loadRepositoryHistory } from "./repository-history";

describeEachDriver("repository history in memory", (ctx) => {
  it("loads for particular changes only what bears on them, and summarizes them exactly as the whole history does", async () => {
    const org = await makeViewOrg(ctx.db);
    const specs = [
      { number: 1, author: "alice", files: ["services/payments/a.ts", "apps/web/x.ts"], mergedAt: "2026-10-01T10:00:00Z" },
      { number: 2, author: "Bob", files: ["services/payments/a.ts"], mergedAt: "2026-10-05T10:00:00Z", title: "fix: rounding" },
      { number: 3, author: "carol", files: ["services/ledger/l.ts"], mergedAt: "2026-10-07T10:00:00Z" },
      { number: 4, author: "bob", files: ["apps/web/y.ts"], mergedAt: "2026-10-09T10:00:00Z" },
      { number: 5, author: "dave", files: ["services/payments/old.ts"], mergedAt: "2026-10-11T10:00:00Z" },
      { number: 6, author: "erin", files: ["apps/web/z.ts"], mergedAt: "2026-10-12T10:00:00Z" },
    ];
    for (const spec of specs) await org.add(spec);
    const policy = await getActivePolicy(ctx.db, org.orgId);

    const subject = buildChange(org.repo, { number: 7, author: "BOB", files: ["services/payments/a.ts", "services/payments/new.ts"], mergedAt: "2026-10-20T10:00:00Z" });
    subject.files[1]!.previousPath = "services/payments/old.ts";
    subject.files[1]!.status = "renamed";
    const at = Date.parse(subject.mergedAt!);

    const whole = await loadRepositoryHistory(ctx.db, org.orgId, org.repositoryId, policy);
    const focused = await loadRepositoryHistory(ctx.db, org.orgId, org.repositoryId, policy, [subject]);
    // Changes 3 and 6 share neither a path nor the author with the subject.
    expect(whole.seed.map((r) => r.number).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(focused.seed.map((r) => r.number).sort()).toEqual([1, 2, 4, 5]);

    const summary = focused.index.summarize(subject, at);
    expect(summary).toEqual(whole.index.summarize(subject, at));
    expect(summary.files["services/payments/a.ts"]).toMatchObject({ changes: 2, fixes: 1, authors: 2 });
    expect(summary.files["services/payments/old.ts"]).toMatchObject({ changes: 1 });
    expect(summary.author.priorChanges).toBe(2);
  });
});
