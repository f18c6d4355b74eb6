import type { Db } from "../../db/client";
import {
  getAssessmentWithPolicy,
  getAttestationSubject,
  hasAttested,
  insertAttestation,
  type AttestationSubject,
} from "../../db/queries/attestations";
import { recordAuditEvent } from "../../db/queries/audit";
import { updateChange } from "../../db/queries/changes";
import { listReceiptsOfChange, lockReceiptChain } from "../../db/queries/receipts";
import { getRepositoryOfChange } from "../../db/queries/receipt-subjects";
import { loadStoredChange } from "../../db/queries/stored-changes";
import type { AssessmentRow, PolicyVersion } from "../../db/schema";
import type { SecretBox } from "../crypto";
import { enqueueJob } from "../jobs/enqueue";
import type { SignedReceipt } from "../receipts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { refreshBoardAfterWrite } from "./board-rollups";
import { appendForChange, type IssuedReceipt } from "./receipts";
import { assessmentOfRow, policyRefOfRow } from "./stored-assessment";

export interface Attester {
  id: string;
  name: string;
  githubLogin: string | null;
}

export type Eligibility =
  | { eligible: true; standing: string[]; subject: AttestationSubject }
  | { eligible: false; reason: string; subject: AttestationSubject | null };

export const RATIONALE_MIN = 10;
export const RATIONALE_MAX = 2000;

/**
 * Who may attest: on a high or critical change, an engineer who owns a touched path (CODEOWNERS `@login`) or
 * reviewed it, and who did not write it. Every refusal says why.
 */
export function judgeEligibility(subject: AttestationSubject, login: string | null): Eligibility {
  const no = (reason: string): Eligibility => ({ eligible: false, reason, subject });
  if (!subject.assessmentId || !subject.band) return no("This change has not been scored yet, so there is no score to accept.");
  if (subject.state === "closed") return no("This pull request was closed without merging; there is nothing to attest.");
  if (subject.band !== "high" && subject.band !== "critical") {
    return no(`Only high and critical changes are attested; this one is ${subject.band} (risk ${subject.risk}).`);
  }
  if (!login) return no("Your account has no GitHub login, so it cannot be matched to CODEOWNERS or reviews. Sign in with GitHub once to link it.");
  const me = login.toLowerCase();
  if (subject.authorLogin.toLowerCase() === me) {
    return no("You wrote this change: its risk must be accepted by another code owner or reviewer.");
  }
  const standing: string[] = [];
  if (subject.owners.some((o) => o.toLowerCase() === `@${me}`)) standing.push("codeowner");
  if (subject.reviewers.some((r) => r.toLowerCase() === me)) standing.push("reviewer");
  if (!standing.length) {
    const owners = subject.owners.filter((o) => !o.includes("/")).join(", ");
    return no(
      `Only a code owner of the touched paths${owners ? ` (${owners})` : ""} or a reviewer of this pull request can attest it; @${login} is neither.`,
    );
  }
  return { eligible: true, standing, subject };
}

export async function getEligibility(db: Db, orgId: string, changeId: number, user: Attester): Promise<Eligibility & { alreadyAttested: boolean }> {
  const subject = await getAttestationSubject(db, orgId, changeId);
  if (!subject) return { eligible: false, reason: "This change does not exist in your organisation.", subject: null, alreadyAttested: false };
  const verdict = judgeEligibility(subject, user.githubLogin);
  const alreadyAttested = subject.assessmentId ? await hasAttested(db, orgId, changeId, user.id, subject.assessmentId) : false;
  return { ...verdict, alreadyAttested };
}

export interface AttestInput {
  orgId: string;
  changeId: number;
  /** The assessment the person saw: refused if the score changed since. */
  assessmentId: number;
  rationale: string;
  now?: Date;
}

export interface AttestDeps {
  /** Queues background work: the process's job queue unless a test gives its own. */
  enqueue?: typeof enqueueJob;
}

export interface AttestResult {
  attestationId: number;
  receipt: IssuedReceipt | null;
}

/**
 * Records that an eligible engineer accepted the current score of a high-risk change, and — when the change has
 * merged — issues an amendment receipt carrying the attestation (or the merge receipt, if none exists yet).
 */
export async function attestChange(db: Db, box: SecretBox, user: Attester, input: AttestInput, deps: AttestDeps = {}): Promise<AttestResult> {
  const rationale = input.rationale.trim();
  if (rationale.length < RATIONALE_MIN || rationale.length > RATIONALE_MAX) {
    throw new ValidationError("Say why you accept this risk.", {
      rationale: [`Write between ${RATIONALE_MIN} and ${RATIONALE_MAX} characters.`],
    });
  }
  const now = input.now ?? new Date();
  const result = await db.transaction(async (tx) => {
    // Attestations and receipts of an organisation are serialised together: the amendment sees this attestation.
    await lockReceiptChain(tx, input.orgId);
    const subject = await getAttestationSubject(tx, input.orgId, input.changeId);
    if (!subject) throw new NotFoundError("This change does not exist in your organisation.");
    const verdict = judgeEligibility(subject, user.githubLogin);
    if (!verdict.eligible) throw new ForbiddenError(verdict.reason);
    if (subject.assessmentId !== input.assessmentId) {
      throw new ConflictError(`The score changed since you opened this change (now ${subject.band}, risk ${subject.risk}). Review it and attest again.`);
    }
    if (await hasAttested(tx, input.orgId, input.changeId, user.id, input.assessmentId)) {
      throw new ConflictError("You have already attested this score.");
    }
    const scored = await getAssessmentWithPolicy(tx, input.orgId, input.assessmentId);
    if (!scored) throw new NotFoundError("The assessment you accepted no longer exists.");
    const standing = verdict.standing.join("+");
    const attestation = await insertAttestation(tx, {
      orgId: input.orgId,
      changeId: input.changeId,
      assessmentId: input.assessmentId,
      userId: user.id,
      name: user.name,
      login: user.githubLogin,
      rationale,
      standing,
      risk: scored.assessment.risk,
      band: scored.assessment.band,
      createdAt: now,
    });
    await updateChange(tx, input.orgId, input.changeId, { attested: true });
    const receipt = await amendForAttestation(tx, box, input, scored, `${user.name} (@${user.githubLogin}) accepted risk ${scored.assessment.risk} (${scored.assessment.band}) as ${standing.replace("+", " and ")}`, now);
    await recordAuditEvent(tx, {
      orgId: input.orgId,
      actorUserId: user.id,
      action: "change.attest",
      target: `${subject.repo}${subject.number !== null ? `#${subject.number}` : ""}`,
      data: { changeId: input.changeId, assessmentId: input.assessmentId, attestationId: attestation.id, receiptId: receipt?.id ?? null },
    });
    return { attestationId: attestation.id, receipt, repositoryId: await getRepositoryOfChange(tx, input.orgId, input.changeId) };
  });
  await refreshBoardAfterWrite(db, input.orgId);
  // The merge gate can turn green now; it talks to GitHub, so it runs as a job once the attestation is committed.
  const { repositoryId, ...attested } = result;
  if (repositoryId) {
    try {
      const enqueue = deps.enqueue ?? enqueueJob;
      await enqueue("gate", { orgId: input.orgId, repositoryIds: [repositoryId] }, `gate:${input.orgId}:${repositoryId}`);
    } catch (err) {
      // The attestation stands; the next sync or rescore brings the gate up to date.
      process.stderr.write(`[gate] could not queue an evaluation after an attestation: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  return attested;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function amendForAttestation(
  tx: Tx,
  box: SecretBox,
  input: AttestInput,
  scored: { assessment: AssessmentRow; policy: PolicyVersion | null },
  detail: string,
  now: Date,
): Promise<IssuedReceipt | null> {
  const change = await loadStoredChange(tx, input.orgId, input.changeId);
  if (!change || change.state !== "merged" || !change.mergeSha || !change.mergedAt) return null;
  const existing = await listReceiptsOfChange(tx, input.orgId, input.changeId);
  const latest = existing.length ? (JSON.parse(existing[existing.length - 1]!.canonical) as SignedReceipt) : null;
  const issue = {
    orgId: input.orgId,
    changeId: input.changeId,
    change,
    assessment: assessmentOfRow(scored.assessment),
    policy: policyRefOfRow(scored.assessment, scored.policy),
    box,
    now,
  };
  return appendForChange(tx, issue, latest ? { original: latest, reason: { kind: "attestation", detail } } : null);
}
