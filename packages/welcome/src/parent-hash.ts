/**
 * @module parent-hash
 * Parent hashes (RFC 9420 §7.9) and the joiner's check that every non-blank parent node is
 * "parent-hash valid" (§7.9.2), done top-down: each non-blank parent must have exactly one
 * descendant whose `parent_hash` chains it.
 */
import { bytesEqual, Writer } from "@mlskit/codec";
import type { CipherSuiteImpl } from "@mlskit/crypto-provider";
import { LeafNodeSource } from "@mlskit/key-packages";
import { NodeType, type RatchetTree } from "./ratchet-tree.js";
import { treeHashWithout } from "./tree-hash.js";
import { completeWidth, isInSubtree, left, level, right } from "./tree-math.js";

/**
 * The parent hash of a parent node P with copath child S (RFC 9420 §7.9):
 * `Hash(ParentHashInput)` with
 * `struct { HPKEPublicKey encryption_key; opaque parent_hash<V>; opaque original_sibling_tree_hash<V>; }`.
 *
 * @param suite - the group's cipher suite
 * @param encryptionKey - P's encryption key
 * @param parentHash - P's own `parent_hash`
 * @param originalSiblingTreeHash - the tree hash of S without P's unmerged leaves
 * @returns the parent hash
 * @example
 * ```ts
 * const ph = await parentHash(suite, p.encryptionKey, p.parentHash, siblingHash);
 * ```
 */
export async function parentHash(
  suite: CipherSuiteImpl,
  encryptionKey: Uint8Array,
  parentHash: Uint8Array,
  originalSiblingTreeHash: Uint8Array,
): Promise<Uint8Array> {
  const w = new Writer(encryptionKey.length + parentHash.length + originalSiblingTreeHash.length + 12);
  w.withLength(() => w.bytes(encryptionKey));
  w.withLength(() => w.bytes(parentHash));
  w.withLength(() => w.bytes(originalSiblingTreeHash));
  return suite.hash.digest(w.finish());
}

/**
 * The resolution of a node (RFC 9420 §4.1.1): the node itself and its unmerged leaves when it is
 * not blank; nothing for a blank leaf; otherwise the resolutions of its children, left first.
 *
 * @param tree - the ratchet tree
 * @param x - node index within the complete width
 * @returns node indices
 * @example
 * ```ts
 * resolution(tree, 3); // e.g. [1, 4]
 * ```
 */
export function resolution(tree: RatchetTree, x: number): number[] {
  const n = tree[x];
  if (n !== undefined) {
    if (n.nodeType === NodeType.leaf) return [x];
    return [x, ...n.parentNode.unmergedLeaves.map((l) => 2 * l)];
  }
  if (level(x) === 0) return [];
  return [...resolution(tree, left(x)), ...resolution(tree, right(x))];
}

/** The `parent_hash` a node carries: a parent's, or a commit-source leaf's. */
function parentHashOf(tree: RatchetTree, x: number): Uint8Array | undefined {
  const n = tree[x];
  if (n === undefined) return undefined;
  if (n.nodeType === NodeType.parent) return n.parentNode.parentHash;
  return n.leafNode.leafNodeSource === LeafNodeSource.commit ? n.leafNode.parentHash : undefined;
}

/**
 * The first non-blank parent node that is not parent-hash valid (RFC 9420 §7.9.2), or undefined
 * when every one is. P is valid when exactly one descendant D (over both children C, with S the
 * other child) has `D.parent_hash` = the parent hash of P with copath child S, D in the resolution
 * of C, and P's unmerged leaves under C equal to that resolution without D.
 *
 * @param suite - the group's cipher suite
 * @param tree - the ratchet tree
 * @param hashes - its tree hashes
 * @returns the node index of an invalid parent, with how many descendants chained it
 * @example
 * ```ts
 * const bad = await findInvalidParentHash(suite, tree, await treeHashes(suite, tree));
 * ```
 */
export async function findInvalidParentHash(
  suite: CipherSuiteImpl,
  tree: RatchetTree,
  hashes: readonly Uint8Array[],
): Promise<{ readonly nodeIndex: number; readonly chains: number } | undefined> {
  const width = completeWidth(tree.length);
  for (let x = 1; x < width; x += 2) {
    const n = tree[x];
    if (n?.nodeType !== NodeType.parent) continue;
    const p = n.parentNode;
    const unmerged = new Set(p.unmergedLeaves);
    let chains = 0;
    for (const [c, s] of [
      [left(x), right(x)],
      [right(x), left(x)],
    ] as const) {
      const original = await treeHashWithout(suite, tree, hashes, s, unmerged);
      const ph = await parentHash(suite, p.encryptionKey, p.parentHash, original);
      const res = resolution(tree, c);
      const unmergedUnderC = p.unmergedLeaves.map((l) => 2 * l).filter((l) => isInSubtree(l, c));
      for (const d of res) {
        const dHash = parentHashOf(tree, d);
        if (dHash === undefined || !bytesEqual(dHash, ph)) continue;
        const rest = res.filter((y) => y !== d);
        if (rest.length === unmergedUnderC.length && rest.every((y) => unmergedUnderC.includes(y))) chains++;
      }
    }
    if (chains !== 1) return { nodeIndex: x, chains };
  }
  return undefined;
}
