/**
 * @module group-info
 * The RFC 9420 §12.4.3 `GroupInfo` (what a Welcome encrypts under the welcome key) and its
 * to-be-signed form `GroupInfoTBS`.
 */
import { type Codec, decode, encode, opaque, type Reader, Writer } from "@mlskit/codec";
import { type Extension, extensionsCodec } from "@mlskit/extensions";
import { type GroupContext, groupContextCodec } from "./group-context.js";

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

function writeGroupInfoTbs(w: Writer, gi: GroupInfoTbs): void {
  groupContextCodec.encode(w, gi.groupContext);
  extensionsCodec.encode(w, gi.extensions);
  opaque.encode(w, gi.confirmationTag);
  w.uint32(gi.signer);
}

/**
 * Strict codec of {@link GroupInfo}.
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * const gi = decode(groupInfoCodec, plaintext, "GroupInfo");
 * ```
 */
export const groupInfoCodec: Codec<GroupInfo> = Object.freeze({
  encode(w: Writer, gi: GroupInfo) {
    writeGroupInfoTbs(w, gi);
    opaque.encode(w, gi.signature);
  },
  decode(r: Reader): GroupInfo {
    r.enter("group_context");
    const groupContext = groupContextCodec.decode(r);
    r.leave();
    r.enter("extensions");
    const extensions = extensionsCodec.decode(r);
    r.leave();
    r.enter("confirmation_tag");
    const confirmationTag = r.opaque();
    r.leave();
    r.enter("signer");
    const signer = r.uint32();
    r.leave();
    r.enter("signature");
    const signature = r.opaque();
    r.leave();
    return { groupContext, extensions, confirmationTag, signer, signature };
  },
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
  const w = new Writer(256);
  writeGroupInfoTbs(w, gi);
  return w.finish();
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
