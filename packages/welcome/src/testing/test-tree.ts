/**
 * @module testing/test-tree
 * A small ratchet-tree engine for tests and benchmarks: the group history a committer's side
 * would produce (members added, removed, UpdatePaths with parent hashes, RFC 9420 §7.4–§7.9), so
 * that Welcomes built from it exercise every part of a joiner's verification — parent nodes with
 * unmerged leaves, commit-source leaves, path secrets. It is the sender's side of what
 * `openWelcome` checks; it reuses the library's own tree hash, parent hash and LeafNodeTBS.
 */
import { basicCredential, type Credential } from "@mlskit/credentials";
import { type CipherSuiteImpl, deriveSecret, type KeyPair, signWithLabel } from "@mlskit/crypto-provider";
import type { Extension } from "@mlskit/extensions";
import { type Capabilities, type LeafNode, LeafNodeSource } from "@mlskit/key-packages";
import { parentHash, resolution } from "../parent-hash.js";
import { NodeType, type ParentNode, type TreeNode } from "../ratchet-tree.js";
import { treeHashes } from "../tree-hash.js";
import { completeWidth, directPath, isInSubtree, left, right } from "../tree-math.js";
import { leafNodeTbsInGroup } from "../validate-tree.js";

/** An existing member of a test group: its leaf index and private keys. */
export interface TestMember {
  readonly leafIndex: number;
  readonly credential: Credential;
  readonly signatureKeyPair: KeyPair;
  /** The private key of its leaf's current encryption key. */
  encryptionPrivateKey: Uint8Array;
}

/** What a {@link TestTree} builds leaves with. */
export interface TestTreeOptions {
  readonly suite: CipherSuiteImpl;
  readonly groupId: Uint8Array;
  /** Seconds since the epoch: key_package leaves are valid from an hour before to 84 days after. */
  readonly now: bigint;
  /** Capabilities of the members' leaves (default: mls10, the suite, basic credentials). */
  readonly capabilities?: Partial<Capabilities>;
  /** Extensions of the members' leaves. */
  readonly leafExtensions?: readonly Extension[];
}

/**
 * A mutable array-based ratchet tree with the operations a group's history is made of.
 *
 * @example
 * ```ts
 * const t = new TestTree({ suite, groupId, now });
 * await t.addMembers(4);
 * await t.commit(1);           // member 1 sends an UpdatePath
 * t.addLeaf(joinerLeafNode);   // an Add: unmerged at every non-blank parent above it
 * const pathSecrets = await t.commit(0);
 * ```
 */
export class TestTree {
  /** Nodes in array order; `undefined` is blank. Trailing blanks are trimmed by {@link TestTree.nodes}. */
  readonly #nodes: (TreeNode | undefined)[] = [];
  /** Members by leaf index (leaves added from key packages have no entry). */
  readonly members = new Map<number, TestMember>();
  readonly #opts: TestTreeOptions;

  /** @param opts - suite, group id, clock, leaf capabilities */
  constructor(opts: TestTreeOptions) {
    this.#opts = opts;
  }

  /** The tree without trailing blank nodes (the form that is sent, RFC 9420 §12.4.3.3). */
  get nodes(): (TreeNode | undefined)[] {
    const out = [...this.#nodes];
    while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
    return out;
  }

  /** Width of the complete tree. */
  get width(): number {
    return completeWidth(Math.max(1, this.#nodes.length));
  }

  #capabilities(): Capabilities {
    const c = this.#opts.capabilities ?? {};
    return {
      versions: c.versions ?? [1],
      cipherSuites: c.cipherSuites ?? [this.#opts.suite.id],
      extensions: c.extensions ?? [],
      proposals: c.proposals ?? [],
      credentials: c.credentials ?? [1],
    };
  }

  /**
   * Sign a leaf's content as the member at `leafIndex` would (LeafNodeTBS with group context for
   * the update and commit sources).
   * @param leaf - the leaf (its signature is replaced)
   * @param leafIndex - its index
   * @param signaturePrivateKey - the signer's key
   * @returns the signed leaf
   */
  async signLeaf(leaf: LeafNode, leafIndex: number, signaturePrivateKey: Uint8Array): Promise<LeafNode> {
    const tbs = leafNodeTbsInGroup(leaf, this.#opts.groupId, leafIndex);
    return {
      ...leaf,
      signature: await signWithLabel(this.#opts.suite, signaturePrivateKey, "LeafNodeTBS", tbs),
    };
  }

  /** The node at `x` (blank past the end). */
  node(x: number): TreeNode | undefined {
    return this.#nodes[x];
  }

  /** Replace the node at `x` (extending the array as needed). */
  setNode(x: number, n: TreeNode | undefined): void {
    while (this.#nodes.length <= x) this.#nodes.push(undefined);
    this.#nodes[x] = n;
  }

  #leftmostBlankLeaf(): number {
    for (let x = 0; x < this.#nodes.length; x += 2) if (this.#nodes[x] === undefined) return x >>> 1;
    return (this.#nodes.length + 1) >>> 1;
  }

  /**
   * Add a leaf the way an Add proposal does (RFC 9420 §12.1.1): at the leftmost blank leaf (the
   * tree grows when there is none), listed as unmerged in every non-blank parent above it.
   * @param leaf - the new member's leaf node (from its key package)
   * @returns its leaf index
   */
  addLeaf(leaf: LeafNode): number {
    const l = this.#leftmostBlankLeaf();
    this.setNode(2 * l, { nodeType: NodeType.leaf, leafNode: leaf });
    // Grow to a complete width so parents exist above the new leaf.
    const width = completeWidth(this.#nodes.length);
    for (const p of directPath(2 * l, width)) {
      const n = this.#nodes[p];
      if (n?.nodeType === NodeType.parent) {
        const unmergedLeaves = [...n.parentNode.unmergedLeaves, l].sort((a, b) => a - b);
        this.#nodes[p] = { nodeType: NodeType.parent, parentNode: { ...n.parentNode, unmergedLeaves } };
      }
    }
    return l;
  }

  /**
   * Add `count` members, each with a fresh key_package leaf (signature and encryption keys).
   * @param count - how many
   * @param credential - the credential of member `i` (default `basicCredential("member-<i>")`)
   * @returns their leaf indices
   */
  async addMembers(count: number, credential?: (i: number) => Credential): Promise<number[]> {
    const { suite, now } = this.#opts;
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const signatureKeyPair = await suite.signature.generateKeyPair();
      const enc = await suite.hpke.generateKeyPair();
      const l = this.#leftmostBlankLeaf();
      const cred = credential?.(l) ?? basicCredential(`member-${l}`);
      const leaf = await this.signLeaf(
        {
          encryptionKey: enc.publicKey,
          signatureKey: signatureKeyPair.publicKey,
          credential: cred,
          capabilities: this.#capabilities(),
          leafNodeSource: LeafNodeSource.key_package,
          lifetime: { notBefore: now - 3600n, notAfter: now + 84n * 24n * 3600n },
          extensions: this.#opts.leafExtensions ?? [],
          signature: new Uint8Array(0),
        },
        l,
        signatureKeyPair.privateKey,
      );
      this.addLeaf(leaf);
      this.members.set(l, {
        leafIndex: l,
        credential: cred,
        signatureKeyPair,
        encryptionPrivateKey: enc.privateKey,
      });
      out.push(l);
    }
    return out;
  }

  /**
   * Remove a member (RFC 9420 §12.1.3): blank its leaf and its direct path.
   * @param leafIndex - the member to remove
   */
  remove(leafIndex: number): void {
    const width = this.width;
    this.setNode(2 * leafIndex, undefined);
    for (const p of directPath(2 * leafIndex, width)) this.setNode(p, undefined);
    this.members.delete(leafIndex);
  }

  /**
   * The committer's side of an UpdatePath (RFC 9420 §7.5, §7.9): blank the direct path, give
   * every node of the filtered direct path a key pair from a fresh chain of path secrets, set the
   * parent hashes top-down, and replace the committer's leaf with a signed commit-source leaf.
   *
   * @param leafIndex - the committing member
   * @returns the path secret of every node of the filtered direct path, by node index
   */
  async commit(leafIndex: number): Promise<Map<number, Uint8Array>> {
    const { suite } = this.#opts;
    const member = this.members.get(leafIndex);
    if (member === undefined) throw new Error(`leaf ${leafIndex} is not a member with keys`);
    const width = this.width;
    const x = 2 * leafIndex;
    const path = directPath(x, width);
    for (const p of path) this.setNode(p, undefined);
    // §4.1.2: the filtered direct path leaves out nodes whose copath child has an empty resolution.
    const filtered = path.filter((p) => {
      const child = isInSubtree(x, left(p)) ? right(p) : left(p);
      return resolution(this.#nodes, child).length > 0;
    });
    const secrets = new Map<number, Uint8Array>();
    let pathSecret: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(suite.kdf.size));
    const keys = new Map<number, Uint8Array>();
    for (const p of filtered) {
      secrets.set(p, pathSecret);
      const nodeSecret = await deriveSecret(suite, pathSecret, "node");
      keys.set(p, (await suite.hpke.deriveKeyPair(nodeSecret)).publicKey);
      pathSecret = await deriveSecret(suite, pathSecret, "path");
    }
    // The copath subtrees hold no node of the path, so their tree hashes are final already.
    const hashes = await treeHashes(suite, this.#nodes);
    // §7.9: parent hashes from the root down; the topmost node's parent_hash is empty.
    let above: Uint8Array = new Uint8Array(0);
    for (let i = filtered.length - 1; i >= 0; i--) {
      const p = filtered[i]!;
      const parentNode: ParentNode = { encryptionKey: keys.get(p)!, parentHash: above, unmergedLeaves: [] };
      this.setNode(p, { nodeType: NodeType.parent, parentNode });
      const child = isInSubtree(x, left(p)) ? right(p) : left(p);
      above = await parentHash(suite, parentNode.encryptionKey, above, hashes[child]!);
    }
    const enc = await suite.hpke.generateKeyPair();
    const old = this.#nodes[x];
    if (old?.nodeType !== NodeType.leaf) throw new Error(`leaf ${leafIndex} is blank`);
    const { lifetime: _lifetime, ...rest } = old.leafNode;
    const leaf = await this.signLeaf(
      { ...rest, encryptionKey: enc.publicKey, leafNodeSource: LeafNodeSource.commit, parentHash: above },
      leafIndex,
      member.signatureKeyPair.privateKey,
    );
    this.setNode(x, { nodeType: NodeType.leaf, leafNode: leaf });
    member.encryptionPrivateKey = enc.privateKey;
    return secrets;
  }

  /**
   * An Update (RFC 9420 §12.1.2) as applied: the member's leaf gets a new encryption key and source
   * update, and its direct path is blanked.
   * @param leafIndex - the updating member
   */
  async update(leafIndex: number): Promise<void> {
    const member = this.members.get(leafIndex);
    if (member === undefined) throw new Error(`leaf ${leafIndex} is not a member with keys`);
    const old = this.#nodes[2 * leafIndex];
    if (old?.nodeType !== NodeType.leaf) throw new Error(`leaf ${leafIndex} is blank`);
    const width = this.width;
    for (const p of directPath(2 * leafIndex, width)) this.setNode(p, undefined);
    const enc = await this.#opts.suite.hpke.generateKeyPair();
    const { lifetime: _l, parentHash: _p, ...rest } = old.leafNode;
    const leaf = await this.signLeaf(
      { ...rest, encryptionKey: enc.publicKey, leafNodeSource: LeafNodeSource.update },
      leafIndex,
      member.signatureKeyPair.privateKey,
    );
    this.setNode(2 * leafIndex, { nodeType: NodeType.leaf, leafNode: leaf });
    member.encryptionPrivateKey = enc.privateKey;
  }
}
