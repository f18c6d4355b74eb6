import { performance } from "node:perf_hooks";
import type { Database } from "@/db/client";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { updateChange } from "@/db/queries/changes";
import { createOrganisation } from "@/db/queries/organisations";
import { repositories } from "@/db/schema";
import { VIEW_POLICY } from "@/db/queries/testing/view-fixtures";
import { createSecretBox, type SecretBox } from "@/lib/crypto";
import { getActivePolicy, savePolicyVersion } from "@/lib/services/policies";
import { issueReceiptsForChange, policyRefOf } from "@/lib/services/receipts";
import { scoreAndStoreChange } from "@/lib/services/score-and-store";
import { hexChange, riskySpec } from "@/lib/services/testing/receipt-fixtures";
import { verifyOrgChain } from "@/lib/services/verify-chain";
import { getVerifyPool, IN_THREAD } from "@/lib/receipts/verify-pool";
import { randomBytes } from "node:crypto";
import type { BenchContext } from "./harness";

const seconds = (startMs: number) => (performance.now() - startMs) / 1000;

/**
 * Receipts through the database: issuing (lock the chain head, read it, build, sign, insert) per merged change,
 * each in its own transaction as sync does, then verifying the stored chain (every column against the signed text).
 */
export async function benchReceiptsInDatabase(ctx: BenchContext, label: string, database: Database) {
  const db = database.db;
  const box: SecretBox = createSecretBox({ activeKeyId: "bench", keys: new Map([["bench", randomBytes(32)]]) });
  const org = await createOrganisation(db, { slug: `bench-${randomBytes(4).toString("hex")}`, name: "Bench" });
  const [repo] = await db.insert(repositories).values({ orgId: org.id, fullName: "acme/bench", selected: true }).returning();
  await savePolicyVersion(db, { orgId: org.id, userId: null }, { yaml: VIEW_POLICY });
  const policy = await getActivePolicy(db, org.id);
  const count = Math.max(100, Math.round(500 * ctx.scale));

  // Stored as open changes first (not timed), so the timed part is the issuing alone.
  const prepared = [];
  for (let i = 1; i <= count; i++) {
    const merged = hexChange("acme/bench", riskySpec(i));
    const stored = await db.transaction((tx) =>
      scoreAndStoreChange(tx, { orgId: org.id, repositoryId: repo!.id, change: { ...merged, state: "open", mergedAt: null, mergeSha: null, mergedBy: null }, policy, codeowners: null, protection: null, trigger: "bench", now: new Date(), box }),
    );
    await updateChange(db, org.id, stored.changeId, { state: "merged", mergeSha: merged.mergeSha, mergedAt: new Date(merged.mergedAt!) });
    prepared.push({ changeId: stored.changeId, change: merged, assessment: stored.assessment! });
  }
  let started = performance.now();
  for (const p of prepared) {
    await db.transaction((tx) => issueReceiptsForChange(tx, { orgId: org.id, ...p, policy: policyRefOf(policy), box, now: new Date() }));
  }
  const rate = count / seconds(started);
  ctx.report({ name: `receipts issued through the database (${label})`, value: rate, unit: "receipts/s", note: `${count} merges, one transaction each` });

  for (const [how, digester] of [["worker threads", getVerifyPool()], ["one thread", IN_THREAD]] as const) {
    started = performance.now();
    const result = await verifyOrgChain(db, org.id, { digester });
    const verifySeconds = seconds(started);
    if (!result.ok) throw new Error(`bench chain failed verification: ${JSON.stringify(result.firstBad)}`);
    const perSecond = count / verifySeconds;
    ctx.report({
      name: `verify the stored chain, columns included (${label}, ${how})`,
      value: perSecond,
      unit: "receipts/s",
      note: `${count} receipts in ${verifySeconds.toFixed(2)} s, read in pages of 2,000; 100,000 would take ~${(100_000 / perSecond).toFixed(1)} s`,
    });
  }
}

export async function runDatabaseBenches(ctx: BenchContext) {
  const pglite = await openDatabase({ pgliteDir: "memory://" });
  try {
    await migrateDatabase(pglite);
    await benchReceiptsInDatabase(ctx, "PGlite", pglite);
  } finally {
    await pglite.close();
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    ctx.log("PostgreSQL figures skipped: set BENCH_DATABASE_URL to a database the bench may write to");
    return;
  }
  const pg = await openDatabase({ url, max: 4 });
  try {
    await migrateDatabase(pg);
    await benchReceiptsInDatabase(ctx, "PostgreSQL", pg);
  } finally {
    await pg.close();
  }
}
