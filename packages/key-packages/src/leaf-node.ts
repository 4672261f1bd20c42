/**
 * @module leaf-node
 * The RFC 9420 §7.2 `LeafNode`, its codec and its to-be-signed form `LeafNodeTBS`. mlskit creates
 * and validates leaves of source `key_package`; the other sources decode so that a key package
 * carrying one can be named and rejected by validation rather than by the parser.
 */
import { type Codec, CodecErrorCode, opaque, type Reader, type Writer } from "@mlskit/codec";
import { type Credential, credentialCodec } from "@mlskit/credentials";
import { type Extension, extensionsCodec } from "@mlskit/extensions";
import { type Capabilities, capabilitiesCodec } from "./capabilities.js";
import { type Lifetime, lifetimeCodec } from "./lifetime.js";

/**
 * `enum { reserved(0), key_package(1), update(2), commit(3), (255) } LeafNodeSource;`
 * @see RFC 9420 §7.2
 */
export const LeafNodeSource = Object.freeze({ key_package: 1, update: 2, commit: 3 } as const);
/** One of the values of {@link LeafNodeSource}. */
export type LeafNodeSource = (typeof LeafNodeSource)[keyof typeof LeafNodeSource];

/**
 * ```tls
 * struct {
 *     HPKEPublicKey encryption_key;
 *     SignaturePublicKey signature_key;
 *     Credential credential;
 *     Capabilities capabilities;
 *     LeafNodeSource leaf_node_source;
 *     select (LeafNode.leaf_node_source) {
 *         case key_package: Lifetime lifetime;
 *         case update:      struct{};
 *         case commit:      opaque parent_hash<V>;
 *     };
 *     Extension extensions<V>;
 *     opaque signature<V>;   // SignWithLabel(., "LeafNodeTBS", LeafNodeTBS)
 * } LeafNode;
 * ```
 * `lifetime` is present exactly when the source is `key_package`, `parentHash` when it is `commit`.
 * @see RFC 9420 §7.2
 */
export interface LeafNode {
  readonly encryptionKey: Uint8Array;
  readonly signatureKey: Uint8Array;
  readonly credential: Credential;
  readonly capabilities: Capabilities;
  readonly leafNodeSource: number;
  readonly lifetime?: Lifetime;
  readonly parentHash?: Uint8Array;
  readonly extensions: readonly Extension[];
  readonly signature: Uint8Array;
}

/** A LeafNode without its signature: the content of `LeafNodeTBS` for source key_package. */
export type LeafNodeContent = Omit<LeafNode, "signature">;

/**
 * Write the LeafNode fields that precede `signature`. For source key_package this is exactly
 * `LeafNodeTBS` (RFC 9420 §7.2: the update and commit sources append group_id and leaf_index).
 *
 * @param w - writer
 * @param leaf - the leaf content
 * @example
 * ```ts
 * const w = new Writer(); writeLeafNodeContent(w, leaf); const tbs = w.finish();
 * ```
 */
export function writeLeafNodeContent(w: Writer, leaf: LeafNodeContent): void {
  opaque.encode(w, leaf.encryptionKey);
  opaque.encode(w, leaf.signatureKey);
  credentialCodec.encode(w, leaf.credential);
  capabilitiesCodec.encode(w, leaf.capabilities);
  w.uint8(leaf.leafNodeSource);
  if (leaf.leafNodeSource === LeafNodeSource.key_package) {
    if (leaf.lifetime === undefined)
      throw new TypeError(`"leafNode.lifetime" is required for source key_package`);
    lifetimeCodec.encode(w, leaf.lifetime);
  } else if (leaf.leafNodeSource === LeafNodeSource.commit) {
    if (leaf.parentHash === undefined)
      throw new TypeError(`"leafNode.parentHash" is required for source commit`);
    opaque.encode(w, leaf.parentHash);
  } else if (leaf.leafNodeSource !== LeafNodeSource.update) {
    throw new RangeError(`"leafNode.leafNodeSource" ${leaf.leafNodeSource} is not 1, 2 or 3`);
  }
  extensionsCodec.encode(w, leaf.extensions);
}

/**
 * Read a LeafNode (RFC 9420 §7.2), frozen. The keys of the object are in wire order (the select's
 * field after `leafNodeSource`), one shape per source.
 */
function readLeafNode(r: Reader): LeafNode {
  const encryptionKey = r.opaque("encryption_key");
  const signatureKey = r.opaque("signature_key");
  r.enter("credential");
  const credential = credentialCodec.decode(r);
  r.leave();
  r.enter("capabilities");
  const capabilities = capabilitiesCodec.decode(r);
  r.leave();
  const at = r.offset;
  const leafNodeSource = r.uint8("leaf_node_source");
  if (
    leafNodeSource !== LeafNodeSource.key_package &&
    leafNodeSource !== LeafNodeSource.update &&
    leafNodeSource !== LeafNodeSource.commit
  ) {
    r.enter("leaf_node_source");
    r.fail(CodecErrorCode.invalidValue, `unknown leaf_node_source ${leafNodeSource}`, at);
  }
  let lifetime: Lifetime | undefined;
  let parentHash: Uint8Array | undefined;
  if (leafNodeSource === LeafNodeSource.key_package) {
    r.enter("lifetime");
    lifetime = lifetimeCodec.decode(r);
    r.leave();
  } else if (leafNodeSource === LeafNodeSource.commit) {
    parentHash = r.opaque("parent_hash");
  }
  r.enter("extensions");
  const extensions = extensionsCodec.decode(r);
  r.leave();
  const signature = r.opaque("signature");
  // Three literals rather than spreads: one object shape per source, no intermediate objects.
  const leaf: LeafNode =
    lifetime !== undefined
      ? {
          encryptionKey,
          signatureKey,
          credential,
          capabilities,
          leafNodeSource,
          lifetime,
          extensions,
          signature,
        }
      : parentHash !== undefined
        ? {
            encryptionKey,
            signatureKey,
            credential,
            capabilities,
            leafNodeSource,
            parentHash,
            extensions,
            signature,
          }
        : { encryptionKey, signatureKey, credential, capabilities, leafNodeSource, extensions, signature };
  return Object.freeze(leaf);
}

/**
 * Codec of {@link LeafNode}.
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * const leaf = decode(leafNodeCodec, bytes, "LeafNode");
 * ```
 */
export const leafNodeCodec: Codec<LeafNode> = Object.freeze({
  encode(w: Writer, leaf: LeafNode) {
    writeLeafNodeContent(w, leaf);
    opaque.encode(w, leaf.signature);
  },
  decode: readLeafNode,
});
