/**
 * @module tree-hash
 * Tree hashes (RFC 9420 §7.8) of every node of a ratchet tree, and the "original" tree hash of a
 * subtree with some leaves removed, which parent-hash verification needs (§7.9).
 */
import { Writer } from "@mlskit/codec";
import type { CipherSuiteImpl } from "@mlskit/crypto-provider";
import { leafNodeCodec } from "@mlskit/key-packages";
import { NodeType, type ParentNode, parentNodeCodec, type RatchetTree } from "./ratchet-tree.js";
import { completeWidth, isInSubtree, left, level, right, root } from "./tree-math.js";

/**
 * `TreeHashInput` of a leaf:
 * `struct { NodeType node_type = leaf; uint32 leaf_index; optional<LeafNode> leaf_node; }`.
 */
function leafHashInput(tree: RatchetTree, x: number, blank: boolean): Uint8Array {
  const w = new Writer(512);
  w.uint8(NodeType.leaf);
  w.uint32(x >>> 1);
  const n = blank ? undefined : tree[x];
  if (n?.nodeType === NodeType.leaf) {
    w.uint8(1);
    leafNodeCodec.encode(w, n.leafNode);
  } else {
    w.uint8(0);
  }
  return w.finish();
}

/**
 * `TreeHashInput` of a parent:
 * `struct { NodeType node_type = parent; optional<ParentNode> parent_node; opaque left_hash<V>; opaque right_hash<V>; }`.
 */
function parentHashInput(p: ParentNode | undefined, leftHash: Uint8Array, rightHash: Uint8Array): Uint8Array {
  const w = new Writer(256);
  w.uint8(NodeType.parent);
  if (p === undefined) {
    w.uint8(0);
  } else {
    w.uint8(1);
    parentNodeCodec.encode(w, p);
  }
  w.withLength(() => w.bytes(leftHash));
  w.withLength(() => w.bytes(rightHash));
  return w.finish();
}

function parentNodeOf(tree: RatchetTree, x: number): ParentNode | undefined {
  const n = tree[x];
  return n?.nodeType === NodeType.parent ? n.parentNode : undefined;
}

/**
 * The tree hash of every node of the complete tree (RFC 9420 §7.8), blank nodes past the end of
 * `tree` included.
 *
 * @param suite - the group's cipher suite
 * @param tree - the ratchet tree
 * @returns `hashes[i]` = tree hash of node `i`, for every `i` below the complete width
 * @example
 * ```ts
 * const hashes = await treeHashes(suite, tree);
 * bytesEqual(hashes[root(hashes.length)]!, groupContext.treeHash);
 * ```
 */
export async function treeHashes(suite: CipherSuiteImpl, tree: RatchetTree): Promise<Uint8Array[]> {
  const width = completeWidth(tree.length);
  const out = new Array<Uint8Array>(width);
  const visit = async (x: number): Promise<Uint8Array> => {
    let h: Uint8Array;
    if (level(x) === 0) {
      h = await suite.hash.digest(leafHashInput(tree, x, false));
    } else {
      const [l, r] = await Promise.all([visit(left(x)), visit(right(x))]);
      h = await suite.hash.digest(parentHashInput(parentNodeOf(tree, x), l, r));
    }
    out[x] = h;
    return h;
  };
  await visit(root(width));
  return out;
}

/**
 * The tree hash of the subtree at `x` in the tree where the leaves in `removed` are blank and gone
 * from every parent's `unmerged_leaves` (RFC 9420 §7.9: the `original_sibling_tree_hash` of a
 * parent node P is this, for `removed` = P's unmerged leaves). Subtrees holding none of those
 * leaves reuse `hashes`.
 *
 * @param suite - the group's cipher suite
 * @param tree - the ratchet tree
 * @param hashes - {@link treeHashes} of `tree`
 * @param x - root of the subtree
 * @param removed - leaf indices to remove
 * @returns the tree hash
 * @example
 * ```ts
 * const original = await treeHashWithout(suite, tree, hashes, sibling, new Set(p.unmergedLeaves));
 * ```
 */
export async function treeHashWithout(
  suite: CipherSuiteImpl,
  tree: RatchetTree,
  hashes: readonly Uint8Array[],
  x: number,
  removed: ReadonlySet<number>,
): Promise<Uint8Array> {
  let touched = false;
  for (const leaf of removed) {
    if (isInSubtree(2 * leaf, x)) {
      touched = true;
      break;
    }
  }
  if (!touched) return hashes[x]!;
  if (level(x) === 0) return suite.hash.digest(leafHashInput(tree, x, true));
  const [l, r] = await Promise.all([
    treeHashWithout(suite, tree, hashes, left(x), removed),
    treeHashWithout(suite, tree, hashes, right(x), removed),
  ]);
  const p = parentNodeOf(tree, x);
  const kept =
    p === undefined ? undefined : { ...p, unmergedLeaves: p.unmergedLeaves.filter((u) => !removed.has(u)) };
  return suite.hash.digest(parentHashInput(kept, l, r));
}
