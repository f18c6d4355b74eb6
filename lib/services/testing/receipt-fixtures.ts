/** An organisation whose changes go through the real scoring service, issuing receipts with a test secret box. */
import type { Db, DbOrTx } from "../../../db/client";
import { repositories } from "../../../db/schema";
import { buildChange, VIEW_CODEOWNERS, VIEW_POLICY, type ChangeSpec } from "../../../db/queries/testing/view-fixtures";
import { parseCodeowners } from "../../policy";
import type { Change } from "../../scoring/types";
import { makeOrg, uniqueId } from "../../../test/factories";
import { testSecretBox } from "../../../test/secret-box";
import { getActivePolicy, savePolicyVersion } from "../policies";
import { scoreAndStoreChange, type StoredChange } from "../score-and-store";

export const SCORED_AT = new Date("2026-11-21T12:00:00Z");

export async function makeReceiptOrg(db: Db) {
  const org = await makeOrg(db, "Receipts");
  const repo = `acme/${uniqueId("repo")}`;
  const [row] = await db.insert(repositories).values({ orgId: org.id, fullName: repo, selected: true }).returning({ id: repositories.id });
  await savePolicyVersion(db, { orgId: org.id, userId: null }, { yaml: VIEW_POLICY });
  const codeowners = parseCodeowners(VIEW_CODEOWNERS);
  const box = testSecretBox();
  const store = async (tx: DbOrTx, change: Change, opts: { force?: boolean } = {}): Promise<StoredChange> =>
    scoreAndStoreChange(tx, {
      orgId: org.id,
      repositoryId: row!.id,
      change,
      policy: await getActivePolicy(tx, org.id),
      codeowners,
      protection: null,
      trigger: opts.force ? "rescore" : "sync",
      now: SCORED_AT,
      force: opts.force,
      box,
    });
  return {
    org,
    orgId: org.id,
    repositoryId: row!.id,
    repo,
    box,
    change: (spec: ChangeSpec) => hexChange(repo, spec),
    store,
    add: (spec: ChangeSpec, opts: { force?: boolean } = {}) => db.transaction((tx) => store(tx, hexChange(repo, spec), opts)),
  };
}

/** The view fixture's change with commit ids that are real hex, as GitHub's are. */
export function hexChange(repo: string, spec: ChangeSpec): Change {
  const change = buildChange(repo, spec);
  const head = `${"b".repeat(32)}${spec.number.toString(16).padStart(8, "0")}`;
  return {
    ...change,
    headSha: head,
    mergeSha: change.mergeSha ? `${"a".repeat(32)}${spec.number.toString(16).padStart(8, "0")}` : null,
    commits: change.commits.map((c) => ({ ...c, sha: head })),
    reviews: (change.reviews ?? []).map((r) => ({ ...r, commitSha: head })),
  };
}

export type ReceiptOrg = Awaited<ReturnType<typeof makeReceiptOrg>>;

/** A change to payments code (tier 0, cardholder data) with one approval: scores high or critical. */
export function riskySpec(number: number, extra: Partial<ChangeSpec> = {}): ChangeSpec {
  return {
    number,
    title: `Rework settlement ${number}`,
    author: "alice",
    files: ["services/payments/settle.ts", "services/payments/db/schema.sql", "services/ledger/api.ts"],
    approvers: ["bob"],
    agent: true,
    ...extra,
  };
}
