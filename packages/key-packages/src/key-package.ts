/**
 * @module key-package
 * The RFC 9420 §10 `KeyPackage`, its to-be-signed form, the MLSMessage wrapper (§6, wire format
 * `mls_key_package` = 5) and the strict decoders. A decoded package is an
 * {@link UnverifiedKeyPackage}; only `validateKeyPackage` and `createKeyPackage` produce the
 * branded {@link KeyPackage}.
 *
 * Decoders copy their input once and keep that copy: the signatures are verified over the bytes
 * that were received, and re-encoding a decoded package returns exactly those bytes. Copies of
 * small inputs share 8 KiB slabs, and the bytes are attached to the package as a private field
 * (see `raw-bytes.ts`); the decoding itself is one pass over the copy (`key-package-decoder.ts`).
 */
import { type Codec, opaque, vector, Writer } from "@mlskit/codec";
import { type Extension, extensionCodec } from "@mlskit/extensions";
import { decodeKeyPackageBytes, readKeyPackage } from "./key-package-decoder.js";
import { type LeafNode, type LeafNodeContent, writeLeafNodeContent } from "./leaf-node.js";
import { getRawBytes, rawView } from "./raw-bytes.js";

/** `enum { reserved(0), mls10(1), (65535) } ProtocolVersion;` (RFC 9420 §6) */
export const ProtocolVersion = Object.freeze({ mls10: 1 } as const);
/** One of the values of {@link ProtocolVersion}. */
export type ProtocolVersion = (typeof ProtocolVersion)[keyof typeof ProtocolVersion];

/** MLS wire formats (RFC 9420 §17.2); a key package travels as `mls_key_package`. */
export const WireFormat = Object.freeze({
  mls_public_message: 1,
  mls_private_message: 2,
  mls_welcome: 3,
  mls_group_info: 4,
  mls_key_package: 5,
} as const);
/** One of the values of {@link WireFormat}. */
export type WireFormat = (typeof WireFormat)[keyof typeof WireFormat];

/**
 * A key package as decoded from bytes, not yet validated.
 *
 * ```tls
 * struct {
 *     ProtocolVersion version;
 *     CipherSuite cipher_suite;
 *     HPKEPublicKey init_key;
 *     LeafNode leaf_node;
 *     Extension extensions<V>;
 *     opaque signature<V>;   // SignWithLabel(., "KeyPackageTBS", KeyPackageTBS)
 * } KeyPackage;
 * ```
 * @see RFC 9420 §10
 */
export interface UnverifiedKeyPackage {
  readonly version: number;
  readonly cipherSuite: number;
  readonly initKey: Uint8Array;
  readonly leafNode: LeafNode;
  readonly extensions: readonly Extension[];
  readonly signature: Uint8Array;
}

declare const validated: unique symbol;

/**
 * A key package that passed `validateKeyPackage` or was made by `createKeyPackage`. The brand is
 * a compile-time marker only: the only ways to get one are those two functions.
 */
export type KeyPackage = UnverifiedKeyPackage & { readonly [validated]: true };

/**
 * `KeyPackageTBS`: every field of the KeyPackage but the signature.
 * @see RFC 9420 §10
 */
export type KeyPackageTbs = Omit<UnverifiedKeyPackage, "signature">;

const extensionsCodec = vector(extensionCodec);

function writeKeyPackageTbs(w: Writer, kp: KeyPackageTbs): void {
  w.uint16(kp.version);
  w.uint16(kp.cipherSuite);
  opaque.encode(w, kp.initKey);
  writeLeafNodeContent(w, kp.leafNode);
  opaque.encode(w, kp.leafNode.signature);
  extensionsCodec.encode(w, kp.extensions);
}

/**
 * KeyPackageTBS from its fields and the leaf's already-encoded LeafNodeTBS (which is the leaf
 * node without its signature, RFC 9420 §7.2), so creation encodes the leaf once: the bytes that
 * were signed with "LeafNodeTBS" are copied in as they are.
 *
 * @param kp - the package fields (the leaf's content is taken from `leafTbs`)
 * @param leafTbs - `leafNodeTbsBytes` of `kp`'s leaf
 * @returns the encoded KeyPackageTBS
 * @example
 * ```ts
 * const tbs = keyPackageTbsBytesWithLeaf(fields, leafNodeTbsBytes(fields));
 * ```
 * @internal used by createKeyPackage
 */
export function keyPackageTbsBytesWithLeaf(kp: KeyPackageTbs, leafTbs: Uint8Array): Uint8Array {
  const w = new Writer(leafTbs.length + kp.initKey.length + kp.leafNode.signature.length + 64);
  w.uint16(kp.version);
  w.uint16(kp.cipherSuite);
  opaque.encode(w, kp.initKey);
  w.bytes(leafTbs);
  opaque.encode(w, kp.leafNode.signature);
  extensionsCodec.encode(w, kp.extensions);
  return w.finish();
}

/**
 * KeyPackage bytes from KeyPackageTBS bytes and the signature over them (RFC 9420 §10: the
 * package is its TBS fields followed by `opaque signature<V>`).
 *
 * @param tbs - the encoded KeyPackageTBS
 * @param signature - SignWithLabel(., "KeyPackageTBS", tbs)
 * @returns the encoded KeyPackage
 * @example
 * ```ts
 * const bytes = keyPackageBytesFromTbs(tbs, signature);
 * ```
 * @internal used by createKeyPackage
 */
export function keyPackageBytesFromTbs(tbs: Uint8Array, signature: Uint8Array): Uint8Array {
  const w = new Writer(tbs.length + signature.length + 4);
  w.bytes(tbs);
  opaque.encode(w, signature);
  return w.finish();
}

/**
 * Codec of the KeyPackage struct (the bare struct, without MLSMessage header).
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * decode(keyPackageCodec, bytes, "KeyPackage");
 * ```
 */
export const keyPackageCodec: Codec<UnverifiedKeyPackage> = Object.freeze({
  encode(w: Writer, kp: UnverifiedKeyPackage) {
    const cached = getRawBytes(kp);
    if (cached !== undefined) {
      w.bytes(rawView(cached));
      return;
    }
    writeKeyPackageTbs(w, kp);
    opaque.encode(w, kp.signature);
  },
  decode: readKeyPackage,
});

/**
 * Decode a bare KeyPackage struct. Canonical only: minimal varints, no trailing bytes.
 *
 * @param bytes - the encoded KeyPackage
 * @returns the unverified package (validate it before use)
 * @throws CodecError naming the field path and byte offset of the first malformed field
 * @example
 * ```ts
 * const kp = decodeKeyPackage(bytes);
 * const valid = await validateKeyPackage(kp, { provider });
 * ```
 */
export function decodeKeyPackage(bytes: Uint8Array): UnverifiedKeyPackage {
  return decodeKeyPackageBytes(bytes, false);
}

/**
 * Decode an MLSMessage that carries a KeyPackage (RFC 9420 §6: version, wire_format = 5,
 * key_package). The message version is kept so validation can check that it equals the package's.
 *
 * @param bytes - the encoded MLSMessage
 * @returns the unverified package
 * @throws CodecError KEY_PACKAGE_MESSAGE_WRONG_WIRE_FORMAT for another wire format, or any codec error
 * @example
 * ```ts
 * const kp = decodeKeyPackageMessage(await (await fetch(url)).bytes());
 * ```
 */
export function decodeKeyPackageMessage(bytes: Uint8Array): UnverifiedKeyPackage {
  return decodeKeyPackageBytes(bytes, true);
}

/**
 * Encode a KeyPackage as the bare struct. A decoded package re-encodes to exactly the bytes
 * it was decoded from.
 *
 * @param kp - the package
 * @returns its encoding (a new array)
 * @example
 * ```ts
 * const bytes = encodeKeyPackage(bundle.keyPackage);
 * ```
 */
export function encodeKeyPackage(kp: UnverifiedKeyPackage): Uint8Array {
  const cached = getRawBytes(kp);
  if (cached !== undefined) return rawView(cached).slice();
  const w = new Writer(512);
  keyPackageCodec.encode(w, kp);
  return w.finish();
}

/**
 * Encode a KeyPackage inside an MLSMessage (version mls10, wire format mls_key_package = 5): the
 * form to publish.
 *
 * @param kp - the package
 * @returns the MLSMessage bytes
 * @example
 * ```ts
 * await fetch(directory, { method: "POST", body: encodeKeyPackageMessage(bundle.keyPackage) });
 * ```
 */
export function encodeKeyPackageMessage(kp: UnverifiedKeyPackage): Uint8Array {
  const w = new Writer(520);
  w.uint16(ProtocolVersion.mls10);
  w.uint16(WireFormat.mls_key_package);
  keyPackageCodec.encode(w, kp);
  return w.finish();
}

/**
 * The encoded KeyPackageTBS of `kp`: the received bytes when it was decoded.
 * @param kp - the package
 * @returns bytes to verify or sign with label "KeyPackageTBS"
 * @example
 * ```ts
 * const tbs = keyPackageTbsBytes(kp);
 * ```
 */
export function keyPackageTbsBytes(kp: KeyPackageTbs | UnverifiedKeyPackage): Uint8Array {
  const cached = getRawBytes(kp);
  if (cached !== undefined) return rawView(cached, 0, cached.tbsEnd);
  const w = new Writer(512);
  writeKeyPackageTbs(w, kp);
  return w.finish();
}

/**
 * The encoded LeafNodeTBS of the package's leaf (source key_package: no group context).
 * @param kp - the package
 * @returns bytes to verify or sign with label "LeafNodeTBS"
 * @example
 * ```ts
 * const tbs = leafNodeTbsBytes(kp);
 * ```
 */
export function leafNodeTbsBytes(kp: { readonly leafNode: LeafNodeContent }): Uint8Array {
  const cached = getRawBytes(kp);
  if (cached !== undefined) return rawView(cached, cached.leafStart, cached.leafContentEnd);
  const w = new Writer(512);
  writeLeafNodeContent(w, kp.leafNode);
  return w.finish();
}

/**
 * The version of the MLSMessage a package arrived in, if it arrived in one.
 * @param kp - a decoded package
 * @returns the MLSMessage version or undefined
 * @internal used by validation (RFC 9420 §10)
 */
export function messageVersionOf(kp: UnverifiedKeyPackage): number | undefined {
  return getRawBytes(kp)?.messageVersion;
}

/**
 * Decode the bytes of a package that this library encoded and signed earlier (a key store's own
 * record), without re-verifying it: the trusted counterpart of {@link decodeKeyPackage}.
 *
 * @param bytes - bytes produced by {@link encodeKeyPackage}
 * @returns the package, branded as validated
 * @internal for key stores; never use it on bytes received from a peer
 */
export function decodeTrustedKeyPackage(bytes: Uint8Array): KeyPackage {
  return decodeKeyPackage(bytes) as KeyPackage;
}
