import type { DbOrTx } from "../../db/client";
import { getOrganisation } from "../../db/queries/organisations";
import {
  advanceChainHead,
  getChainHead,
  insertReceipt,
  listReceiptsOfChange,
  lockReceiptChain,
  nextReceiptId,
} from "../../db/queries/receipts";
import type { SecretBox } from "../crypto";
import {
  appendReceipt,
  buildAmendment,
  buildMergeReceipt,
  exportReceiptJson,
  type Amends,
  type AttestationInput,
  type PolicyRef,
  type ReceiptDraft,
  type SignedReceipt,
} from "../receipts";
import type { Assessment, Change } from "../scoring/types";
import { listAttestationsOfChange } from "../../db/queries/attestations";
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
  const { change, assessment } = input;
  // A receipt names the merge commit; a change without a real one (bad source data) cannot get one.
  if (change.state !== "merged" || !change.mergedAt || !COMMIT_ID.test(change.mergeSha ?? "")) return null;
  await lockReceiptChain(tx, input.orgId);
  const existing = await listReceiptsOfChange(tx, input.orgId, input.changeId);
  const latest = existing.length ? (JSON.parse(existing[existing.length - 1]!.canonical) as SignedReceipt) : null;
  if (!latest) return appendForChange(tx, input, null);
  const was = latest.receipt;
  if (was.policy.version === assessment.policyVersion && was.modelVersion === assessment.modelVersion) return null;
  const detail =
    was.policy.version !== assessment.policyVersion
      ? `rescored under policy ${describePolicy(input.policy)} (was ${describePolicy(was.policy)})`
      : `rescored with scoring model ${assessment.modelVersion} (was ${was.modelVersion})`;
  return appendForChange(tx, input, { original: latest, reason: { kind: "rescore", detail } });
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
  await lockReceiptChain(tx, input.orgId);
  const org = await getOrganisation(tx, input.orgId);
  if (!org) throw new Error(`organisation ${input.orgId} does not exist`);
  const signer = await orgSigner(tx, input.orgId, input.box, { locked: true });
  const head = await getChainHead(tx, input.orgId);
  const prev = head ? (JSON.parse(head.canonical) as SignedReceipt) : null;
  const id = await nextReceiptId(tx);
  const attestations = await attestationsOf(tx, input.orgId, input.changeId);
  const base = {
    id: String(id),
    org: { id: org.id, slug: org.slug },
    issuedAt: input.now,
    change: input.change,
    assessment: input.assessment,
    attestations,
    policy: input.policy,
  };
  const draft: ReceiptDraft = amend ? buildAmendment(amend.original, { ...base, reason: amend.reason }) : buildMergeReceipt(base);
  const signed = appendReceipt(prev, draft, signer.signer);
  const r = signed.receipt;
  await insertReceipt(tx, {
    id,
    orgId: input.orgId,
    sequence: r.sequence,
    kind: r.kind,
    changeId: input.changeId,
    amendsReceiptId: r.amends ? Number(r.amends.id) : null,
    canonical: exportReceiptJson(signed),
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
  await advanceChainHead(tx, input.orgId, { sequence: r.sequence, hash: signed.hash });
  return { id, sequence: r.sequence, kind: r.kind, hash: signed.hash };
}

async function attestationsOf(tx: DbOrTx, orgId: string, changeId: number): Promise<AttestationInput[]> {
  const rows = await listAttestationsOfChange(tx, orgId, changeId);
  return rows.map(({ attestation: a, modelVersion, policyVersion }) => ({
    id: String(a.id),
    login: a.login ?? a.name,
    name: a.name,
    attestedAt: a.createdAt,
    rationale: a.rationale,
    standing: a.standing,
    accepted: { risk: a.risk, band: a.band, modelVersion, policyVersion },
  }));
}

/** How a receipt names the policy an assessment was made under. */
export function policyRefOf(policy: ActivePolicy): PolicyRef {
  return { version: policy.version, name: policy.compiled.document.name ?? "unnamed policy", number: policy.number };
}

function describePolicy(policy: PolicyRef): string {
  return policy.version === "default" ? "default" : `v${policy.number ?? "?"} (${policy.version.slice(0, 12)})`;
}
