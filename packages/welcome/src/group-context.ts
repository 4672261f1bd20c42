/**
 * @module group-context
 * The RFC 9420 §8.1 `GroupContext`: the state every member agrees on in an epoch. Its encoding is
 * the context of the key schedule's "joiner" and "epoch" derivations, and it is signed inside the
 * GroupInfo.
 */
import { type Codec, encode, opaque, type Reader, type Writer } from "@mlskit/codec";
import { type Extension, extensionsCodec } from "@mlskit/extensions";

/**
 * ```tls
 * struct {
 *     ProtocolVersion version = mls10;
 *     CipherSuite cipher_suite;
 *     opaque group_id<V>;
 *     uint64 epoch;
 *     opaque tree_hash<V>;
 *     opaque confirmed_transcript_hash<V>;
 *     Extension extensions<V>;
 * } GroupContext;
 * ```
 * @see RFC 9420 §8.1
 * @example
 * ```ts
 * const { groupId, epoch, treeHash } = joined.groupContext;
 * ```
 */
export interface GroupContext {
  readonly version: number;
  readonly cipherSuite: number;
  readonly groupId: Uint8Array;
  readonly epoch: bigint;
  readonly treeHash: Uint8Array;
  readonly confirmedTranscriptHash: Uint8Array;
  readonly extensions: readonly Extension[];
}

/**
 * Strict codec of {@link GroupContext}.
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * const context = encode(groupContextCodec, groupInfo.groupContext);
 * ```
 */
export const groupContextCodec: Codec<GroupContext> = Object.freeze({
  encode(w: Writer, gc: GroupContext) {
    w.uint16(gc.version);
    w.uint16(gc.cipherSuite);
    opaque.encode(w, gc.groupId);
    w.uint64(gc.epoch);
    opaque.encode(w, gc.treeHash);
    opaque.encode(w, gc.confirmedTranscriptHash);
    extensionsCodec.encode(w, gc.extensions);
  },
  decode(r: Reader): GroupContext {
    r.enter("version");
    const version = r.uint16();
    r.leave();
    r.enter("cipher_suite");
    const cipherSuite = r.uint16();
    r.leave();
    r.enter("group_id");
    const groupId = r.opaque();
    r.leave();
    r.enter("epoch");
    const epoch = r.uint64();
    r.leave();
    r.enter("tree_hash");
    const treeHash = r.opaque();
    r.leave();
    r.enter("confirmed_transcript_hash");
    const confirmedTranscriptHash = r.opaque();
    r.leave();
    r.enter("extensions");
    const extensions = extensionsCodec.decode(r);
    r.leave();
    return { version, cipherSuite, groupId, epoch, treeHash, confirmedTranscriptHash, extensions };
  },
});

/**
 * The TLS encoding of a GroupContext.
 * @param gc - the group context
 * @returns its encoding
 * @example
 * ```ts
 * const epochSecret = await expandWithLabel(suite, memberSecret, "epoch", encodeGroupContext(gc), suite.kdf.size);
 * ```
 */
export function encodeGroupContext(gc: GroupContext): Uint8Array {
  return encode(groupContextCodec, gc);
}
