/**
 * @module ratchet-tree
 * The ratchet tree as a joiner receives it (RFC 9420 §12.4.3.3): `optional<Node> ratchet_tree<V>`,
 * nodes in left-to-right in-order traversal, leaves at even positions and parents at odd ones,
 * `ParentNode` (§7.1) with its unmerged leaves, `LeafNode` (§7.2) of every source. The decoder
 * enforces the shape rules the RFC puts on the encoding: the node type matches the position, and
 * the last node is not blank (the sender MUST NOT include trailing blanks; the receiver MUST check).
 */
import {
  type Codec,
  CodecErrorCode,
  decode,
  encode,
  opaque,
  optional,
  Reader,
  uint32,
  vector,
  type Writer,
} from "@mlskit/codec";
import { type LeafNode, leafNodeCodec } from "@mlskit/key-packages";
import { completeWidth } from "./tree-math.js";
import { wireStruct } from "./wire-struct.js";

/**
 * `enum { reserved(0), leaf(1), parent(2), (255) } NodeType;`
 * @see RFC 9420 §7.8
 * @example
 * ```ts
 * NodeType.parent; // 2
 * ```
 */
export const NodeType = Object.freeze({ leaf: 1, parent: 2 } as const);
/** One of the values of {@link NodeType}. */
export type NodeType = (typeof NodeType)[keyof typeof NodeType];

/**
 * ```tls
 * struct {
 *     HPKEPublicKey encryption_key;
 *     opaque parent_hash<V>;
 *     uint32 unmerged_leaves<V>;
 * } ParentNode;
 * ```
 * @see RFC 9420 §7.1
 * @example
 * ```ts
 * const p: ParentNode = { encryptionKey, parentHash: new Uint8Array(0), unmergedLeaves: [] };
 * ```
 */
export interface ParentNode {
  readonly encryptionKey: Uint8Array;
  readonly parentHash: Uint8Array;
  /** Leaf indices, which the RFC requires in increasing order (checked by `openWelcome`, W-29). */
  readonly unmergedLeaves: readonly number[];
}

/**
 * A leaf node of the tree.
 * @example
 * ```ts
 * const n: LeafTreeNode = { nodeType: 1, leafNode };
 * ```
 */
export interface LeafTreeNode {
  readonly nodeType: 1;
  readonly leafNode: LeafNode;
}

/**
 * A parent node of the tree.
 * @example
 * ```ts
 * const n: ParentTreeNode = { nodeType: 2, parentNode };
 * ```
 */
export interface ParentTreeNode {
  readonly nodeType: 2;
  readonly parentNode: ParentNode;
}

/**
 * ```tls
 * struct {
 *     NodeType node_type;
 *     select (Node.node_type) {
 *         case leaf:   LeafNode leaf_node;
 *         case parent: ParentNode parent_node;
 *     };
 * } Node;
 * ```
 * @see RFC 9420 §12.4.3.3
 * @example
 * ```ts
 * if (node?.nodeType === NodeType.leaf) console.log(node.leafNode.credential);
 * ```
 */
export type TreeNode = LeafTreeNode | ParentTreeNode;

/**
 * A ratchet tree: one entry per node in array order, `undefined` for a blank node. As received, it
 * has no trailing blank nodes; positions past its end are blank.
 *
 * @example
 * ```ts
 * const leaves = joined.ratchetTree.filter((n, i) => i % 2 === 0 && n !== undefined).length;
 * ```
 */
export type RatchetTree = readonly (TreeNode | undefined)[];

/**
 * Strict codec of {@link ParentNode}.
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * encode(parentNodeCodec, { encryptionKey, parentHash: new Uint8Array(0), unmergedLeaves: [3] });
 * ```
 */
export const parentNodeCodec: Codec<ParentNode> = wireStruct<ParentNode>({
  encryptionKey: ["encryption_key", opaque],
  parentHash: ["parent_hash", opaque],
  unmergedLeaves: ["unmerged_leaves", vector(uint32)],
});

/**
 * Strict codec of one {@link TreeNode}; `node_type` must be leaf or parent.
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * encode(treeNodeCodec, { nodeType: 1, leafNode });
 * ```
 */
export const treeNodeCodec: Codec<TreeNode> = Object.freeze({
  encode(w: Writer, n: TreeNode) {
    w.uint8(n.nodeType);
    if (n.nodeType === NodeType.leaf) leafNodeCodec.encode(w, n.leafNode);
    else if (n.nodeType === NodeType.parent) parentNodeCodec.encode(w, n.parentNode);
    else throw new RangeError(`"nodeType" ${(n as { nodeType: unknown }).nodeType} is not 1 or 2`);
  },
  decode(r: Reader): TreeNode {
    const at = r.offset;
    r.enter("node_type");
    const nodeType = r.uint8();
    r.leave();
    if (nodeType === NodeType.leaf) {
      r.enter("leaf_node");
      const leafNode = leafNodeCodec.decode(r);
      r.leave();
      return { nodeType, leafNode };
    }
    if (nodeType === NodeType.parent) {
      r.enter("parent_node");
      const parentNode = parentNodeCodec.decode(r);
      r.leave();
      return { nodeType, parentNode };
    }
    r.enter("node_type");
    return r.fail(CodecErrorCode.invalidValue, `node_type ${nodeType} is not leaf (1) or parent (2)`, at);
  },
});

const optionalNode = optional(treeNodeCodec);

/**
 * Strict codec of `optional<Node> ratchet_tree<V>`. Beyond the presentation language it enforces
 * RFC 9420 §12.4.3.3: the tree is not empty, its last node is not blank, leaves sit at even
 * positions and parents at odd ones (`CODEC_INVALID_VALUE`), and its width fits uint32 leaf
 * indices.
 *
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * const tree = decode(ratchetTreeCodec, extension.extensionData, "ratchet_tree");
 * ```
 */
export const ratchetTreeCodec: Codec<RatchetTree> = Object.freeze({
  encode(w: Writer, tree: RatchetTree) {
    if (!Array.isArray(tree)) throw new TypeError(`"ratchetTree" expected an array`);
    w.withLength(() => {
      for (const n of tree) optionalNode.encode(w, n);
    });
  },
  decode(r: Reader): RatchetTree {
    const start = r.offset;
    return r.withLength(() => {
      const nodes: (TreeNode | undefined)[] = [];
      let lastAt = start;
      while (r.remaining > 0) {
        const i = nodes.length;
        lastAt = r.offset;
        r.enter(i);
        const n = optionalNode.decode(r);
        // §12.4.3.3 / Appendix C: leaf L is at position 2L, parents at odd positions.
        const expected = i % 2 === 0 ? NodeType.leaf : NodeType.parent;
        if (n !== undefined && n.nodeType !== expected) {
          r.fail(
            CodecErrorCode.invalidValue,
            `a ${n.nodeType === NodeType.leaf ? "leaf" : "parent"} node at position ${i}, where a ${expected === NodeType.leaf ? "leaf" : "parent"} belongs`,
            lastAt,
          );
        }
        r.leave();
        nodes.push(n);
      }
      if (nodes.length === 0) r.fail(CodecErrorCode.invalidValue, "the ratchet tree has no nodes", start);
      // §12.4.3.3: "The receiver MUST check that the last node in ratchet_tree is non-blank".
      if (nodes[nodes.length - 1] === undefined) {
        r.enter(nodes.length - 1);
        r.fail(CodecErrorCode.invalidValue, "the last node of the ratchet tree is blank", lastAt);
      }
      // Leaf indices are uint32 (LeafNodeHashInput, unmerged_leaves, GroupInfo.signer).
      if (completeWidth(nodes.length) > 0xffffffff) {
        r.fail(CodecErrorCode.valueOutOfRange, "the ratchet tree is too wide for uint32 leaf indices", start);
      }
      return nodes;
    });
  },
});

/**
 * Decode a TLS-encoded ratchet tree (the `ratchet_tree` extension's data, or the same bytes
 * obtained out of band).
 *
 * @param bytes - `optional<Node> ratchet_tree<V>` (byte fields of the result are views of it)
 * @returns the tree, without trailing blank nodes
 * @throws CodecError naming the field path and offset
 * @example
 * ```ts
 * const tree = decodeRatchetTree(bytesFromTheDeliveryService);
 * ```
 */
export function decodeRatchetTree(bytes: Uint8Array): RatchetTree {
  // The Reader throws the TypeError for bytes that are not a Uint8Array (a Reader included).
  return decode(ratchetTreeCodec, new Reader(bytes), "ratchet_tree");
}

/**
 * Encode a ratchet tree as `optional<Node> ratchet_tree<V>`.
 * @param tree - the nodes (trailing blank nodes are the caller's to trim: the RFC forbids them)
 * @returns the encoding
 * @example
 * ```ts
 * const extensionData = encodeRatchetTree(joined.ratchetTree);
 * ```
 */
export function encodeRatchetTree(tree: RatchetTree): Uint8Array {
  return encode(ratchetTreeCodec, tree);
}

/**
 * The number of leaves of a tree once it is extended to a complete tree.
 * @param tree - the nodes as received
 * @returns `(width + 1) / 2`
 * @example
 * ```ts
 * leafCount(tree); // 4 for a tree of 5 to 7 nodes
 * ```
 */
export function leafCount(tree: RatchetTree): number {
  return (completeWidth(tree.length) + 1) / 2;
}

/**
 * The leaf node at a leaf index, or undefined when that leaf is blank or past the tree's end.
 * @param tree - the nodes
 * @param leafIndex - the leaf index
 * @returns the LeafNode, if any
 * @example
 * ```ts
 * const signerLeaf = leafAt(tree, groupInfo.signer);
 * ```
 */
export function leafAt(tree: RatchetTree, leafIndex: number): LeafNode | undefined {
  const n = tree[2 * leafIndex];
  return n?.nodeType === NodeType.leaf ? n.leafNode : undefined;
}

/**
 * The parent node at a node index, or undefined when it is blank or past the tree's end.
 * @param tree - the nodes
 * @param nodeIndex - an odd node index
 * @returns the ParentNode, if any
 * @example
 * ```ts
 * const rootNode = parentAt(tree, 3);
 * ```
 */
export function parentAt(tree: RatchetTree, nodeIndex: number): ParentNode | undefined {
  const n = tree[nodeIndex];
  return n?.nodeType === NodeType.parent ? n.parentNode : undefined;
}
