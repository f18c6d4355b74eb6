import type { DbOrTx } from "../../db/client";
import { insertSigningKey, listSigningKeys, lockReceiptChain } from "../../db/queries/receipts";
import type { SigningKey } from "../../db/schema";
import type { SecretBox } from "../crypto";
import { generateOrgKeyPair, openOrgSigner, sealOrgPrivateKey, type Signer } from "../receipts";

export interface OrgSigner {
  keyId: string;
  signer: Signer;
}

// Opening a sealed key costs a decryption and a key parse; issuing during a sync does it once per organisation.
const signers = new Map<string, Signer>();

/**
 * The organisation's signing key, generated and sealed on first use. Creation happens under the chain lock, so
 * two first issuers cannot each create a key. Pass `locked` when the caller already holds it.
 */
export async function orgSigner(tx: DbOrTx, orgId: string, box: SecretBox, opts: { locked?: boolean } = {}): Promise<OrgSigner> {
  const key = await ensureSigningKey(tx, orgId, box, opts);
  const cacheKey = `${orgId}:${key.id}:${key.privateKeySealed}`;
  let signer = signers.get(cacheKey);
  if (!signer) {
    signer = openOrgSigner(box, orgId, key.privateKeySealed);
    if (signers.size > 64) signers.clear();
    signers.set(cacheKey, signer);
  }
  return { keyId: key.id, signer };
}

export async function ensureSigningKey(tx: DbOrTx, orgId: string, box: SecretBox, opts: { locked?: boolean } = {}): Promise<SigningKey> {
  const [current] = await listSigningKeys(tx, orgId);
  if (current) return current;
  if (!opts.locked) await lockReceiptChain(tx, orgId);
  const [raced] = await listSigningKeys(tx, orgId);
  if (raced) return raced;
  const pair = generateOrgKeyPair();
  const row = {
    id: `key_${pair.fingerprint.replace(/:/g, "").slice(0, 24)}`,
    orgId,
    publicKeyPem: pair.publicKeyPem,
    privateKeySealed: sealOrgPrivateKey(box, orgId, pair.privateKeyPem),
    fingerprint: pair.fingerprint,
  };
  await insertSigningKey(tx, row);
  return { ...row, createdAt: new Date() };
}
