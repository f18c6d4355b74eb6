import type { Db, DbOrTx } from "../../db/client";
import { recordAuditEvent } from "../../db/queries/audit";
import {
  getActivePolicyVersion,
  getPolicyVersion,
  insertPolicyVersion,
  setActivePolicyVersion,
} from "../../db/queries/policies";
import { defaultCompiledPolicy, formatPolicyError, loadPolicy, type CompiledPolicy, type PolicyError } from "../policy";
import { NotFoundError, ValidationError } from "./errors";

export interface ActivePolicy {
  compiled: CompiledPolicy;
  /** null while the built-in default is in force. */
  versionId: string | null;
  /** sha256 of the text, or "default". */
  version: string;
  number: number | null;
}

const compiledCache = new Map<string, CompiledPolicy>();

function compileStored(yaml: string, sha: string): CompiledPolicy {
  let compiled = compiledCache.get(sha);
  if (!compiled) {
    const loaded = loadPolicy(yaml);
    // A stored version was validated when saved; failing here means the schema changed under it.
    if (!loaded.ok) throw new Error(`stored policy ${sha.slice(0, 12)} no longer validates: ${loaded.errors.map(formatPolicyError).join("; ")}`);
    compiled = loaded.policy;
    if (compiledCache.size > 100) compiledCache.clear();
    compiledCache.set(sha, compiled);
  }
  return compiled;
}

export async function getActivePolicy(db: DbOrTx, orgId: string): Promise<ActivePolicy> {
  const row = await getActivePolicyVersion(db, orgId);
  if (!row) return { compiled: defaultCompiledPolicy(), versionId: null, version: "default", number: null };
  return { compiled: compileStored(row.yaml, row.sha256), versionId: row.id, version: row.sha256, number: row.number };
}

export class PolicyValidationError extends ValidationError {
  constructor(readonly errors: PolicyError[]) {
    super(
      `The policy has ${errors.length} problem${errors.length === 1 ? "" : "s"}; the version in force is unchanged.`,
      { yaml: errors.map(formatPolicyError) },
    );
  }
}

/**
 * Saves a new policy version. A document that does not validate is refused with line-precise errors and the
 * version in force stays; a valid one becomes a new numbered version, activated at once unless asked not to.
 */
export async function savePolicyVersion(
  db: Db,
  actor: { orgId: string; userId: string | null },
  input: { yaml: string; note?: string | null; activate?: boolean },
) {
  const loaded = loadPolicy(input.yaml);
  if (!loaded.ok) throw new PolicyValidationError(loaded.errors);
  return db.transaction(async (tx) => {
    const version = await insertPolicyVersion(tx, {
      orgId: actor.orgId,
      yaml: input.yaml,
      sha256: loaded.version,
      note: input.note ?? null,
      authorId: actor.userId,
    });
    if (input.activate !== false) await setActivePolicyVersion(tx, actor.orgId, version.id);
    await recordAuditEvent(tx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: "policy.save",
      target: `v${version.number}`,
      data: { sha256: loaded.version, activated: input.activate !== false },
    });
    return version;
  });
}

export async function activatePolicyVersion(db: Db, actor: { orgId: string; userId: string | null }, versionId: string) {
  const version = await getPolicyVersion(db, actor.orgId, versionId);
  if (!version) throw new NotFoundError("That policy version does not exist.");
  await db.transaction(async (tx) => {
    await setActivePolicyVersion(tx, actor.orgId, version.id);
    await recordAuditEvent(tx, { orgId: actor.orgId, actorUserId: actor.userId, action: "policy.activate", target: `v${version.number}` });
  });
  return version;
}
