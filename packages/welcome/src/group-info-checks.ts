/**
 * @module group-info-checks
 * The GroupInfo checks of opening a Welcome (RFC 9420 §12.4.3.1) that need no signature: version,
 * cipher suite and extensions (W-11 … W-15), where the ratchet tree comes from (W-18, W-19), and
 * finding our own leaf (W-36).
 * @internal
 */
import { bytesEqual, encode } from "@mlskit/codec";
import { MlsError } from "@mlskit/errors";
import {
  ExtensionType,
  findDuplicateExtensionType,
  findExtension,
  isDefaultExtensionType,
  isExtensionAllowedIn,
  parseRequiredCapabilities,
  type RequiredCapabilities,
} from "@mlskit/extensions";
import { type KeyPackageBundle, leafNodeCodec, ProtocolVersion } from "@mlskit/key-packages";
import { checkSameCipherSuite, fail, hex4 } from "./check.js";
import type { GroupInfo } from "./group-info.js";
import { decodeRatchetTree, leafAt, leafCount, type RatchetTree } from "./ratchet-tree.js";

/** W-11 … W-15: version, suite and extensions of the GroupInfo. @internal */
export function checkGroupInfoFields(
  gi: GroupInfo,
  bundle: KeyPackageBundle,
  messageVersion: number | undefined,
): RequiredCapabilities | undefined {
  const gc = gi.groupContext;
  const kp = bundle.keyPackage;
  if (
    gc.version !== ProtocolVersion.mls10 ||
    gc.version !== kp.version ||
    (messageVersion !== undefined && messageVersion !== gc.version)
  ) {
    fail(
      "W-11",
      `group version ${gc.version}, key package version ${kp.version}, message version ${messageVersion}`,
      {
        version: gc.version,
        keyPackageVersion: kp.version,
        messageVersion,
      },
    );
  }
  checkSameCipherSuite("W-12", "the group's", gc.cipherSuite, kp.cipherSuite);
  for (const [list, where] of [
    [gc.extensions, "GroupContext.extensions"],
    [gi.extensions, "GroupInfo.extensions"],
  ] as const) {
    const dup = findDuplicateExtensionType(list);
    if (dup !== undefined)
      fail("W-13", `extension ${hex4(dup)} appears twice in ${where}`, { extensionType: dup, where });
  }
  // §12.4.3: "Extensions in GroupInfo.group_context.extensions ... MUST be supported by the new joiner."
  const ours = kp.leafNode.capabilities.extensions;
  for (const ext of gc.extensions) {
    const t = ext.extensionType;
    if (!isExtensionAllowedIn(t, "group_context") || !(isDefaultExtensionType(t) || ours.includes(t))) {
      fail(
        "W-14",
        `GroupContext extension ${hex4(t)} is not allowed there or not supported by our key package`,
        {
          extensionType: t,
        },
      );
    }
  }
  const rc = findExtension(gc.extensions, ExtensionType.required_capabilities);
  if (rc === undefined) return undefined;
  try {
    return parseRequiredCapabilities(rc);
  } catch (e) {
    if (!MlsError.is(e)) throw e;
    return fail("W-15", `required_capabilities is malformed: ${e.message}`, { ...e.details }, e);
  }
}

/** W-18, W-19: the tree from the ratchet_tree extension, else the option. @internal */
export function ratchetTreeOf(gi: GroupInfo, option: Uint8Array | undefined): RatchetTree {
  const ext = findExtension(gi.extensions, ExtensionType.ratchet_tree);
  const bytes = ext?.extensionData ?? option;
  if (bytes === undefined) {
    fail("W-18", "the GroupInfo has no ratchet_tree extension and no ratchetTree option was given");
  }
  try {
    return decodeRatchetTree(bytes);
  } catch (e) {
    if (!MlsError.is(e)) throw e;
    return fail(
      "W-19",
      `the ratchet tree is malformed: ${e.message}`,
      { ...e.details, source: ext ? "extension" : "option" },
      e,
    );
  }
}

/** W-36: the leaf equal to our key package's leaf node. @internal */
export function findOwnLeaf(tree: RatchetTree, bundle: KeyPackageBundle): number {
  const own = bundle.keyPackage.leafNode;
  const ownBytes = encode(leafNodeCodec, own);
  const leaves = leafCount(tree);
  for (let l = 0; l < leaves; l++) {
    const leaf = leafAt(tree, l);
    // The signature differs unless the leaf is ours, so compare it first.
    if (
      leaf !== undefined &&
      bytesEqual(leaf.signature, own.signature) &&
      bytesEqual(encode(leafNodeCodec, leaf), ownBytes)
    ) {
      return l;
    }
  }
  return fail("W-36", "no leaf of the tree equals our key package's leaf node");
}
