/**
 * @module validate-tree
 * The joiner's verification of a ratchet tree (RFC 9420 §12.4.3.1 "Verify the integrity of the
 * ratchet tree"): key formats, every leaf validated as §7.3 says, unique keys, unmerged leaves,
 * parent hashes (W-21 … W-30), then every leaf signature, then policy (lifetimes, credentials;
 * W-33 … W-35). The tree hash (W-20) is checked by `openWelcome` before this runs.
 *
 * Sizes come from the cipher-suite registry (`cipherSuiteInfo`), so a suite added there is checked
 * with no code here; a suite outside the registry gets no format checks (its signatures still are).
 */
import { toHex, Writer } from "@mlskit/codec";
import type { CredentialValidator } from "@mlskit/credentials";
import { type CipherSuiteImpl, type CipherSuiteInfo, KemId, verifyWithLabel } from "@mlskit/crypto-provider";
import { MlsError, ValidationError } from "@mlskit/errors";
import {
  findDuplicateExtensionType,
  isDefaultExtensionType,
  isExtensionAllowedIn,
  type RequiredCapabilities,
} from "@mlskit/extensions";
import {
  DEFAULT_LIFETIME_POLICY,
  isDefaultProposalType,
  type LeafNode,
  LeafNodeSource,
  leafNodeTbsBytes,
} from "@mlskit/key-packages";
import { fail, hex4 } from "./check.js";
import { findInvalidParentHash } from "./parent-hash.js";
import { NodeType, type RatchetTree } from "./ratchet-tree.js";
import { completeWidth, directPath, isInSubtree } from "./tree-math.js";

/** What {@link validateRatchetTree} needs besides the tree. */
export interface TreeValidationInput {
  readonly suite: CipherSuiteImpl;
  /** The suite's registry row, or undefined for a suite outside the registry. */
  readonly info: CipherSuiteInfo | undefined;
  readonly tree: RatchetTree;
  /** Tree hashes of `tree` (already checked against the GroupContext). */
  readonly hashes: readonly Uint8Array[];
  readonly groupId: Uint8Array;
  readonly requiredCapabilities: RequiredCapabilities | undefined;
  readonly now: bigint;
  readonly credentialValidator: CredentialValidator | undefined;
}

// RFC 9180 §7.1: the DHKEMs over NIST curves serialize public keys as SEC1 uncompressed points.
const SEC1_KEMS: ReadonlySet<number> = new Set([
  KemId.DHKEM_P256_HKDF_SHA256,
  KemId.DHKEM_P384_HKDF_SHA384,
  KemId.DHKEM_P521_HKDF_SHA512,
]);

interface Leaf {
  readonly leafIndex: number;
  readonly leaf: LeafNode;
}

function leavesOf(tree: RatchetTree): Leaf[] {
  const out: Leaf[] = [];
  for (let x = 0; x < tree.length; x += 2) {
    const n = tree[x];
    if (n?.nodeType === NodeType.leaf) out.push({ leafIndex: x >>> 1, leaf: n.leafNode });
  }
  return out;
}

function checkKeyFormats(tree: RatchetTree, info: CipherSuiteInfo): void {
  const sec1 = SEC1_KEMS.has(info.kemId);
  tree.forEach((n, x) => {
    if (n === undefined) return;
    const key = n.nodeType === NodeType.leaf ? n.leafNode.encryptionKey : n.parentNode.encryptionKey;
    const where = n.nodeType === NodeType.leaf ? `leaf ${x >>> 1}` : `parent node ${x}`;
    if (key.length !== info.hpkePublicKeySize || (sec1 && key[0] !== 0x04)) {
      fail("W-21", `${where}: encryption_key is not a ${info.kemName} public key`, {
        nodeIndex: x,
        length: key.length,
      });
    }
    if (n.nodeType !== NodeType.leaf) return;
    const sk = n.leafNode.signatureKey;
    // RFC 9420 §5.1.1: ECDSA keys are uncompressed SEC1 points (a compressed key is rejected here).
    if (sk.length !== info.signaturePublicKeySize || (info.signatureEncoding === "der" && sk[0] !== 0x04)) {
      fail("W-22", `${where}: signature_key is not an ${info.signatureName} public key`, {
        leafIndex: x >>> 1,
        length: sk.length,
      });
    }
  });
}

function checkLeafExtensions(leaves: readonly Leaf[]): void {
  for (const { leafIndex, leaf } of leaves) {
    const dup = findDuplicateExtensionType(leaf.extensions);
    // §13.4: no list of extensions holds one type twice.
    if (dup !== undefined) {
      fail("W-23", `leaf ${leafIndex}: extension ${hex4(dup)} appears twice`, {
        leafIndex,
        extensionType: dup,
      });
    }
  }
  for (const { leafIndex, leaf } of leaves) {
    for (const ext of leaf.extensions) {
      const t = ext.extensionType;
      // §7.3: every extension is listed in capabilities.extensions (default types never are, §7.2);
      // §17.3: and may appear in a LeafNode at all.
      if (
        !isExtensionAllowedIn(t, "leaf_node") ||
        !(isDefaultExtensionType(t) || leaf.capabilities.extensions.includes(t))
      ) {
        fail(
          "W-24",
          `leaf ${leafIndex}: extension ${hex4(t)} is not supported by the leaf or not allowed in a LeafNode`,
          {
            leafIndex,
            extensionType: t,
          },
        );
      }
    }
  }
}

function checkCapabilities(leaves: readonly Leaf[], rc: RequiredCapabilities | undefined): void {
  if (rc !== undefined) {
    for (const { leafIndex, leaf } of leaves) {
      const caps = leaf.capabilities;
      // §11.1: default extension and proposal types are supported by everyone (and never listed).
      const missing =
        rc.extensionTypes.find((t) => !isDefaultExtensionType(t) && !caps.extensions.includes(t)) ??
        rc.proposalTypes.find((t) => !isDefaultProposalType(t) && !caps.proposals.includes(t)) ??
        rc.credentialTypes.find((t) => !caps.credentials.includes(t));
      if (missing !== undefined) {
        fail("W-25", `leaf ${leafIndex}: capabilities lack the required type ${hex4(missing)}`, {
          leafIndex,
          type: missing,
        });
      }
    }
  }
  // §7.3: the credential type of each member is supported by all members.
  const inUse = new Set(leaves.map((l) => l.leaf.credential.credentialType));
  for (const { leafIndex, leaf } of leaves) {
    for (const t of inUse) {
      if (!leaf.capabilities.credentials.includes(t)) {
        fail(
          "W-26",
          `leaf ${leafIndex}: capabilities do not list credential type ${hex4(t)}, which a member uses`,
          {
            leafIndex,
            credentialType: t,
          },
        );
      }
    }
  }
}

function checkUniqueKeys(tree: RatchetTree, leaves: readonly Leaf[]): void {
  // §7.3: signature_key and encryption_key are unique among the members; §12.4.3.1: a parent's
  // encryption key appears in no other node.
  const signers = new Map<string, number>();
  for (const { leafIndex, leaf } of leaves) {
    const k = toHex(leaf.signatureKey);
    const other = signers.get(k);
    if (other !== undefined) {
      fail("W-27", `leaves ${other} and ${leafIndex} have the same signature_key`, {
        leafIndex,
        otherLeafIndex: other,
      });
    }
    signers.set(k, leafIndex);
  }
  const keys = new Map<string, number>();
  tree.forEach((n, x) => {
    if (n === undefined) return;
    const k = toHex(n.nodeType === NodeType.leaf ? n.leafNode.encryptionKey : n.parentNode.encryptionKey);
    const other = keys.get(k);
    if (other !== undefined) {
      fail("W-28", `nodes ${other} and ${x} have the same encryption_key`, {
        nodeIndex: x,
        otherNodeIndex: other,
      });
    }
    keys.set(k, x);
  });
}

function checkUnmergedLeaves(tree: RatchetTree): void {
  const width = completeWidth(tree.length);
  for (let x = 1; x < tree.length; x += 2) {
    const n = tree[x];
    if (n?.nodeType !== NodeType.parent) continue;
    const unmerged = n.parentNode.unmergedLeaves;
    unmerged.forEach((l, i) => {
      // §7.1: "The entries in the unmerged_leaves vector MUST be sorted in increasing order."
      if (i > 0 && l <= unmerged[i - 1]!) {
        fail("W-29", `parent node ${x}: unmerged_leaves are not strictly increasing`, {
          nodeIndex: x,
          leafIndex: l,
        });
      }
      const leafNode = 2 * l;
      // §12.4.3.1: the entry is a non-blank leaf below the parent ...
      if (leafNode >= width || !isInSubtree(leafNode, x) || tree[leafNode] === undefined) {
        fail("W-29", `parent node ${x}: unmerged leaf ${l} is not a non-blank leaf below it`, {
          nodeIndex: x,
          leafIndex: l,
        });
      }
      // ... and every non-blank node between them lists it too.
      for (const y of directPath(leafNode, width)) {
        if (y === x) break;
        const between = tree[y];
        if (between?.nodeType === NodeType.parent && !between.parentNode.unmergedLeaves.includes(l)) {
          fail("W-29", `parent node ${y} below ${x} does not list unmerged leaf ${l}`, {
            nodeIndex: y,
            leafIndex: l,
          });
        }
      }
    });
  }
}

/**
 * The LeafNodeTBS of a leaf in a group (RFC 9420 §7.2): the leaf's content, followed for the
 * update and commit sources by `opaque group_id<V>; uint32 leaf_index;`.
 *
 * @param leaf - the leaf node
 * @param groupId - the group's id
 * @param leafIndex - the leaf's index in the tree
 * @returns the bytes signed with label "LeafNodeTBS"
 * @example
 * ```ts
 * const tbs = leafNodeTbsInGroup(leaf, groupContext.groupId, 3);
 * ```
 */
export function leafNodeTbsInGroup(leaf: LeafNode, groupId: Uint8Array, leafIndex: number): Uint8Array {
  const content = leafNodeTbsBytes({ leafNode: leaf });
  if (leaf.leafNodeSource === LeafNodeSource.key_package) return content;
  const w = new Writer(content.length + groupId.length + 8);
  w.bytes(content);
  w.withLength(() => w.bytes(groupId));
  w.uint32(leafIndex);
  return w.finish();
}

async function checkLeafSignatures(input: TreeValidationInput, leaves: readonly Leaf[]): Promise<void> {
  const results = await Promise.all(
    leaves.map(({ leafIndex, leaf }) =>
      verifyWithLabel(
        input.suite,
        leaf.signatureKey,
        "LeafNodeTBS",
        leafNodeTbsInGroup(leaf, input.groupId, leafIndex),
        leaf.signature,
      ).catch((e: unknown) => {
        // A key the backend refuses to import cannot have produced a valid signature.
        if (MlsError.is(e)) return false;
        throw e;
      }),
    ),
  );
  const bad = results.indexOf(false);
  if (bad !== -1) {
    const { leafIndex, leaf } = leaves[bad]!;
    fail("W-33", `leaf ${leafIndex}: the LeafNodeTBS signature does not verify`, {
      leafIndex,
      leafNodeSource: leaf.leafNodeSource,
    });
  }
}

function checkLifetimes(leaves: readonly Leaf[], now: bigint): void {
  // §7.3: for a received tree the check is RECOMMENDED (a leaf may have expired in transit); we
  // make it, with the clock skew key packages get.
  const skew = BigInt(DEFAULT_LIFETIME_POLICY.clockSkewSeconds);
  for (const { leafIndex, leaf } of leaves) {
    if (leaf.leafNodeSource !== LeafNodeSource.key_package || leaf.lifetime === undefined) continue;
    const { notBefore, notAfter } = leaf.lifetime;
    if (notAfter < notBefore || now + skew < notBefore || now - skew > notAfter) {
      fail("W-34", `leaf ${leafIndex}: lifetime [${notBefore}, ${notAfter}] does not contain now (${now})`, {
        leafIndex,
        notBefore,
        notAfter,
        now,
      });
    }
  }
}

async function checkCredentials(input: TreeValidationInput, leaves: readonly Leaf[]): Promise<void> {
  const validator = input.credentialValidator;
  if (validator === undefined) return;
  for (const { leafIndex, leaf } of leaves) {
    try {
      await validator.validate(leaf.credential, leaf.signatureKey, { now: input.now });
    } catch (e) {
      // Keep the validator's own code (e.g. an X.509 failure) and add the check id.
      if (e instanceof ValidationError) {
        throw new ValidationError(e.code, `W-35: leaf ${leafIndex}: credential rejected: ${e.message}`, {
          details: { ...e.details, check: "W-35", leafIndex },
          cause: e,
        });
      }
      fail(
        "W-35",
        `leaf ${leafIndex}: credential rejected: ${e instanceof Error ? e.message : String(e)}`,
        { leafIndex },
        e,
      );
    }
  }
}

/**
 * The structural half of {@link validateRatchetTree} (checks W-21 … W-30): key formats, leaf
 * extensions and capabilities, unique keys, unmerged leaves, parent hashes. No signature is
 * verified, so `openWelcome` runs it before the GroupInfo signature: a signer key in the wrong
 * format is named as such (W-22), not as a bad signature.
 *
 * @param input - the tree, its hashes, the suite and required capabilities
 * @throws ValidationError with the failing check's code and `details.check`
 * @example
 * ```ts
 * await checkRatchetTreeStructure(input);
 * ```
 */
export async function checkRatchetTreeStructure(input: TreeValidationInput): Promise<void> {
  const { tree, info } = input;
  const leaves = leavesOf(tree);
  if (info !== undefined) checkKeyFormats(tree, info);
  checkLeafExtensions(leaves);
  checkCapabilities(leaves, input.requiredCapabilities);
  checkUniqueKeys(tree, leaves);
  checkUnmergedLeaves(tree);
  const invalid = await findInvalidParentHash(input.suite, tree, input.hashes);
  if (invalid !== undefined) {
    fail(
      "W-30",
      `parent node ${invalid.nodeIndex} is chained by ${invalid.chains} descendants' parent hashes, not exactly one`,
      invalid,
    );
  }
}

/**
 * The leaf half of {@link validateRatchetTree} (checks W-33 … W-35): every leaf signature, then
 * the lifetimes of key_package leaves, then the credentials.
 *
 * @param input - the tree, the group id, the clock and the credential validator
 * @throws ValidationError with the failing check's code and `details.check`
 * @example
 * ```ts
 * await checkRatchetTreeLeaves(input);
 * ```
 */
export async function checkRatchetTreeLeaves(input: TreeValidationInput): Promise<void> {
  const leaves = leavesOf(input.tree);
  await checkLeafSignatures(input, leaves);
  checkLifetimes(leaves, input.now);
  await checkCredentials(input, leaves);
}

/**
 * Verify a ratchet tree as a joiner must (RFC 9420 §12.4.3.1): the structure (W-21 … W-30), then
 * every leaf (W-33 … W-35). The tree hash (W-20) and the GroupInfo signature (W-31, W-32) belong
 * to `openWelcome`, which runs them around these.
 *
 * @param input - the tree, its hashes, the group's id, suite and required capabilities, the clock
 * @throws ValidationError with the failing check's code and `details.check`
 * @example
 * ```ts
 * await validateRatchetTree({ suite, info, tree, hashes, groupId, requiredCapabilities, now, credentialValidator });
 * ```
 */
export async function validateRatchetTree(input: TreeValidationInput): Promise<void> {
  await checkRatchetTreeStructure(input);
  await checkRatchetTreeLeaves(input);
}
