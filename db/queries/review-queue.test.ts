import { beforeAll, expect, it } from "vitest";
import { describeEachDriver } from "../../test/databases";
import { groupFilesByService } from "../../components/change/group-files";
import { getChangeDetail } from "./change-detail";
import { listReviewQueue } from "./review-queue";
import { makeViewOrg, type ViewOrg } from "./testing/view-fixtures";

describeEachDriver("review queue and change detail", (ctx) => {
  let org: ViewOrg;
  let other: ViewOrg;
  const ids = {} as Record<"requested" | "owned" | "teamOnly" | "own" | "merged" | "elsewhere", number>;

  beforeAll(async () => {
    org = await makeViewOrg(ctx.db);
    other = await makeViewOrg(ctx.db);
    // pay-lead owns services/payments by CODEOWNERS; ledger-owner owns services/ledger; web is owned by a team only.
    ids.requested = (await org.add({ number: 1, state: "open", files: ["apps/web/a.ts"], requestedReviewers: ["Pay-Lead"] })).changeId;
    ids.owned = (await org.add({ number: 2, state: "open", files: ["services/payments/charge.ts"], agent: true })).changeId;
    ids.teamOnly = (await org.add({ number: 3, state: "open", files: ["apps/web/b.ts"] })).changeId;
    ids.own = (await org.add({ number: 4, state: "open", author: "pay-lead", files: ["services/payments/refund.ts"] })).changeId;
    ids.merged = (await org.add({ number: 5, files: ["services/payments/x.ts", "services/ledger/y.ts", "apps/web/z.ts", "README.md"], approvers: ["carol"] })).changeId;
    ids.elsewhere = (await other.add({ number: 1, state: "open", files: ["services/payments/charge.ts"], requestedReviewers: ["pay-lead"] })).changeId;
  });

  it("lists open pull requests that request the login or touch paths it owns, riskiest first", async () => {
    const queue = await listReviewQueue(ctx.db, org.orgId, "pay-lead");
    expect(queue.map((q) => q.id).sort()).toEqual([ids.requested, ids.owned].sort());
    const risks = queue.map((q) => q.risk!);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    const owned = queue.find((q) => q.id === ids.owned)!;
    expect(owned).toMatchObject({ owner: true, requested: false, aiOrigin: true });
    expect(owned.reasons.length).toBeGreaterThan(0);
    expect(owned.reasons[0]!.message).toBeTruthy();
    expect(queue.find((q) => q.id === ids.requested)).toMatchObject({ requested: true, owner: false });
  });

  it("matches a user login, not a team it cannot resolve, and never another organisation's pull requests", async () => {
    expect(await listReviewQueue(ctx.db, org.orgId, "web")).toEqual([]);
    expect((await listReviewQueue(ctx.db, org.orgId, "ledger-owner")).map((q) => q.id)).toEqual([]);
    const elsewhere = await listReviewQueue(ctx.db, other.orgId, "pay-lead");
    expect(elsewhere.map((q) => q.id)).toEqual([ids.elsewhere]);
  });

  it("reads a change with its assessment, files, reviews and receipts, for its organisation only", async () => {
    const detail = await getChangeDetail(ctx.db, org.orgId, ids.merged);
    expect(detail).not.toBeNull();
    expect(detail!.repo).toBe(org.repo);
    expect(detail!.assessment?.id).toBe(detail!.change.currentAssessmentId);
    expect(Object.keys(detail!.assessment!.signals)).toHaveLength(7);
    expect(detail!.files.map((f) => f.path)).toEqual(["README.md", "apps/web/z.ts", "services/ledger/y.ts", "services/payments/x.ts"]);
    expect(detail!.reviews).toEqual([expect.objectContaining({ reviewer: "carol", state: "APPROVED" })]);
    expect(detail!.receipts).toEqual([]);
    expect(await getChangeDetail(ctx.db, other.orgId, ids.merged)).toBeNull();

    const groups = groupFilesByService(detail!.files, detail!.assessment!.services, detail!.assessment!.reasons);
    expect(groups.map((g) => [g.service, g.tier])).toEqual([
      ["payments", 0],
      ["ledger-api", 1],
      ["web", 2],
      [null, null],
    ]);
    // payments handles cardholder data, which the PCI regime covers.
    expect(groups[0]!.regimes).toEqual(["PCI DSS"]);
    expect(groups[2]!.regimes).toEqual([]);
  });
});
