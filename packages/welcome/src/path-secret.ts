/**
 * @module path-secret
 * The joiner's use of a Welcome's `path_secret` (RFC 9420 §12.4.3.1, §7.4): the path secret of
 * the lowest common ancestor of our leaf and the signer's, then one per non-blank node above it.
 * Each derives a node key pair whose public key MUST equal the one in the tree (check W-37).
 */
import { type CipherSuiteImpl, deriveSecret } from "@mlskit/crypto-provider";
import { constantTimeEqual, fail } from "./check.js";
import { NodeType, type RatchetTree } from "./ratchet-tree.js";
import { commonAncestor, completeWidth, directPath } from "./tree-math.js";

/**
 * Check that the path secret matches the tree: from the common ancestor of leaf `ownLeaf` and leaf
 * `signer` up to the root, the public key of `KEM.DeriveKeyPair(DeriveSecret(path_secret, "node"))`
 * equals each non-blank node's `encryption_key`, with `path_secret` advanced by
 * `DeriveSecret(., "path")` from one such node to the next (§7.4). The derived private keys are
 * zeroed.
 *
 * @param suite - the group's cipher suite
 * @param tree - the ratchet tree
 * @param ownLeaf - our leaf index
 * @param signer - the GroupInfo signer's leaf index (the committer)
 * @param pathSecret - from the GroupSecrets
 * @throws ValidationError W-37 when a derived key differs or the common ancestor is blank
 * @example
 * ```ts
 * if (groupSecrets.pathSecret) await checkPathSecret(suite, tree, ownLeafIndex, groupInfo.signer, groupSecrets.pathSecret);
 * ```
 */
export async function checkPathSecret(
  suite: CipherSuiteImpl,
  tree: RatchetTree,
  ownLeaf: number,
  signer: number,
  pathSecret: Uint8Array,
): Promise<void> {
  const width = completeWidth(tree.length);
  const lca = commonAncestor(2 * ownLeaf, 2 * signer);
  const nodes = [lca, ...directPath(lca, width)].filter((x) => tree[x] !== undefined);
  if (nodes[0] !== lca) {
    fail("W-37", `the common ancestor (node ${lca}) of our leaf and the signer's is blank`, {
      nodeIndex: lca,
    });
  }
  let secret: Uint8Array = pathSecret.slice();
  try {
    for (const x of nodes) {
      const n = tree[x]!;
      const nodeSecret = await deriveSecret(suite, secret, "node");
      const { publicKey, privateKey } = await suite.hpke.deriveKeyPair(nodeSecret);
      nodeSecret.fill(0);
      privateKey.fill(0);
      const expected = n.nodeType === NodeType.parent ? n.parentNode.encryptionKey : n.leafNode.encryptionKey;
      if (!constantTimeEqual(publicKey, expected)) {
        fail("W-37", `the key derived from path_secret differs from node ${x}'s encryption_key`, {
          nodeIndex: x,
        });
      }
      const next = await deriveSecret(suite, secret, "path");
      secret.fill(0);
      secret = next;
    }
  } finally {
    secret.fill(0);
  }
}
