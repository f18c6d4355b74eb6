import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { attestations, receipts } from "../../db/schema";
import { listAttestableChanges } from "../../db/queries/attestations";
import { linkGithubLogin } from "../../db/queries/users";
import { describeEachDriver } from "../../test/databases";
import { makeMember } from "../../test/factories";
import type { SignedReceipt } from "../receipts";
import { attestChange, getEligibility } from "./attest";
import { makeReceiptOrg, riskySpec } from "./testing/receipt-fixtures";
import { verifyOrgChain } from "./verify-chain";

describeEachDriver("attesting a high-risk change", (ctx) => {
  async function setup() {
    const o = await makeReceiptOrg(ctx.db);
    // What the attestations queue, in place of the server's job queue.
    const jobs: Array<{ name: string; data: unknown }> = [];
    const deps = { enqueue: async (name: string, data: unknown) => void jobs.push({ name, data }) };
    const person = async (login: string | null) => {
      const user = await makeMember(ctx.db, o.orgId, ["engineer"]);
      if (login) await linkGithubLogin(ctx.db, user.id, login);
      return { id: user.id, name: user.name, githubLogin: login };
    };
    return { o, person, jobs, deps };
  }

  it("a code owner of a touched path attests; the attestation lands in an amendment of the merge receipt", async () => {
    const { o, person, jobs, deps } = await setup();
    const stored = await o.add(riskySpec(1));
    expect(["high", "critical"]).toContain(stored.assessment!.band);
    // VIEW_CODEOWNERS names @pay-lead for services/payments/ (logins are unique, and this database is fresh).
    const ownerLogin = "pay-lead";
    const me = await person(ownerLogin);
    const eligibility = await getEligibility(ctx.db, o.orgId, stored.changeId, me);
    expect(eligibility).toMatchObject({ eligible: true, standing: ["codeowner"], alreadyAttested: false });
    expect((await listAttestableChanges(ctx.db, o.orgId, ownerLogin, 10)).map((c) => c.id)).toContain(stored.changeId);

    const result = await attestChange(ctx.db, o.box, me, {
      orgId: o.orgId,
      changeId: stored.changeId,
      assessmentId: stored.assessmentId!,
      rationale: "Reviewed the settlement migration; rollback is tested.",
      now: new Date("2026-11-22T09:00:00Z"),
    }, deps);
    expect(result.receipt).toMatchObject({ kind: "amendment", sequence: 2 });
    // The merge gate is evaluated off the request: one job for the change's repository.
    expect(jobs).toEqual([{ name: "gate", data: { orgId: o.orgId, repositoryIds: [o.repositoryId] } }]);
    const rows = await ctx.db.select().from(receipts).where(eq(receipts.orgId, o.orgId)).orderBy(asc(receipts.sequence));
    const [merge, amendment] = rows.map((r) => JSON.parse(r.canonical) as SignedReceipt);
    expect(merge!.receipt.attestations).toEqual([]);
    expect(amendment!.receipt.amends).toMatchObject({ sequence: 1, hash: merge!.hash, reason: { kind: "attestation" } });
    expect(amendment!.receipt.attestations).toEqual([
      {
        id: String(result.attestationId),
        login: ownerLogin,
        name: me.name,
        attestedAt: "2026-11-22T09:00:00.000Z",
        rationale: "Reviewed the settlement migration; rollback is tested.",
        standing: "codeowner",
        accepted: {
          risk: stored.assessment!.risk,
          band: stored.assessment!.band,
          modelVersion: stored.assessment!.modelVersion,
          policyVersion: stored.assessment!.policyVersion,
        },
      },
    ]);
    expect(await verifyOrgChain(ctx.db, o.orgId)).toMatchObject({ ok: true, count: 2 });
    await expect(
      attestChange(ctx.db, o.box, me, { orgId: o.orgId, changeId: stored.changeId, assessmentId: stored.assessmentId!, rationale: "Once more, with feeling." }, deps),
    ).rejects.toThrow(/already attested/);
  });

  it("a reviewer may attest; the author, strangers, unlinked accounts and low-risk changes are refused with the reason", async () => {
    const { o, person, jobs, deps } = await setup();
    const risky = await o.add(riskySpec(2, { approvers: [`rev-${o.orgId.slice(0, 8)}`], author: `auth-${o.orgId.slice(0, 8)}` }));
    const calm = await o.add({ number: 3, files: ["apps/web/copy.ts"], approvers: ["bob"], testsIncluded: true });
    const reviewer = await person(`rev-${o.orgId.slice(0, 8)}`);
    const author = await person(`auth-${o.orgId.slice(0, 8)}`);
    const stranger = await person(`someone-${o.orgId.slice(0, 8)}`);
    const unlinked = await person(null);
    const attempt = (user: typeof reviewer, changeId: number, assessmentId: number) =>
      attestChange(ctx.db, o.box, user, { orgId: o.orgId, changeId, assessmentId, rationale: "I accept this risk after review." }, deps);

    await expect(attempt(author, risky.changeId, risky.assessmentId!)).rejects.toThrow(/You wrote this change/);
    await expect(attempt(stranger, risky.changeId, risky.assessmentId!)).rejects.toThrow(/Only a code owner .* or a reviewer/);
    await expect(attempt(unlinked, risky.changeId, risky.assessmentId!)).rejects.toThrow(/no GitHub login/);
    await expect(attempt(reviewer, calm.changeId, calm.assessmentId!)).rejects.toThrow(/Only high and critical changes/);
    await expect(attempt(reviewer, risky.changeId, risky.assessmentId! + 999)).rejects.toThrow(/score changed/);
    await expect(
      attestChange(ctx.db, o.box, reviewer, { orgId: o.orgId, changeId: risky.changeId, assessmentId: risky.assessmentId!, rationale: "ok" }, deps),
    ).rejects.toThrow(/Say why/);
    expect(await ctx.db.select().from(attestations).where(eq(attestations.orgId, o.orgId))).toHaveLength(0);
    expect(jobs).toEqual([]);

    const done = await attempt(reviewer, risky.changeId, risky.assessmentId!);
    expect(done.receipt?.kind).toBe("amendment");
    const [row] = await ctx.db.select().from(attestations).where(eq(attestations.id, done.attestationId));
    expect(row).toMatchObject({ standing: "reviewer", login: reviewer.githubLogin, risk: risky.assessment!.risk });
  });

  it("an attestation before the merge is carried by the merge receipt", async () => {
    const { o, person, jobs, deps } = await setup();
    const open = await o.add(riskySpec(4, { state: "open", approvers: [`r4-${o.orgId.slice(0, 8)}`] }));
    const reviewer = await person(`r4-${o.orgId.slice(0, 8)}`);
    const done = await attestChange(ctx.db, o.box, reviewer, {
      orgId: o.orgId,
      changeId: open.changeId,
      assessmentId: open.assessmentId!,
      rationale: "Accepting before merge: feature flag off.",
    }, deps);
    expect(done.receipt).toBeNull();
    expect(jobs).toEqual([{ name: "gate", data: { orgId: o.orgId, repositoryIds: [o.repositoryId] } }]);
    await o.add(riskySpec(4, { approvers: [`r4-${o.orgId.slice(0, 8)}`] }));
    const [merge] = await ctx.db.select().from(receipts).where(eq(receipts.orgId, o.orgId));
    const signed = JSON.parse(merge!.canonical) as SignedReceipt;
    expect(signed.receipt.kind).toBe("merge");
    expect(signed.receipt.attestations.map((a) => a.id)).toEqual([String(done.attestationId)]);
  });
});
