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
 * (see `RawBytes`): both keep decoding cheap.
 */
import { type Codec, opaque, Reader, vector, Writer } from "@mlskit/codec";
import { CodecError } from "@mlskit/errors";
import { type Extension, extensionCodec } from "@mlskit/extensions";
import { type LeafNode, type LeafNodeContent, readLeafNode, writeLeafNodeContent } from "./leaf-node.js";

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

/** Bytes kept for a decoded or created package. */
interface RawKeyPackage {
  /** The full KeyPackage encoding (without any MLSMessage header). */
  readonly bytes: Uint8Array;
  /** KeyPackageTBS = bytes[0, tbsEnd). */
  readonly tbsEnd: number;
  /** LeafNodeTBS = bytes[leafStart, leafContentEnd) for source key_package. */
  readonly leafStart: number;
  readonly leafContentEnd: number;
  /** The version of the MLSMessage that carried it, when it came in one. */
  readonly messageVersion: number | undefined;
}

// Packages are frozen and their byte fields are views into `bytes`, so the cache cannot go stale
// unless someone writes into those views — which changes the cached bytes identically.
//
// The bytes ride on the package as a private class field, stamped on the plain object by a
// constructor that returns it: like a WeakMap entry they cannot be read, forged or copied (a
// spread copy has none) from outside this module, but they cost no more than a property, where a
// WeakMap of every decoded package was more than half of decoding (V8 walks its ephemeron table
// at every garbage collection).
class ObjectReturner {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: stamps a private field on `target` itself
    return target;
  }
}

class RawBytes extends ObjectReturner {
  readonly #raw: RawKeyPackage;

  private constructor(target: object, value: RawKeyPackage) {
    super(target);
    this.#raw = value;
  }

  /** Stamp `value` on a package that is not frozen yet (once). */
  static set(target: object, value: RawKeyPackage): void {
    new RawBytes(target, value);
  }

  /** The stamped bytes, or undefined for any other object. */
  static get(target: object): RawKeyPackage | undefined {
    return #raw in target ? (target as RawBytes).#raw : undefined;
  }
}

const raw = { get: RawBytes.get };

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
 * Codec of the KeyPackage struct (the bare struct, without MLSMessage header).
 * @example
 * ```ts
 * import { decode } from "@mlskit/codec";
 * decode(keyPackageCodec, bytes, "KeyPackage");
 * ```
 */
export const keyPackageCodec: Codec<UnverifiedKeyPackage> = Object.freeze({
  encode(w: Writer, kp: UnverifiedKeyPackage) {
    const cached = raw.get(kp);
    if (cached !== undefined) {
      w.bytes(cached.bytes);
      return;
    }
    writeKeyPackageTbs(w, kp);
    opaque.encode(w, kp.signature);
  },
  decode: (r: Reader) => readKeyPackage(r, r.offset, undefined),
});

function freezeExtensions(list: readonly Extension[]): readonly Extension[] {
  for (const e of list) Object.freeze(e);
  return Object.freeze(list);
}

/**
 * Freeze a decoded package field by field (a generic deep freeze costs a fifth of decoding): the
 * raw-bytes cache stays valid only while nobody can reassign a field.
 */
function freezeKeyPackage(kp: UnverifiedKeyPackage): UnverifiedKeyPackage {
  const leaf = kp.leafNode;
  const caps = leaf.capabilities;
  Object.freeze(caps.versions);
  Object.freeze(caps.cipherSuites);
  Object.freeze(caps.extensions);
  Object.freeze(caps.proposals);
  Object.freeze(caps.credentials);
  Object.freeze(caps);
  const cred = leaf.credential as { certificates?: readonly object[] };
  if (cred.certificates !== undefined) {
    for (const c of cred.certificates) Object.freeze(c);
    Object.freeze(cred.certificates);
  }
  Object.freeze(cred);
  if (leaf.lifetime !== undefined) Object.freeze(leaf.lifetime);
  freezeExtensions(leaf.extensions);
  Object.freeze(leaf);
  freezeExtensions(kp.extensions);
  return Object.freeze(kp);
}

function readKeyPackage(r: Reader, start: number, messageVersion: number | undefined): UnverifiedKeyPackage {
  r.enter("version");
  const version = r.uint16();
  r.leave();
  r.enter("cipher_suite");
  const cipherSuite = r.uint16();
  r.leave();
  r.enter("init_key");
  const initKey = r.opaque();
  r.leave();
  r.enter("leaf_node");
  const { leaf, start: leafStart, contentEnd } = readLeafNode(r);
  r.leave();
  r.enter("extensions");
  const extensions = extensionsCodec.decode(r);
  r.leave();
  const tbsEnd = r.offset;
  r.enter("signature");
  const signature = r.opaque();
  r.leave();
  const kp: UnverifiedKeyPackage = { version, cipherSuite, initKey, leafNode: leaf, extensions, signature };
  RawBytes.set(kp, {
    bytes: r.input.subarray(start, r.offset),
    tbsEnd: tbsEnd - start,
    leafStart: leafStart - start,
    leafContentEnd: contentEnd - start,
    messageVersion,
  });
  return freezeKeyPackage(kp);
}

// Private copies of small inputs are carved out of shared 8 KiB slabs (as Node's Buffer pool
// does): a new ArrayBuffer per decoded package cost more than the rest of decoding, mostly in the
// garbage collector. A slab lives as long as any package decoded into it; its other bytes are
// other packages' (public) encodings. Inputs over 1 KiB get an ArrayBuffer of their own.
const SLAB_SIZE = 8192;
const SLAB_MAX_INPUT = 1024;
let slab = new Uint8Array(0);
let slabUsed = 0;

function privateCopy(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  if (n > SLAB_MAX_INPUT) return bytes.slice();
  if (slabUsed + n > slab.length) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const copy = slab.subarray(slabUsed, slabUsed + n);
  copy.set(bytes);
  slabUsed += (n + 7) & ~7;
  return copy;
}

function strictDecode<T>(bytes: Uint8Array, root: string, body: (r: Reader) => T): T {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`"bytes" expected Uint8Array, got ${typeof bytes}`);
  // One private copy: later writes to the caller's buffer cannot change a decoded package.
  const r = new Reader(privateCopy(bytes));
  const value = r.field(root, () => body(r));
  if (r.remaining !== 0) r.fail("CODEC_TRAILING_BYTES", `${r.remaining} trailing bytes after ${root}`);
  return value;
}

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
  return strictDecode(bytes, "KeyPackage", (r) => readKeyPackage(r, 0, undefined));
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
  return strictDecode(bytes, "MLSMessage", (r) => {
    r.enter("version");
    const version = r.uint16();
    r.leave();
    const at = r.offset;
    r.enter("wire_format");
    const wireFormat = r.uint16();
    r.leave();
    if (wireFormat !== WireFormat.mls_key_package) {
      throw new CodecError(
        "KEY_PACKAGE_MESSAGE_WRONG_WIRE_FORMAT",
        `MLSMessage wire_format ${wireFormat} is not mls_key_package (5) at MLSMessage.wire_format (offset ${at})`,
        { details: { path: "MLSMessage.wire_format", offset: at, wireFormat } },
      );
    }
    return r.field("key_package", () => readKeyPackage(r, r.offset, version));
  });
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
  const cached = raw.get(kp);
  if (cached !== undefined) return cached.bytes.slice();
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
  const cached = raw.get(kp);
  if (cached !== undefined) return cached.bytes.subarray(0, cached.tbsEnd);
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
  const cached = raw.get(kp);
  if (cached !== undefined) return cached.bytes.subarray(cached.leafStart, cached.leafContentEnd);
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
  return raw.get(kp)?.messageVersion;
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
