/**
 * @module tree-math
 * Array-based ratchet trees (RFC 9420 Appendix C): node indices in a left-to-right in-order
 * traversal, leaves at even indices (leaf `L` at node `2L`), parents at odd ones. Every tree here is
 * complete — `2^(d+1) − 1` nodes — because a received tree is extended to that size with blank
 * nodes (RFC 9420 §12.4.3.3) before it is used.
 */

/**
 * The level of a node: 0 for leaves, the number of trailing 1 bits otherwise.
 *
 * @param x - node index
 * @returns its level
 * @example
 * ```ts
 * level(0); // 0 (a leaf)
 * level(3); // 2
 * ```
 */
export function level(x: number): number {
  let k = 0;
  while (((x >>> k) & 1) === 1) k++;
  return k;
}

/**
 * The number of nodes of a complete tree that holds `nodeCount` nodes: the smallest `2^(d+1) − 1`
 * that is at least `nodeCount`.
 *
 * @param nodeCount - the length of a received `ratchet_tree` (at least 1)
 * @returns the width of the extended tree
 * @example
 * ```ts
 * completeWidth(5); // 7
 * ```
 */
export function completeWidth(nodeCount: number): number {
  let w = 1;
  while (w < nodeCount) w = 2 * w + 1;
  return w;
}

/**
 * The root of a complete tree of `width` nodes.
 *
 * @param width - `2^(d+1) − 1`
 * @returns the root's node index, `2^d − 1`
 * @example
 * ```ts
 * root(7); // 3
 * ```
 */
export function root(width: number): number {
  return (width - 1) >>> 1;
}

/**
 * The left child of a parent node.
 * @param x - a parent node index (level ≥ 1)
 * @returns the left child
 * @example
 * ```ts
 * left(3); // 1
 * ```
 */
export function left(x: number): number {
  const k = level(x);
  return x ^ (1 << (k - 1));
}

/**
 * The right child of a parent node.
 * @param x - a parent node index (level ≥ 1)
 * @returns the right child
 * @example
 * ```ts
 * right(3); // 5
 * ```
 */
export function right(x: number): number {
  const k = level(x);
  return x ^ (3 << (k - 1));
}

/**
 * The parent of a node in a complete tree (the caller makes sure `x` is not the root).
 * @param x - node index
 * @returns its parent
 * @example
 * ```ts
 * parent(1); // 3
 * ```
 */
export function parent(x: number): number {
  const k = level(x);
  const b = (x >>> (k + 1)) & 1;
  return (x | (1 << k)) ^ (b << (k + 1));
}

/**
 * The other child of `x`'s parent.
 * @param x - node index (not the root)
 * @returns its sibling
 * @example
 * ```ts
 * sibling(0); // 2
 * ```
 */
export function sibling(x: number): number {
  const p = parent(x);
  return x < p ? right(p) : left(p);
}

/**
 * The direct path of a node, from its parent up to and including the root.
 * @param x - node index
 * @param width - width of the complete tree
 * @returns node indices, leaf side first
 * @example
 * ```ts
 * directPath(0, 7); // [1, 3]
 * ```
 */
export function directPath(x: number, width: number): number[] {
  const r = root(width);
  const out: number[] = [];
  let n = x;
  while (n !== r) {
    n = parent(n);
    out.push(n);
  }
  return out;
}

/**
 * Whether `x` lies in the subtree rooted at `ancestor` (a node is in its own subtree).
 * @param x - node index
 * @param ancestor - root of the subtree
 * @returns whether `x` is `ancestor` or one of its descendants
 * @example
 * ```ts
 * isInSubtree(4, 3); // true
 * ```
 */
export function isInSubtree(x: number, ancestor: number): boolean {
  const k = level(ancestor);
  // The subtree of a node at level k spans the 2^(k+1) − 1 indices centred on it.
  const span = (1 << k) - 1;
  return x >= ancestor - span && x <= ancestor + span;
}

/**
 * The lowest common ancestor of two nodes.
 * @param a - node index
 * @param b - node index
 * @returns the lowest node whose subtree holds both
 * @example
 * ```ts
 * commonAncestor(0, 4); // 3
 * ```
 */
export function commonAncestor(a: number, b: number): number {
  let x = a;
  while (!isInSubtree(b, x)) x = parent(x);
  return x;
}
