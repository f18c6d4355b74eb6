import { createHash } from "node:crypto";

/**
 * RFC 6962 (§2.1) Merkle tree: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right), and a tree
 * of n leaves splits at the largest power of two below n. Hashes are 32-byte Buffers; leaves are passed as
 * already-hashed leaf hashes, so a caller can keep 32 bytes per receipt instead of the receipt.
 */
const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);
export const EMPTY_TREE_HASH = createHash("sha256").digest();

export function leafHash(data: Uint8Array): Buffer {
  return createHash("sha256").update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash("sha256").update(NODE_PREFIX).update(left).update(right).digest();
}

/** The leaf of the receipt log is the receipt's 32-byte hash. */
export function receiptLeafHash(receiptHashHex: string): Buffer {
  return leafHash(Buffer.from(receiptHashHex, "hex"));
}

export type LeafSource = readonly Uint8Array[] | ((index: number) => Uint8Array);

function leafAt(leaves: LeafSource, index: number): Uint8Array {
  return typeof leaves === "function" ? leaves(index) : leaves[index]!;
}

/** Largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[start : start+size]). */
function subtreeHash(leaves: LeafSource, start: number, size: number): Buffer {
  if (size === 0) return EMPTY_TREE_HASH;
  if (size === 1) return Buffer.from(leafAt(leaves, start));
  const k = splitPoint(size);
  return nodeHash(subtreeHash(leaves, start, k), subtreeHash(leaves, start + k, size - k));
}

export function merkleRoot(leaves: LeafSource, size = typeof leaves === "function" ? NaN : leaves.length): Buffer {
  checkSize(size);
  return subtreeHash(leaves, 0, size);
}

/** RFC 6962 §2.1.1 PATH(m, D[n]): the audit path of leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(leaves: LeafSource, index: number, size = sizeOf(leaves)): Buffer[] {
  checkSize(size);
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is outside a tree of ${size}`);
  }
  const path: Buffer[] = [];
  let start = 0;
  let n = size;
  let m = index;
  // Walk from the root down, collecting the sibling of each subtree that holds the leaf; the path runs leaf-up.
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      path.push(subtreeHash(leaves, start + k, n - k));
      n = k;
    } else {
      path.push(subtreeHash(leaves, start, k));
      start += k;
      m -= k;
      n -= k;
    }
  }
  return path.reverse();
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): proves the tree of `oldSize` leaves is a prefix of the tree of `newSize`. */
export function consistencyProof(leaves: LeafSource, oldSize: number, newSize = sizeOf(leaves)): Buffer[] {
  checkSize(newSize);
  if (!Number.isInteger(oldSize) || oldSize < 0 || oldSize > newSize) {
    throw new RangeError(`old size ${oldSize} must be between 0 and ${newSize}`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  const proof: Buffer[] = [];
  let start = 0;
  let n = newSize;
  let m = oldSize;
  let complete = true;
  // SUBPROOF(m, D[start : start+n], complete), iteratively; nodes are produced root-down and reversed at the end.
  while (m !== n) {
    const k = splitPoint(n);
    if (m <= k) {
      proof.push(subtreeHash(leaves, start + k, n - k));
      n = k;
    } else {
      proof.push(subtreeHash(leaves, start, k));
      start += k;
      m -= k;
      n -= k;
      complete = false;
    }
  }
  if (!complete) proof.push(subtreeHash(leaves, start, n));
  return proof.reverse();
}

/** Recomputes the root from a leaf and its audit path (RFC 9162 §2.1.3.2). */
export function rootFromInclusionProof(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[]): Buffer | null {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leaf, index, size, proof);
  return computed !== null && computed.equals(root);
}

/** Checks that `newRoot` extends `oldRoot` (RFC 9162 §2.1.4.2). */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isInteger(oldSize) || !Number.isInteger(newSize) || oldSize < 0 || oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && Buffer.from(oldRoot).equals(newRoot);
  if (oldSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  let nodes = [...proof];
  // When the old tree is a complete left subtree, its root is the implicit first node of the proof.
  if (isPowerOfTwo(oldSize)) nodes = [Buffer.from(oldRoot), ...nodes];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(nodes[0]!);
  let sr: Buffer = Buffer.from(nodes[0]!);
  for (const c of nodes.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}

/**
 * The right edge of the tree (one perfect subtree root per set bit of the size): appends in O(1) amortised time
 * and O(log n) memory, so a streaming verifier can compute the root of a million receipts without holding them.
 */
export class MerkleFrontier {
  private readonly stack: { hash: Buffer; size: number }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  append(leaf: Uint8Array): void {
    let node: { hash: Buffer; size: number } = { hash: Buffer.from(leaf), size: 1 };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      node = { hash: nodeHash(left.hash, node.hash), size: left.size * 2 };
    }
    this.stack.push(node);
    this.count += 1;
  }

  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_TREE_HASH;
    let root: Buffer = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) root = nodeHash(this.stack[i]!.hash, root);
    return root;
  }
}

function sizeOf(leaves: LeafSource): number {
  if (typeof leaves === "function") throw new TypeError("pass the tree size when leaves come from a function");
  return leaves.length;
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`tree size must be a non-negative integer, got ${size}`);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}
