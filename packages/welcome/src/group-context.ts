/**
 * @module group-context
 * The RFC 9420 §8.1 `GroupContext`: the state every member agrees on in an epoch. Its encoding is
 * the context of the key schedule's "joiner" and "epoch" derivations, and it is signed inside the
 * GroupInfo.
 */
import { type Codec, encode, opaque, uint16, uint64 } from "@mlskit/codec";
import { type Extension, extensionsCodec } from "@mlskit/extensions";
import { wireStruct } from "./wire-struct.js";

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
export const groupContextCodec: Codec<GroupContext> = wireStruct<GroupContext>({
  version: ["version", uint16],
  cipherSuite: ["cipher_suite", uint16],
  groupId: ["group_id", opaque],
  epoch: ["epoch", uint64],
  treeHash: ["tree_hash", opaque],
  confirmedTranscriptHash: ["confirmed_transcript_hash", opaque],
  extensions: ["extensions", extensionsCodec],
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
