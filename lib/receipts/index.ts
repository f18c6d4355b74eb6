/** Receipts: build, sign, chain, verify, prove and export merge decisions (docs/receipts.md). */
export * from "./schema";
export { canonicalJson, hashDocument, sha256 } from "./canonical";
export { ReceiptError } from "./errors";
export {
  buildMergeReceipt,
  buildAmendment,
  summarizeChange,
  summarizeAssessment,
  approvalsFromReviews,
  evidenceLine,
  type ReceiptInput,
  type AmendmentInput,
  type AttestationInput,
} from "./build";
export {
  generateOrgKeyPair,
  loadPublicKey,
  publicKeyFingerprint,
  createSigner,
  createKeySet,
  sealOrgPrivateKey,
  openOrgSigner,
  orgKeyContext,
  type OrgKeyPair,
  type Signer,
  type PublicKeyInput,
} from "./keys";
export { signedMessage } from "./signature";
export { appendReceipt, appendBuiltReceipt, verifyChain, ExportedReceipt, type ChainProblem, type BrokenLink, type ChainVerification, type VerifyChainOptions } from "./chain";
export { getVerifyPool, IN_THREAD, type Digester, type ReceiptDigest } from "./verify-pool";
export {
  verifyReceipt,
  verifyReceiptFile,
  exportReceiptJson,
  parseReceiptJson,
  type ReceiptCheck,
  type ReceiptProblem,
  type VerifyFileOptions,
} from "./verify";
export {
  createCheckpoint,
  verifyCheckpoint,
  proveReceiptInclusion,
  verifyReceiptInclusion,
  type InclusionProof,
} from "./checkpoint";
export {
  leafHash,
  nodeHash,
  receiptLeafHash,
  merkleRoot,
  inclusionProof,
  consistencyProof,
  verifyInclusion,
  verifyConsistency,
  rootFromInclusionProof,
  MerkleFrontier,
  EMPTY_TREE_HASH,
} from "./merkle";

export { renderReceiptPdf, type ReceiptPdfOptions } from "./pdf";
