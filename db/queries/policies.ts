import { and, desc, eq, max } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { organisations, policyVersions, users, type PolicyVersion } from "../schema";

export async function getActivePolicyVersion(db: DbOrTx, orgId: string): Promise<PolicyVersion | undefined> {
  const [row] = await db
    .select({ version: policyVersions })
    .from(organisations)
    .innerJoin(policyVersions, eq(policyVersions.id, organisations.activePolicyVersionId))
    .where(eq(organisations.id, orgId))
    .limit(1);
  return row?.version;
}

export async function getPolicyVersion(db: DbOrTx, orgId: string, id: string): Promise<PolicyVersion | undefined> {
  const [row] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.orgId, orgId), eq(policyVersions.id, id)))
    .limit(1);
  return row;
}

export async function listPolicyVersions(db: DbOrTx, orgId: string) {
  return db
    .select({
      id: policyVersions.id,
      number: policyVersions.number,
      sha256: policyVersions.sha256,
      note: policyVersions.note,
      createdAt: policyVersions.createdAt,
      authorName: users.name,
    })
    .from(policyVersions)
    .leftJoin(users, eq(users.id, policyVersions.authorId))
    .where(eq(policyVersions.orgId, orgId))
    .orderBy(desc(policyVersions.number));
}

export async function insertPolicyVersion(
  db: DbOrTx,
  input: { orgId: string; yaml: string; sha256: string; note: string | null; authorId: string | null },
): Promise<PolicyVersion> {
  const [last] = await db
    .select({ n: max(policyVersions.number) })
    .from(policyVersions)
    .where(eq(policyVersions.orgId, input.orgId));
  const [row] = await db
    .insert(policyVersions)
    .values({ ...input, number: (last?.n ?? 0) + 1 })
    .returning();
  return row!;
}

export async function setActivePolicyVersion(db: DbOrTx, orgId: string, versionId: string): Promise<void> {
  await db.update(organisations).set({ activePolicyVersionId: versionId }).where(eq(organisations.id, orgId));
}
