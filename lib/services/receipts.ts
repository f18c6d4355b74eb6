import type { DbOrTx } from "../../db/client";
import { getOrganisation } from "../../db/queries/organisations";
import {
  advanceChainHead,
  getChainHead,
  insertReceipts,
  latestReceiptsOfChanges,
  lockReceiptChain,
  reserveReceiptIds,
  type NewReceiptRow,
} from "../../db/queries/receipts";
import type { SecretBox } from "../crypto";
import {
  appendBuiltReceipt,
  buildAmendment,
  buildMergeReceipt,
  type Amends,
  type AttestationInput,
  type PolicyRef,
  type ReceiptDraft,
  type SignedReceipt,
} from "../receipts";
import type { Assessment, Change } from "../scoring/types";
import { listAttestationsOfChanges } from "../../db/queries/attestations";
import type { ActivePolicy } from "./policies";
import { orgSigner } from "./signing-keys";

const COMMIT_ID = /^[0-9a-fA-F]{7,64}$/;

export interface IssueForChangeInput {
  orgId: string;
  changeId: number;
  change: Change;
  assessment: Assessment;
  policy: PolicyRef;
  box: SecretBox;
  now: Date;
}

export interface IssuedReceipt {
  id: number;
  sequence: number;
  kind: "merge" | "amendment";
  hash: string;
}

/**
 * Called with every stored assessment of a change, inside the transaction that stores it. A merged change gets its
 * merge receipt the first time it is seen merged; afterwards, an assessment made under another policy or model
 * version issues an amendment of the receipt in force. Anything else (an open change, a rescore under the same
 * policy) issues nothing.
 */
export async function issueReceiptsForChange(tx: DbOrTx, input: IssueForChangeInput): Promise<IssuedReceipt | null> {
  const { changeId, change, assessment, ...shared } = input;
  const [issued] = await issueReceiptsForChanges(tx, shared, [{ changeId, change, assessment }]);
  return issued ?? null;
}

export interface IssueBatchContext {
  orgId: string;
  policy: PolicyRef;
  box: SecretBox;
  now: Date;
}

type Issue = { changeId: number; change: Change; assessment: Assessment; amend: { original: SignedReceipt; reason: Amends["reason"] } | null };

/**
 * The batch form used by sync: the chain is locked, the key opened and the head read once, receipts for all the
 * changes that need one are signed in order and inserted together, and the head moves once. `firstStored` marks a
 * change stored for the first time in this transaction: it cannot have a receipt yet, so none is looked up.
 */
export async function issueReceiptsForChanges(
  tx: DbOrTx,
  ctx: IssueBatchContext,
  items: Array<{ changeId: number; change: Change; assessment: Assessment; firstStored?: boolean }>,
  options: SigningOptions = {},
): Promise<IssuedReceipt[]> {
  // A receipt names the merge commit; a change without a real one (bad source data) cannot get one.
  const eligible = items.filter((i) => i.change.state === "merged" && i.change.mergedAt && COMMIT_ID.test(i.change.mergeSha ?? ""));
  if (!eligible.length) return [];
  const locked = await lockReceiptChain(tx, ctx.orgId);
  const seen = eligible.filter((i) => !i.firstStored).map((i) => i.changeId);
  const latest = seen.length ? await latestReceiptsOfChanges(tx, ctx.orgId, seen) : new Map<number, string>();
  const issues: Issue[] = [];
  for (const { changeId, change, assessment } of eligible) {
    const canonical = latest.get(changeId);
    if (!canonical) {
      issues.push({ changeId, change, assessment, amend: null });
      continue;
    }
    const original = JSON.parse(canonical) as SignedReceipt;
    const was = original.receipt;
    if (was.policy.version === assessment.policyVersion && was.modelVersion === assessment.modelVersion) continue;
    const detail =
      was.policy.version !== assessment.policyVersion
        ? `rescored under policy ${describePolicy(ctx.policy)} (was ${describePolicy(was.policy)})`
        : `rescored with scoring model ${assessment.modelVersion} (was ${was.modelVersion})`;
    issues.push({ changeId, change, assessment, amend: { original, reason: { kind: "rescore", detail } } });
  }
  return appendReceipts(tx, ctx, issues, locked, options);
}

export interface SigningOptions {
  /**
   * Called once the chain has been read, just before the receipts are signed: writes the caller issues here run
   * on the database while this thread signs. It must not wait for them; it is not called when nothing is issued.
   */
  whileSigning?: () => void;
}

/**
 * Issues one receipt for a change: the merge receipt, or an amendment of `amend.original` (the receipt it
 * supersedes). Takes the organisation's chain lock itself, so it is safe to call on its own.
 */
export async function appendForChange(
  tx: DbOrTx,
  input: IssueForChangeInput,
  amend: { original: SignedReceipt; reason: Amends["reason"] } | null,
): Promise<IssuedReceipt> {
  const { changeId, change, assessment, ...ctx } = input;
  const locked = await lockReceiptChain(tx, input.orgId);
  return (await appendReceipts(tx, ctx, [{ changeId, change, assessment, amend }], locked))[0]!;
}

/** Signs and stores receipts in chain order; the caller holds the organisation's chain lock (`locked`: the head row). */
async function appendReceipts(
  tx: DbOrTx,
  ctx: IssueBatchContext,
  issues: Issue[],
  locked: RecordedHead,
  options: SigningOptions = {},
): Promise<IssuedReceipt[]> {
  if (!issues.length) return [];
  const org = await getOrganisation(tx, ctx.orgId);
  if (!org) throw new Error(`organisation ${ctx.orgId} does not exist`);
  const signer = await orgSigner(tx, ctx.orgId, ctx.box, { locked: true });
  let prev = await chainHeadReceipt(tx, ctx.orgId, locked);
  const ids = await reserveReceiptIds(tx, issues.length);
  const attested = await attestationsByChange(tx, ctx.orgId, issues.map((i) => i.changeId));
  options.whileSigning?.();
  const rows: Array<NewReceiptRow & { id: number }> = [];
  const issued: IssuedReceipt[] = [];
  for (const [n, issue] of issues.entries()) {
    const id = ids[n]!;
    const base = {
      id: String(id),
      org: { id: org.id, slug: org.slug },
      issuedAt: ctx.now,
      change: issue.change,
      assessment: issue.assessment,
      attestations: attested.get(issue.changeId) ?? [],
      policy: ctx.policy,
    };
    const draft: ReceiptDraft = issue.amend ? buildAmendment(issue.amend.original, { ...base, reason: issue.amend.reason }) : buildMergeReceipt(base);
    const { signed, exported } = appendBuiltReceipt(prev, draft, signer.signer);
    const r = signed.receipt;
    rows.push({
      id,
      orgId: ctx.orgId,
      sequence: r.sequence,
      kind: r.kind,
      changeId: issue.changeId,
      amendsReceiptId: r.amends ? Number(r.amends.id) : null,
      canonical: exported,
      hash: signed.hash,
      previousHash: r.previousHash,
      signature: signed.signature,
      keyId: signer.keyId,
      mergeSha: r.change.mergeSha,
      repo: r.change.repo,
      number: r.change.number,
      mergedAt: new Date(r.change.mergedAt),
      risk: r.assessment.risk,
      band: r.assessment.band,
      approvers: r.approvals.map((a) => a.reviewer),
      issuedAt: new Date(r.issuedAt),
    });
    issued.push({ id, sequence: r.sequence, kind: r.kind, hash: signed.hash });
    prev = signed;
  }
  await insertReceipts(tx, rows);
  const last = issued[issued.length - 1]!;
  await advanceChainHead(tx, ctx.orgId, { sequence: last.sequence, hash: last.hash });
  if (lastAppended.size >= 1_000) lastAppended.clear();
  lastAppended.set(ctx.orgId, prev!);
  return issued;
}

/**
 * The newest receipt this process appended, per organisation: the next batch of a sync chains after it without
 * reading it back, once the locked head row shows it is still the chain's head (a rolled-back append or another
 * issuer moves the head elsewhere, and the receipt is then read).
 */
const lastAppended = new Map<string, SignedReceipt>();

type RecordedHead = { sequence: number; hash: string | null };

async function chainHeadReceipt(tx: DbOrTx, orgId: string, recorded: RecordedHead): Promise<SignedReceipt | null> {
  const cached = lastAppended.get(orgId);
  if (cached && cached.receipt.sequence === recorded.sequence && cached.hash === recorded.hash) return cached;
  const head = await getChainHead(tx, orgId);
  return head ? (JSON.parse(head.canonical) as SignedReceipt) : null;
}

async function attestationsByChange(tx: DbOrTx, orgId: string, changeIds: number[]): Promise<Map<number, AttestationInput[]>> {
  const out = new Map<number, AttestationInput[]>();
  for (const { attestation: a, modelVersion, policyVersion } of await listAttestationsOfChanges(tx, orgId, [...new Set(changeIds)])) {
    const list = out.get(a.changeId) ?? [];
    list.push({
      id: String(a.id),
      login: a.login ?? a.name,
      name: a.name,
      attestedAt: a.createdAt,
      rationale: a.rationale,
      standing: a.standing,
      accepted: { risk: a.risk, band: a.band, modelVersion, policyVersion },
    });
    out.set(a.changeId, list);
  }
  return out;
}

/** How a receipt names the policy an assessment was made under. */
export function policyRefOf(policy: ActivePolicy): PolicyRef {
  return { version: policy.version, name: policy.compiled.document.name ?? "unnamed policy", number: policy.number };
}

function describePolicy(policy: PolicyRef): string {
  return policy.version === "default" ? "default" : `v${policy.number ?? "?"} (${policy.version.slice(0, 12)})`;
}
