import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db, DbOrTx } from "../../db/client";
import { receipts, type ReceiptRow } from "../../db/schema";
import { VIEW_POLICY } from "../../db/queries/testing/view-fixtures";
import { describeEachDriver } from "../../test/databases";
import { makeOrg } from "../../test/factories";
import { createSigner, generateOrgKeyPair, signedMessage, RECEIPT_FORMAT } from "../receipts";
import { encodeBase64Url } from "../crypto/base64";
import { savePolicyVersion } from "./policies";
import { makeReceiptOrg, riskySpec, type ReceiptOrg } from "./testing/receipt-fixtures";
import { verifyOrgChain, type OrgChainVerification } from "./verify-chain";

class Rollback extends Error {}

/** Runs `tamper` with the append-only trigger off, verifies, and rolls everything back (ALTER TABLE included). */
async function verifyTampered(db: Db, orgId: string, tamper: (tx: DbOrTx) => Promise<unknown>): Promise<OrgChainVerification | "refused"> {
  let result: OrgChainVerification | "refused" | undefined;
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`alter table receipts disable trigger receipts_append_only`);
      // A second merge receipt for one change is refused by a unique index even with the trigger off.
      const refused = await tx.transaction(async (inner) => tamper(inner)).then(
        () => false,
        (err: { cause?: { code?: string }; code?: string }) => (err.cause?.code ?? err.code) === "23505",
      );
      result = refused ? "refused" : await verifyOrgChain(tx, orgId);
      throw new Rollback();
    })
    .catch((err) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return result!;
}

/** A different value of the same type for each column: what an editor with SQL access could write. */
function alteredColumns(row: ReceiptRow, other: { orgId: string; changeId: number; receiptId: number }): Record<string, unknown> {
  const hex = (s: string | null) => (s ? `${s.slice(0, -1)}${s.endsWith("0") ? "1" : "0"}` : "0".repeat(64));
  return {
    id: sql`${row.id + 100_000}`,
    org_id: sql`${other.orgId}::uuid`,
    sequence: sql`${row.sequence + 100_000}`,
    kind: sql`${row.kind === "merge" ? "amendment" : "merge"}::receipt_kind`,
    change_id: sql`${other.changeId}`,
    amends_receipt_id: row.amendsReceiptId === null ? sql`${other.receiptId}` : sql`null`,
    canonical: sql`${row.canonical.replace('"risk-ledger.receipt/v1","id"', '"risk-ledger.receipt/v1" ,"id"')}`,
    hash: sql`${hex(row.hash)}`,
    previous_hash: sql`${hex(row.previousHash)}`,
    signature: sql`${`${row.signature.slice(0, 10)}${row.signature[10] === "A" ? "B" : "A"}${row.signature.slice(11)}`}`,
    key_id: sql`${"key_forged"}`,
    merge_sha: sql`${hex(row.mergeSha)}`,
    repo: sql`${`${row.repo}x`}`,
    number: sql`${(row.number ?? 0) + 1}`,
    merged_at: sql`${new Date((row.mergedAt?.getTime() ?? 0) + 1000).toISOString()}::timestamptz`,
    risk: sql`${row.risk + 1}`,
    band: sql`${row.band === "low" ? "high" : "low"}::band`,
    approvers: sql`${`{${[...row.approvers, "mallory"].join(",")}}`}::text[]`,
    issued_at: sql`${new Date(row.issuedAt.getTime() + 1000).toISOString()}::timestamptz`,
  };
}

describeEachDriver("a stored chain that was tampered with is caught, naming the receipt", (ctx) => {
  let o: ReceiptOrg;
  let rows: ReceiptRow[];
  let otherOrgId: string;
  let openChangeId: number;

  beforeAll(async () => {
    o = await makeReceiptOrg(ctx.db);
    for (let n = 1; n <= 4; n++) await o.add(riskySpec(n, { approvers: n % 2 ? ["bob", "carol"] : ["bob"] }));
    await savePolicyVersion(ctx.db, { orgId: o.orgId, userId: null }, { yaml: VIEW_POLICY.replace('"0": 2', '"0": 3') });
    await o.add(riskySpec(2), { force: true });
    await o.add(riskySpec(5));
    openChangeId = (await o.add({ number: 50, state: "open", files: ["apps/web/a.ts"] })).changeId;
    rows = await ctx.db.select().from(receipts).where(eq(receipts.orgId, o.orgId)).orderBy(asc(receipts.sequence));
    otherOrgId = (await makeOrg(ctx.db)).id;
    expect(rows.map((r) => r.kind)).toEqual(["merge", "merge", "merge", "merge", "amendment", "merge"]);
    expect(await verifyOrgChain(ctx.db, o.orgId)).toMatchObject({ ok: true, count: 6 });
  });

  it("any single column of any stored receipt", async () => {
    const columns = Object.keys(alteredColumns(rows[0]!, { orgId: "", changeId: 0, receiptId: 0 }));
    for (const row of rows) {
      const other = rows.find((r) => r.changeId !== row.changeId)!;
      const altered = alteredColumns(row, { orgId: otherOrgId, changeId: openChangeId, receiptId: other.id });
      for (const column of columns) {
        const result = await verifyTampered(ctx.db, o.orgId, (tx) =>
          tx.execute(sql`update receipts set ${sql.identifier(column)} = ${altered[column]} where id = ${row.id}`),
        );
        const label = `${column} of receipt #${row.sequence}`;
        if (result === "refused") {
          expect(`${column}:${row.kind}`, label).toBe("kind:amendment");
          continue;
        }
        expect(result.ok, label).toBe(false);
        if (result.ok) continue;
        // Moving the last receipt away is seen as the chain ending early: the missing sequence is named.
        expect(result.firstBad.sequence, label).toBe(row.sequence);
      }
    }
  });

  it("any field inside the signed text of any receipt", async () => {
    for (const row of rows) {
      for (const [from, to] of [
        ['"risk":', '"risk":1'],
        ['"title":"', '"title":"x'],
        ['"reviewer":"bob"', '"reviewer":"eve"'],
        ['"status":"fail"', '"status":"pass"'],
      ] as const) {
        if (!row.canonical.includes(from)) continue;
        const forged = row.canonical.replace(from, to);
        const result = await verifyTampered(ctx.db, o.orgId, (tx) => tx.execute(sql`update receipts set canonical = ${forged} where id = ${row.id}`));
        if (result === "refused") throw new Error("refused");
        expect(result.ok, `${from} in #${row.sequence}`).toBe(false);
        if (!result.ok) expect(result.firstBad).toMatchObject({ sequence: row.sequence, receiptId: row.id });
      }
    }
  });

  it("a deleted receipt, in the middle or at the end", async () => {
    for (const row of rows) {
      const result = await verifyTampered(ctx.db, o.orgId, (tx) => tx.execute(sql`delete from receipts where id = ${row.id}`));
      if (result === "refused" || result.ok) throw new Error(`deleting #${row.sequence} went unnoticed`);
      const last = row.sequence === rows.length;
      expect(result.firstBad.problem).toBe(last ? "truncated" : "sequence-gap");
      // The gap is reported at the receipt after the missing one, whose detail names the missing sequence.
      expect(result.firstBad.sequence).toBe(last ? row.sequence : row.sequence + 1);
      expect(result.firstBad.detail).toContain(`#${row.sequence}`);
    }
  });

  it("two receipts swapped", async () => {
    for (let i = 0; i + 1 < rows.length; i++) {
      const [a, b] = [rows[i]!, rows[i + 1]!];
      const result = await verifyTampered(ctx.db, o.orgId, async (tx) => {
        await tx.execute(sql`update receipts set sequence = -1 where id = ${a.id}`);
        await tx.execute(sql`update receipts set sequence = ${a.sequence} where id = ${b.id}`);
        await tx.execute(sql`update receipts set sequence = ${b.sequence} where id = ${a.id}`);
      });
      if (result === "refused" || result.ok) throw new Error(`swapping #${a.sequence} and #${b.sequence} went unnoticed`);
      expect([a.sequence, b.sequence]).toContain(result.firstBad.sequence);
    }
  });

  it("a receipt re-signed with a forged signature, or by another key", async () => {
    const intruder = createSigner(generateOrgKeyPair().privateKeyPem);
    for (const row of rows) {
      const forgedSignature = encodeBase64Url(intruder.sign(signedMessage(RECEIPT_FORMAT, row.hash)));
      const forged = row.canonical.replace(row.signature, forgedSignature);
      const result = await verifyTampered(ctx.db, o.orgId, (tx) =>
        tx.execute(sql`update receipts set canonical = ${forged}, signature = ${forgedSignature} where id = ${row.id}`),
      );
      if (result === "refused" || result.ok) throw new Error(`a forged signature on #${row.sequence} went unnoticed`);
      expect(result.firstBad.sequence).toBe(row.sequence);
    }
  });

  it("reports the first broken link when several are broken", async () => {
    const result = await verifyTampered(ctx.db, o.orgId, async (tx) => {
      await tx.execute(sql`update receipts set risk = 0 where id = ${rows[4]!.id}`);
      await tx.execute(sql`update receipts set repo = 'x/y' where id = ${rows[2]!.id}`);
    });
    expect(result).toMatchObject({ ok: false, firstBad: { sequence: 3, problem: "stored-copy-mismatch" } });
  });
});
