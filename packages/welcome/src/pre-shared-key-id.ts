/**
 * @module pre-shared-key-id
 * `PreSharedKeyID` (RFC 9420 §8.4): which PSK a Welcome's GroupSecrets inject into the key
 * schedule — an external PSK named by the application, or the resumption PSK of a group's epoch.
 */
import { type Codec, CodecErrorCode, opaque, type Reader, uint8, uint64, type Writer } from "@mlskit/codec";
import { wireStruct } from "./wire-struct.js";

/**
 * `enum { reserved(0), external(1), resumption(2), (255) } PSKType;`
 * @see RFC 9420 §8.4
 * @example
 * ```ts
 * PskType.external; // 1
 * ```
 */
export const PskType = Object.freeze({ external: 1, resumption: 2 } as const);
/** One of the values of {@link PskType}. */
export type PskType = (typeof PskType)[keyof typeof PskType];

/**
 * `enum { reserved(0), application(1), reinit(2), branch(3), (255) } ResumptionPSKUsage;`
 * Decoding keeps any value; `openWelcome` rejects the reserved and unknown ones (check W-06).
 * @see RFC 9420 §8.4
 * @example
 * ```ts
 * ResumptionPskUsage.reinit; // 2
 * ```
 */
export const ResumptionPskUsage = Object.freeze({ application: 1, reinit: 2, branch: 3 } as const);
/** One of the values of {@link ResumptionPskUsage}. */
export type ResumptionPskUsage = (typeof ResumptionPskUsage)[keyof typeof ResumptionPskUsage];

/**
 * An external PSK's id.
 * @example
 * ```ts
 * const id: ExternalPskId = { pskType: 1, pskId: utf8("team-psk"), pskNonce };
 * ```
 */
export interface ExternalPskId {
  readonly pskType: 1;
  readonly pskId: Uint8Array;
  readonly pskNonce: Uint8Array;
}

/**
 * A resumption PSK's id: the `resumption_psk` of group `pskGroupId` at epoch `pskEpoch`.
 * @example
 * ```ts
 * const id: ResumptionPskId = { pskType: 2, usage: 1, pskGroupId, pskEpoch: 4n, pskNonce };
 * ```
 */
export interface ResumptionPskId {
  readonly pskType: 2;
  readonly usage: number;
  readonly pskGroupId: Uint8Array;
  readonly pskEpoch: bigint;
  readonly pskNonce: Uint8Array;
}

/**
 * ```tls
 * struct {
 *   PSKType psktype;
 *   select (PreSharedKeyID.psktype) {
 *     case external:   opaque psk_id<V>;
 *     case resumption: ResumptionPSKUsage usage; opaque psk_group_id<V>; uint64 psk_epoch;
 *   };
 *   opaque psk_nonce<V>;
 * } PreSharedKeyID;
 * ```
 * @see RFC 9420 §8.4
 * @example
 * ```ts
 * const psk = (id: PreSharedKeyId) => (id.pskType === PskType.external ? myPsks.get(toHex(id.pskId)) : undefined);
 * ```
 */
export type PreSharedKeyId = ExternalPskId | ResumptionPskId;

// The fields after `psktype`, by its value (the select of RFC 9420 §8.4, then psk_nonce).
const externalPskBody = wireStruct<Omit<ExternalPskId, "pskType">>({
  pskId: ["psk_id", opaque],
  pskNonce: ["psk_nonce", opaque],
});
const resumptionPskBody = wireStruct<Omit<ResumptionPskId, "pskType">>({
  usage: ["usage", uint8],
  pskGroupId: ["psk_group_id", opaque],
  pskEpoch: ["psk_epoch", uint64],
  pskNonce: ["psk_nonce", opaque],
});

function pskBody(pskType: number): Codec<Omit<PreSharedKeyId, "pskType">> | undefined {
  if (pskType === PskType.external) return externalPskBody as Codec<Omit<PreSharedKeyId, "pskType">>;
  if (pskType === PskType.resumption) return resumptionPskBody as Codec<Omit<PreSharedKeyId, "pskType">>;
  return undefined;
}

/**
 * Strict codec of {@link PreSharedKeyId}: a `psktype` other than external or resumption is a
 * `CodecError` (`CODEC_INVALID_VALUE` at `psktype`).
 *
 * @example
 * ```ts
 * import { encode } from "@mlskit/codec";
 * encode(preSharedKeyIdCodec, { pskType: 1, pskId: utf8("id"), pskNonce: new Uint8Array(32) });
 * ```
 */
export const preSharedKeyIdCodec: Codec<PreSharedKeyId> = Object.freeze({
  encode(w: Writer, id: PreSharedKeyId) {
    if (typeof id !== "object" || id === null) throw new TypeError(`"pskId" expected a PreSharedKeyId`);
    const body = pskBody(id.pskType);
    if (body === undefined)
      throw new RangeError(`"pskType" ${(id as { pskType: unknown }).pskType} is not 1 or 2`);
    w.uint8(id.pskType);
    body.encode(w, id);
  },
  decode(r: Reader): PreSharedKeyId {
    const at = r.offset;
    r.enter("psktype");
    const pskType = r.uint8();
    const body = pskBody(pskType);
    if (body === undefined) {
      r.fail(CodecErrorCode.invalidValue, `psktype ${pskType} is not external (1) or resumption (2)`, at);
    }
    r.leave();
    return { pskType, ...body.decode(r) } as PreSharedKeyId;
  },
});
