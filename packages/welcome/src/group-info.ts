/**
 * @module group-info
 * The RFC 9420 §12.4.3 `GroupInfo` (what a Welcome encrypts under the welcome key) and its
 * to-be-signed form `GroupInfoTBS`.
 */
import { type Codec, decode, encode, opaque, uint32 } from "@mlskit/codec";
import { type Extension, extensionsCodec } from "@mlskit/extensions";
import { type GroupContext, groupContextCodec } from "./group-context.js";
import { type WireFields, wireStruct } from "./wire-struct.js";

/**
 * ```tls
 * struct {
 *     GroupContext group_context;
 *     Extension extensions<V>;
 *     MAC confirmation_tag;
 *     uint32 signer;
 *     // SignWithLabel(., "GroupInfoTBS", GroupInfoTBS)
 *     opaque signature<V>;
 * } GroupInfo;
 * ```
 * @see RFC 9420 §12.4.3
 * @example
 * ```ts
 * joined.groupInfo.signer; // the leaf index of the member that signed it
 * ```
 */
export interface GroupInfo {
  readonly groupContext: GroupContext;
  readonly extensions: readonly Extension[];
  readonly confirmationTag: Uint8Array;
  readonly signer: number;
  readonly signature: Uint8Array;
}

/** `GroupInfoTBS`: every field of the GroupInfo but the signature. */
export type GroupInfoTbs = Omit<GroupInfo, "signature">;

const tbsFields = {
  groupContext: ["group_context", groupContextCodec],
  extensions: ["extensions", extensionsCodec],
  confirmationTag: ["confirmation_tag", opaque],
  signer: ["signer", uint32],
} as const satisfies WireFields<GroupInfoTbs>;

const groupInfoTbsCodec = wireStruct<GroupInfoTbs>(tbsFields);

/**
 * Strict codec of {@link GroupInfo}.
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * const gi = decode(groupInfoCodec, plaintext, "GroupInfo");
 * ```
 */
export const groupInfoCodec: Codec<GroupInfo> = wireStruct<GroupInfo>({
  ...tbsFields,
  signature: ["signature", opaque],
});

/**
 * The encoded GroupInfoTBS (RFC 9420 §12.4.3): the bytes signed with label "GroupInfoTBS". The
 * codecs are canonical, so these are the bytes the signer signed.
 *
 * @param gi - the GroupInfo (its signature is ignored)
 * @returns the encoding of every field but the signature
 * @example
 * ```ts
 * const ok = await verifyWithLabel(suite, signerKey, "GroupInfoTBS", groupInfoTbsBytes(gi), gi.signature);
 * ```
 */
export function groupInfoTbsBytes(gi: GroupInfoTbs): Uint8Array {
  return encode(groupInfoTbsCodec, gi);
}

/**
 * Encode a GroupInfo.
 * @param gi - the GroupInfo
 * @returns its encoding
 * @example
 * ```ts
 * const plaintext = encodeGroupInfo(gi);
 * ```
 */
export function encodeGroupInfo(gi: GroupInfo): Uint8Array {
  return encode(groupInfoCodec, gi);
}

/**
 * Decode a GroupInfo (canonical only, no trailing bytes).
 * @param bytes - the encoded GroupInfo (byte fields of the result are views of it)
 * @returns the GroupInfo
 * @throws CodecError naming the field path and offset
 * @example
 * ```ts
 * const gi = decodeGroupInfo(plaintext);
 * ```
 */
export function decodeGroupInfo(bytes: Uint8Array): GroupInfo {
  return decode(groupInfoCodec, bytes, "GroupInfo");
}
