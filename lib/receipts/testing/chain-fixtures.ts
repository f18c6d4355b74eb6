import { appendReceipt } from "../chain";
import { createSigner, generateOrgKeyPair, type OrgKeyPair, type Signer } from "../keys";
import type { SignedReceipt } from "../schema";
import { sampleDraft } from "./sample-data";

export interface SampleChain {
  keys: OrgKeyPair;
  signer: Signer;
  receipts: SignedReceipt[];
}

/** A signed chain of `length` sample receipts under a fresh key (or the one given). */
export function buildSampleChain(length: number, keys: OrgKeyPair = generateOrgKeyPair()): SampleChain {
  const signer = createSigner(keys.privateKeyPem);
  const receipts: SignedReceipt[] = [];
  for (let i = 0; i < length; i++) receipts.push(appendReceipt(receipts.at(-1) ?? null, sampleDraft(i), signer));
  return { keys, signer, receipts };
}

export function deepCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
