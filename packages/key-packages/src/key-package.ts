/**
 * @module key-package
 * The RFC 9420 §10 `KeyPackage`, its to-be-signed form, the MLSMessage wrapper (§6, wire format
 * `mls_key_package` = 5) and the strict decoders. A decoded package is an
 * {@link UnverifiedKeyPackage}; only `validateKeyPackage` and `createKeyPackage` produce the
 * branded {@link KeyPackage}.
 *
 * Decoding is one pass of `@mlskit/codec`'s Reader over the codecs of the package's parts
 * (`leafNodeCodec`, `credentialCodec`, `capabilitiesCodec`, `extensionsCodec`). The decoders copy
 * their input once and keep that copy (see `private-copy.ts`): the signatures are verified over
 * the bytes that were received, and re-encoding a decoded package returns exactly those bytes,
 * which are attached to the package as a private field (see `raw-bytes.ts`).
 */
import { type Codec, decode, opaque, type Reader, varintSize, Writer } from "@mlskit/codec";
import { type Extension, extensionsCodec } from "@mlskit/extensions";
import { KeyPackageErrorCode } from "./errors.js";
import { type LeafNode, type LeafNodeContent, leafNodeCodec, writeLeafNodeContent } from "./leaf-node.js";
import { readerOverCopy } from "./private-copy.js";
import { getRawBytes, rawView, setRawBytes } from "./raw-bytes.js";

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
 * Read a KeyPackage at `r`'s position: frozen, with its encoding (and where its to-be-signed parts
 * end) attached. Its byte fields, and the attached bytes, are views of the Reader's input.
 */
function readKeyPackage(r: Reader, messageVersion: number | undefined): UnverifiedKeyPackage {
  const start = r.offset;
  const version = r.uint16("version");
  const cipherSuite = r.uint16("cipher_suite");
  const initKey = r.opaque("init_key");
  const leafStart = r.offset;
  r.enter("leaf_node");
  const leafNode = leafNodeCodec.decode(r);
  r.leave();
  // LeafNodeTBS (source key_package) is the leaf without its signature, whose (minimal) length
  // prefix and bytes end the leaf.
  const leafContentEnd = r.offset - leafNode.signature.length - varintSize(leafNode.signature.length);
  r.enter("extensions");
  const extensions = extensionsCodec.decode(r);
  r.leave();
  const tbsEnd = r.offset;
  const signature = r.opaque("signature");
  const kp: UnverifiedKeyPackage = { version, cipherSuite, initKey, leafNode, extensions, signature };
  setRawBytes(kp, {
    input: r.input,
    start,
    byteLength: r.offset - start,
    tbsEnd: tbsEnd - start,
    leafStart: leafStart - start,
    leafContentEnd: leafContentEnd - start,
    messageVersion,
  });
  return Object.freeze(kp);
}

/**
 * Codec of the KeyPackage struct (the bare struct, without MLSMessage header). A decoded package
 * is frozen and its byte fields are views into the Reader's input.
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
  decode: (r: Reader) => readKeyPackage(r, undefined),
});

/**
 * Codec of a KeyPackage inside an MLSMessage (RFC 9420 §6: `ProtocolVersion version; WireFormat
 * wire_format; KeyPackage key_package` for wire format `mls_key_package`). Encoding writes version
 * mls10; decoding keeps the message's version for validation to compare with the package's, and
 * leaves the Reader where the message ends (so messages written one after another split).
 *
 * @throws CodecError KEY_PACKAGE_MESSAGE_WRONG_WIRE_FORMAT for another wire format, or any codec error
 * @example
 * ```ts
 * import { Reader } from "@mlskit/codec";
 * const r = new Reader(batch);
 * const first = keyPackageMessageCodec.decode(r); // r.offset: where the next message starts
 * ```
 */
export const keyPackageMessageCodec: Codec<UnverifiedKeyPackage> = Object.freeze({
  encode(w: Writer, kp: UnverifiedKeyPackage) {
    w.uint16(ProtocolVersion.mls10);
    w.uint16(WireFormat.mls_key_package);
    keyPackageCodec.encode(w, kp);
  },
  decode(r: Reader): UnverifiedKeyPackage {
    const messageVersion = r.uint16("version");
    const at = r.offset;
    const wireFormat = r.uint16("wire_format");
    if (wireFormat !== WireFormat.mls_key_package) {
      r.enter("wire_format");
      r.fail(
        KeyPackageErrorCode.wrongWireFormat,
        `MLSMessage wire_format ${wireFormat} is not mls_key_package (5)`,
        at,
        { wireFormat },
      );
    }
    r.enter("key_package");
    const kp = readKeyPackage(r, messageVersion);
    r.leave();
    return kp;
  },
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
  return decode(keyPackageCodec, readerOverCopy(checkBytes(bytes)), "KeyPackage");
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
  return decode(keyPackageMessageCodec, readerOverCopy(checkBytes(bytes)), "MLSMessage");
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
  keyPackageMessageCodec.encode(w, kp);
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
 * Decode the bytes of a package that this library encoded and signed earlier (its own creation, a
 * key store's record through `restoreKeyPackageBundle`), without re-verifying it. Not exported
 * from the package: it brands any bytes as validated.
 *
 * @param bytes - bytes produced by {@link encodeKeyPackage}
 * @returns the package, branded as validated
 * @internal never use it on bytes received from a peer
 */
export function decodeTrustedKeyPackage(bytes: Uint8Array): KeyPackage {
  return decodeKeyPackage(bytes) as KeyPackage;
}

function checkBytes(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`"bytes" expected Uint8Array, got ${typeof bytes}`);
  return bytes;
}
