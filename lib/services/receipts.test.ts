import { and, asc, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { openDatabase, type DbOrTx } from "../../db/client";
import { receipts } from "../../db/schema";
import { VIEW_POLICY } from "../../db/queries/testing/view-fixtures";
import { describeEachDriver } from "../../test/databases";
import { verifyReceiptFile, type SignedReceipt } from "../receipts";
import { savePolicyVersion } from "./policies";
import { makeReceiptOrg, riskySpec } from "./testing/receipt-fixtures";
import { listSigningKeys } from "../../db/queries/receipts";
import { verifyOrgChain } from "./verify-chain";

async function receiptsOf(db: DbOrTx, orgId: string) {
  const rows = await db.select().from(receipts).where(eq(receipts.orgId, orgId)).orderBy(asc(receipts.sequence));
  return rows.map((r) => ({ ...r, signed: JSON.parse(r.canonical) as SignedReceipt }));
}

describeEachDriver("issuing receipts from the ingestion path", (ctx) => {
  it("issues exactly one merge receipt per merged change, none for open ones, none when nothing changed", async () => {
    const o = await makeReceiptOrg(ctx.db);
    const merged = await o.add(riskySpec(1));
    await o.add({ number: 2, state: "open", files: ["apps/web/page.tsx"] });
    await o.add(riskySpec(1)); // the same data synced again
    await o.add(riskySpec(1), { force: true }); // a rescore under the same policy
    const rows = await receiptsOf(ctx.db, o.orgId);
    expect(rows).toHaveLength(1);
    const [r] = rows;
    expect(r!.kind).toBe("merge");
    expect(r!.changeId).toBe(merged.changeId);
    expect(r!.signed.receipt).toMatchObject({
      sequence: 1,
      id: String(r!.id),
      previousHash: null,
      change: { repo: o.repo, number: 1, mergeSha: `${"a".repeat(32)}00000001` },
      approvals: [{ reviewer: "bob", approvedMergedHead: true }],
      policy: { name: "views fixture", number: 1 },
    });
    expect(r!.signed.receipt.assessment.risk).toBe(merged.assessment!.risk);
    expect(r!.signed.receipt.rules.length).toBe(merged.assessment!.checks.length);
    expect(r!.approvers).toEqual(["bob"]);
  });

  it("issues the merge receipt when an open change is later seen merged", async () => {
    const o = await makeReceiptOrg(ctx.db);
    await o.add(riskySpec(3, { state: "open" }));
    expect(await receiptsOf(ctx.db, o.orgId)).toHaveLength(0);
    await o.add(riskySpec(3));
    const rows = await receiptsOf(ctx.db, o.orgId);
    expect(rows.map((r) => [r.kind, r.number])).toEqual([["merge", 3]]);
  });

  it("issues the receipt in the transaction of the assessment: a rolled-back store leaves no receipt", async () => {
    const o = await makeReceiptOrg(ctx.db);
    await expect(
      ctx.db.transaction(async (tx) => {
        await o.store(tx, o.change(riskySpec(4)));
        expect(await receiptsOf(tx, o.orgId)).toHaveLength(1);
        throw new Error("the cursor update failed");
      }),
    ).rejects.toThrow("cursor update failed");
    expect(await receiptsOf(ctx.db, o.orgId)).toHaveLength(0);
    await o.add(riskySpec(4));
    expect((await receiptsOf(ctx.db, o.orgId)).map((r) => r.sequence)).toEqual([1]);
  });

  it("a rescore under a new policy issues an amendment pointing at the original, which never changes", async () => {
    const o = await makeReceiptOrg(ctx.db);
    await o.add(riskySpec(5));
    await o.add(riskySpec(6));
    const [original] = await receiptsOf(ctx.db, o.orgId);
    await savePolicyVersion(ctx.db, { orgId: o.orgId, userId: null }, { yaml: VIEW_POLICY.replace('"0": 2', '"0": 3') });
    await o.add(riskySpec(5), { force: true });
    const rows = await receiptsOf(ctx.db, o.orgId);
    expect(rows.map((r) => [r.sequence, r.kind, r.number])).toEqual([
      [1, "merge", 5],
      [2, "merge", 6],
      [3, "amendment", 5],
    ]);
    const amendment = rows[2]!;
    expect(amendment.amendsReceiptId).toBe(original!.id);
    expect(amendment.signed.receipt.amends).toMatchObject({
      id: String(original!.id),
      sequence: 1,
      hash: original!.hash,
      reason: { kind: "rescore" },
    });
    expect(amendment.signed.receipt.policy.number).toBe(2);
    expect(amendment.signed.receipt.amends!.reason.detail).toMatch(/policy v2 .* \(was v1/);
    expect(rows[0]!.canonical).toBe(original!.canonical);
    expect(await verifyOrgChain(ctx.db, o.orgId)).toMatchObject({ ok: true, count: 3, head: { sequence: 3, hash: amendment.hash } });
  });

  it("20 concurrent issuers produce one unbroken chain", async () => {
    const o = await makeReceiptOrg(ctx.db);
    await o.add(riskySpec(100)); // the signing key exists before the race, as it does after the first merge
    // On PostgreSQL each issuer is a transaction on a connection of its own; PGlite has one connection.
    const separate = ctx.database.url ? await openDatabase({ url: ctx.database.url, max: 20 }) : null;
    const db = separate?.db ?? ctx.db;
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.transaction(async (tx) => {
            await tx.execute(sql`select 1`); // hold the connection before racing for the chain
            return o.store(tx, o.change(riskySpec(101 + i)));
          }),
        ),
      );
    } finally {
      await separate?.close();
    }
    const rows = await receiptsOf(ctx.db, o.orgId);
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.changeId)).size).toBe(21);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.signed.receipt.previousHash).toBe(rows[i - 1]!.hash);
    expect(await verifyOrgChain(ctx.db, o.orgId, { signatures: "all" })).toMatchObject({ ok: true, count: 21 });
    expect(await listSigningKeys(ctx.db, o.orgId)).toHaveLength(1);
  });

  it("a chain verified while receipts are being issued is intact up to where the check ended", async () => {
    const o = await makeReceiptOrg(ctx.db);
    for (let n = 1; n <= 12; n++) await o.add(riskySpec(200 + n));
    // On PostgreSQL the issuer has a connection of its own; on PGlite the two take turns on the one session.
    const separate = ctx.database.url ? await openDatabase({ url: ctx.database.url, max: 2 }) : null;
    let issuing = true;
    const issuer = (async () => {
      for (let n = 1; issuing && n <= 60; n++) await (separate?.db ?? ctx.db).transaction((tx) => o.store(tx, o.change(riskySpec(300 + n))));
    })();
    try {
      for (let run = 0; run < 6; run++) {
        const result = await verifyOrgChain(ctx.db, o.orgId, { pageSize: 3 });
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
      }
    } finally {
      issuing = false;
      await issuer;
      await separate?.close();
    }
    expect(await verifyOrgChain(ctx.db, o.orgId)).toMatchObject({ ok: true, count: (await receiptsOf(ctx.db, o.orgId)).length });
  });

  it("two organisations keep chains and keys of their own", async () => {
    const a = await makeReceiptOrg(ctx.db);
    const b = await makeReceiptOrg(ctx.db);
    await a.add(riskySpec(1));
    await b.add(riskySpec(1));
    await a.add(riskySpec(2));
    expect((await receiptsOf(ctx.db, a.orgId)).map((r) => r.sequence)).toEqual([1, 2]);
    expect((await receiptsOf(ctx.db, b.orgId)).map((r) => r.sequence)).toEqual([1]);
    const [ka] = await listSigningKeys(ctx.db, a.orgId);
    const [kb] = await listSigningKeys(ctx.db, b.orgId);
    expect(ka!.fingerprint).not.toBe(kb!.fingerprint);
    expect(ka!.privateKeySealed).not.toContain("PRIVATE KEY");
  });

  it("refuses UPDATE, DELETE and TRUNCATE of receipts and attestations through the app's connection", async () => {
    const o = await makeReceiptOrg(ctx.db);
    await o.add(riskySpec(7));
    const [row] = await receiptsOf(ctx.db, o.orgId);
    await expect(ctx.db.update(receipts).set({ risk: 1 }).where(eq(receipts.id, row!.id))).rejects.toThrow();
    await expect(ctx.db.delete(receipts).where(and(eq(receipts.orgId, o.orgId)))).rejects.toThrow();
    await expect(ctx.db.execute(sql`truncate receipts cascade`)).rejects.toThrow();
    await expect(ctx.db.execute(sql`update attestations set rationale = 'x'`)).resolves.toBeDefined(); // no rows: nothing refused
    await expect(ctx.db.execute(sql`truncate attestations`)).rejects.toThrow();
    expect((await receiptsOf(ctx.db, o.orgId))[0]!.canonical).toBe(row!.canonical);
  });

  it("an exported receipt verifies offline and fails after any byte is changed", async () => {
    const o = await makeReceiptOrg(ctx.db);
    await o.add(riskySpec(8));
    const [row] = await receiptsOf(ctx.db, o.orgId);
    const [key] = await listSigningKeys(ctx.db, o.orgId);
    const bytes = Buffer.from(row!.canonical, "utf8");
    expect(verifyReceiptFile(bytes, key!.publicKeyPem)).toMatchObject({ ok: true });
    // Every byte of the envelope's fixed fields, and every third byte of the body (each flip costs a verification).
    const positions = [...Array(bytes.length).keys()].filter((i) => i < 229 || i >= bytes.length - 103 || i % 3 === 0);
    for (const i of positions) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i] === 0x30 ? 0x31 : 0x30;
      expect(verifyReceiptFile(changed, key!.publicKeyPem).ok, `byte ${i}`).toBe(false);
    }
  });
});
