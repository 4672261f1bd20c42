/**
 * @module key-package-decoder
 * The strict single-pass decoder behind `decodeKeyPackage`, `decodeKeyPackageMessage` and
 * `keyPackageCodec.decode`: one walk over the bytes that reads the KeyPackage (RFC 9420 §10) with
 * its LeafNode (§7.2), Credential (§5.3), Capabilities, Lifetime and Extensions (§7.2), and the
 * MLSMessage header (§6).
 *
 * It decodes exactly what the generic codecs (`leafNodeCodec`, `credentialCodec`,
 * `extensionsCodec` over `Reader`) decode and fails exactly where and how they fail — same
 * `CodecError` code, message, field path and byte offset (test/decode-equivalence.test.ts holds
 * it to that) — but with none of their per-field costs: no `Reader`, no path stack, no closures,
 * no intermediate objects. A field path is a string constant, made into the full path only when
 * an error is thrown. Canonical only, as the codec: minimal varints, the 0b11 prefix rejected,
 * every length checked against the bytes left before anything is taken, vectors consumed exactly
 * by whole elements, no trailing bytes.
 *
 * The input is copied once (see {@link decodeKeyPackageBytes}); byte fields are views into that
 * copy. A decoded package is deeply frozen, and its encoding rides on it (see `raw-bytes.ts`).
 * @internal
 */
import { CodecErrorCode, codecError, type Reader } from "@mlskit/codec";
import type { Credential } from "@mlskit/credentials";
import { CodecError } from "@mlskit/errors";
import type { Extension } from "@mlskit/extensions";
import type { Capabilities } from "./capabilities.js";
import { KeyPackageErrorCode } from "./errors.js";
import type { UnverifiedKeyPackage } from "./key-package.js";
import { type LeafNode, LeafNodeSource } from "./leaf-node.js";
import type { Lifetime } from "./lifetime.js";
import { setRawBytes } from "./raw-bytes.js";

/** `mls_key_package` (RFC 9420 §17.2; `WireFormat` in key-package.ts). */
const MLS_KEY_PACKAGE = 5;

/** `CredentialType` basic and x509 (RFC 9420 §5.3, §17.5). */
const BASIC = 1;
const X509 = 2;

// Every empty list of a decoded package is this one frozen array: an empty frozen array cannot
// be told apart from another but by identity, and each would cost an allocation and a freeze.
const EMPTY: readonly never[] = Object.freeze([]);

/**
 * The state of a decoding: the bytes, the position, the limit of the innermost vector, and what
 * errors need to name a place (the offset origin and the root of the field path). Byte fields are
 * cut out of `u8` as views of its buffer. A slab keeps one cursor for all the packages decoded
 * from it ({@link Cursor.reset} starts each).
 */
class Cursor {
  /** Bytes whose indexes are the positions (a slab, a private copy, or a Reader's input). */
  readonly u8: Uint8Array;
  /** A DataView over the same bytes, index for index (for the uint64 fields). */
  readonly dv: DataView;
  readonly #buffer: ArrayBufferLike;
  readonly #base: number;
  /** Views made with `new Uint8Array(buffer, …)` (plain input), else with `subarray` (a subclass keeps its class). */
  readonly #plain: boolean;
  /** Position of offset 0 in errors. */
  origin = 0;
  /** Root of the field paths of errors: a dotted path, or the Reader that is decoding (its path then). */
  root: string | Reader = "";
  pos = 0;
  /** One past the last byte of the innermost vector (or of the input). */
  end = 0;

  constructor(u8: Uint8Array) {
    this.u8 = u8;
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    this.#buffer = u8.buffer;
    this.#base = u8.byteOffset;
    this.#plain = Object.getPrototypeOf(u8) === Uint8Array.prototype;
  }

  /**
   * Start a decoding of the bytes [start, end) whose errors count offsets from `origin` and name
   * paths below `root`.
   */
  reset(start: number, end: number, origin: number, root: string | Reader): this {
    this.pos = start;
    this.end = end;
    this.origin = origin;
    this.root = root;
    return this;
  }

  /** `n` bytes at `at` as a view. */
  view(at: number, n: number): Uint8Array {
    return this.#plain ? new Uint8Array(this.#buffer, this.#base + at, n) : this.u8.subarray(at, at + n);
  }

  /**
   * Throw a CodecError at `at`. The field is `field`, or element `index` of vector `field` (and
   * its member `member`), below the root.
   */
  fail(code: CodecErrorCode, what: string, at: number, field: string, index = -1, member = ""): never {
    const root = typeof this.root === "string" ? this.root : this.root.path;
    let path = root === "" ? field : `${root}.${field}`;
    if (index >= 0) path += `.[${index}]`;
    if (member !== "") path += `.${member}`;
    throw codecError(code, what, path, at - this.origin);
  }

  /** Throw the error of a fixed-size field of `n` bytes that does not fit. */
  truncated(what: string, n: number, field: string, index = -1, member = ""): never {
    const at = this.pos;
    this.fail(
      CodecErrorCode.truncated,
      `${what}: need ${n} bytes, ${this.end - at} left`,
      at,
      field,
      index,
      member,
    );
  }

  /** The number of bytes after the current position in the innermost vector. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** A uint8 (`LeafNodeSource`). */
  uint8(field: string): number {
    const at = this.pos;
    if (at + 1 > this.end) this.truncated("uint8", 1, field);
    this.pos = at + 1;
    return this.u8[at]!;
  }

  /** A big-endian uint16 (versions, cipher suites, registry types). */
  uint16(field: string, index = -1, member = ""): number {
    const at = this.pos;
    if (at + 2 > this.end) this.truncated("uint16", 2, field, index, member);
    this.pos = at + 2;
    return (this.u8[at]! << 8) | this.u8[at + 1]!;
  }

  /** A big-endian uint64 as a bigint (the Lifetime bounds). */
  uint64(field: string): bigint {
    const at = this.pos;
    if (at + 8 > this.end) this.truncated("uint64", 8, field);
    this.pos = at + 8;
    return this.dv.getBigUint64(at);
  }

  /**
   * The length prefix of an `opaque<V>` or a vector `<V>`: a minimal MLS varint (RFC 9420 §2.1.2),
   * bounded by the bytes left after it.
   */
  length(field: string, index = -1, member = ""): number {
    const at = this.pos;
    let n = at < this.end ? this.u8[at]! : 0x100;
    if (n < 0x40) this.pos = at + 1;
    else n = this.#longVarint(at, field, index, member);
    const left = this.end - this.pos;
    if (n > left) {
      this.fail(
        CodecErrorCode.lengthExceedsInput,
        `length ${n} exceeds the ${left} bytes left`,
        at,
        field,
        index,
        member,
      );
    }
    return n;
  }

  /** The 2- and 4-byte varints, and every malformed one (messages as `readVarintAt`'s). */
  #longVarint(at: number, field: string, index: number, member: string): number {
    if (at >= this.end) this.fail(CodecErrorCode.truncated, "varint: input ended", at, field, index, member);
    const first = this.u8[at]!;
    const prefix = first >>> 6;
    // RFC 9420 §2.1.2: "Vectors that start with the prefix "11" are invalid and MUST be rejected."
    if (prefix === 3) {
      this.fail(
        CodecErrorCode.reservedVarintPrefix,
        "varint: reserved 0b11 prefix",
        at,
        field,
        index,
        member,
      );
    }
    const size = prefix === 1 ? 2 : 4;
    if (at + size > this.end) {
      this.fail(CodecErrorCode.truncated, `varint: need ${size} bytes`, at, field, index, member);
    }
    let value = first & 0x3f;
    for (let i = 1; i < size; i++) value = value * 256 + this.u8[at + i]!;
    // RFC 9420 §2.1.2: values using more bits than necessary MUST be treated as malformed.
    if (value < (size === 2 ? 0x40 : 0x4000)) {
      this.fail(
        CodecErrorCode.nonMinimalVarint,
        `varint: ${value} not minimally encoded`,
        at,
        field,
        index,
        member,
      );
    }
    this.pos = at + size;
    return value;
  }

  /** `opaque data<V>` as a view. */
  opaque(field: string, index = -1, member = ""): Uint8Array {
    const n = this.length(field, index, member);
    const at = this.pos;
    this.pos = at + n;
    return this.view(at, n);
  }

  /** `uint16 items<V>` (the lists of Capabilities), frozen. */
  uint16List(field: string): readonly number[] {
    const n = this.length(field);
    if (n === 0) return EMPTY;
    const outer = this.end;
    const end = this.pos + n;
    this.end = end;
    const out: number[] = new Array(n >>> 1);
    for (let i = 0; this.pos < end; i++) out[i] = this.uint16(field, i);
    this.end = outer;
    return Object.freeze(out);
  }

  /** `Extension extensions<V>` (RFC 9420 §7.2: `uint16 extension_type; opaque extension_data<V>`), frozen. */
  extensionList(field: string): readonly Extension[] {
    const n = this.length(field);
    if (n === 0) return EMPTY;
    const outer = this.end;
    const end = this.pos + n;
    this.end = end;
    const out: Extension[] = [];
    for (let i = 0; this.pos < end; i++) {
      const extensionType = this.uint16(field, i, "extension_type");
      const extensionData = this.opaque(field, i, "extension_data");
      out.push(Object.freeze({ extensionType, extensionData }));
    }
    this.end = outer;
    return Object.freeze(out);
  }

  /**
   * `Credential` (RFC 9420 §5.3), as `credentialCodec` reads it: basic is `opaque identity<V>`,
   * x509 `Certificate certificates<V>` of `opaque cert_data<V>`, and any other type one
   * `opaque<V>` (see the credentials package). Frozen.
   */
  credential(): Credential {
    const credentialType = this.uint16("leaf_node.credential.credential_type");
    if (credentialType === BASIC) {
      return Object.freeze({ credentialType, identity: this.opaque("leaf_node.credential.identity") });
    }
    if (credentialType === X509) {
      const field = "leaf_node.credential.certificates";
      const n = this.length(field);
      let certificates: readonly { readonly certData: Uint8Array }[] = EMPTY;
      if (n > 0) {
        const outer = this.end;
        const end = this.pos + n;
        this.end = end;
        const list: { readonly certData: Uint8Array }[] = [];
        for (let i = 0; this.pos < end; i++)
          list.push(Object.freeze({ certData: this.opaque(field, i, "cert_data") }));
        this.end = outer;
        certificates = Object.freeze(list);
      }
      return Object.freeze({ credentialType, certificates });
    }
    return Object.freeze({ credentialType, data: this.opaque("leaf_node.credential.data") });
  }

  /** `Capabilities` (RFC 9420 §7.2), field names as `capabilitiesCodec` names them. Frozen. */
  capabilities(): Capabilities {
    const versions = this.uint16List("leaf_node.capabilities.versions");
    const cipherSuites = this.uint16List("leaf_node.capabilities.cipherSuites");
    const extensions = this.uint16List("leaf_node.capabilities.extensions");
    const proposals = this.uint16List("leaf_node.capabilities.proposals");
    const credentials = this.uint16List("leaf_node.capabilities.credentials");
    return Object.freeze({ versions, cipherSuites, extensions, proposals, credentials });
  }

  /**
   * `KeyPackage` (RFC 9420 §10) at the current position, with its `LeafNode` (§7.2), frozen and
   * carrying its bytes.
   * @param messageVersion - version of the MLSMessage it came in, if any
   */
  keyPackage(messageVersion: number | undefined): UnverifiedKeyPackage {
    const start = this.pos;
    const version = this.uint16("version");
    const cipherSuite = this.uint16("cipher_suite");
    const initKey = this.opaque("init_key");
    // LeafNode (§7.2)
    const leafStart = this.pos;
    const encryptionKey = this.opaque("leaf_node.encryption_key");
    const signatureKey = this.opaque("leaf_node.signature_key");
    const credential = this.credential();
    const capabilities = this.capabilities();
    const sourceAt = this.pos;
    const leafNodeSource = this.uint8("leaf_node.leaf_node_source");
    let lifetime: Lifetime | undefined;
    let parentHash: Uint8Array | undefined;
    if (leafNodeSource === LeafNodeSource.key_package) {
      const notBefore = this.uint64("leaf_node.lifetime.notBefore");
      const notAfter = this.uint64("leaf_node.lifetime.notAfter");
      lifetime = Object.freeze({ notBefore, notAfter });
    } else if (leafNodeSource === LeafNodeSource.commit) {
      parentHash = this.opaque("leaf_node.parent_hash");
    } else if (leafNodeSource !== LeafNodeSource.update) {
      this.fail(
        CodecErrorCode.invalidValue,
        `unknown leaf_node_source ${leafNodeSource}`,
        sourceAt,
        "leaf_node.leaf_node_source",
      );
    }
    const leafExtensions = this.extensionList("leaf_node.extensions");
    const leafContentEnd = this.pos;
    const leafSignature = this.opaque("leaf_node.signature");
    // The key order of leafNodeCodec's objects: the select's field after leafNodeSource.
    const leafNode: LeafNode =
      lifetime !== undefined
        ? {
            encryptionKey,
            signatureKey,
            credential,
            capabilities,
            leafNodeSource,
            lifetime,
            extensions: leafExtensions,
            signature: leafSignature,
          }
        : parentHash !== undefined
          ? {
              encryptionKey,
              signatureKey,
              credential,
              capabilities,
              leafNodeSource,
              parentHash,
              extensions: leafExtensions,
              signature: leafSignature,
            }
          : {
              encryptionKey,
              signatureKey,
              credential,
              capabilities,
              leafNodeSource,
              extensions: leafExtensions,
              signature: leafSignature,
            };
    Object.freeze(leafNode);
    const extensions = this.extensionList("extensions");
    const tbsEnd = this.pos;
    const signature = this.opaque("signature");
    const end = this.pos;
    const kp: UnverifiedKeyPackage = { version, cipherSuite, initKey, leafNode, extensions, signature };
    setRawBytes(kp, {
      buffer: this.#buffer,
      byteOffset: this.#base + start,
      byteLength: end - start,
      tbsEnd: tbsEnd - start,
      leafStart: leafStart - start,
      leafContentEnd: leafContentEnd - start,
      messageVersion,
    });
    return Object.freeze(kp);
  }
}

// Private copies of small inputs are carved out of shared 8 KiB slabs (as Node's Buffer pool
// does): a new ArrayBuffer per decoded package cost more than the rest of decoding, mostly in the
// garbage collector. A slab lives as long as any package decoded into it; its other bytes are
// other packages' (public) encodings. Inputs over 1 KiB get an ArrayBuffer of their own. A slab
// has one DataView for all the packages decoded into it.
const SLAB_SIZE = 8192;
const SLAB_MAX_INPUT = 1024;
let slab = new Cursor(new Uint8Array(0));
let slabUsed = 0;

/**
 * Copy `bytes` (one private copy: later writes to the caller's buffer cannot change a decoded
 * package) and return a cursor over the copy.
 */
function privateCopy(bytes: Uint8Array, root: string): Cursor {
  const n = bytes.length;
  if (n > SLAB_MAX_INPUT) {
    // Not bytes.slice(): a Node Buffer's slice() is a view of the same memory.
    const copy = new Uint8Array(n);
    copy.set(bytes);
    return new Cursor(copy).reset(0, n, 0, root);
  }
  if (slabUsed + n > slab.u8.length) {
    slab = new Cursor(new Uint8Array(SLAB_SIZE));
    slabUsed = 0;
  }
  const at = slabUsed;
  slab.u8.set(bytes, at);
  slabUsed += (n + 7) & ~7;
  // Nothing of the caller's runs from here on (decoding calls no user code), so one cursor per
  // slab serves every decoding in turn.
  return slab.reset(at, at + n, at, root);
}

/**
 * Decode a whole input: a bare KeyPackage, or an MLSMessage (RFC 9420 §6: `ProtocolVersion
 * version; WireFormat wire_format; KeyPackage key_package` for wire format mls_key_package).
 *
 * @param bytes - the input (copied once)
 * @param message - whether it is an MLSMessage
 * @returns the frozen package, its bytes attached
 * @throws TypeError when `bytes` is no Uint8Array
 * @throws CodecError for malformed input, KEY_PACKAGE_MESSAGE_WRONG_WIRE_FORMAT for another wire format
 * @internal
 * @example
 * ```ts
 * const kp = decodeKeyPackageBytes(bytes, true);
 * ```
 */
export function decodeKeyPackageBytes(bytes: Uint8Array, message: boolean): UnverifiedKeyPackage {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`"bytes" expected Uint8Array, got ${typeof bytes}`);
  const rootName = message ? "MLSMessage" : "KeyPackage";
  const c = privateCopy(bytes, rootName);
  let messageVersion: number | undefined;
  if (message) {
    messageVersion = c.uint16("version");
    const at = c.pos - c.origin;
    const wireFormat = c.uint16("wire_format");
    if (wireFormat !== MLS_KEY_PACKAGE) {
      throw new CodecError(
        KeyPackageErrorCode.wrongWireFormat,
        `MLSMessage wire_format ${wireFormat} is not mls_key_package (5) at MLSMessage.wire_format (offset ${at})`,
        { details: { path: "MLSMessage.wire_format", offset: at, wireFormat } },
      );
    }
    c.root = "MLSMessage.key_package";
  }
  const kp = c.keyPackage(messageVersion);
  if (c.remaining !== 0) {
    throw codecError(
      CodecErrorCode.trailingBytes,
      `${c.remaining} trailing bytes after ${rootName}`,
      "",
      c.pos - c.origin,
    );
  }
  return kp;
}

/**
 * Decode a KeyPackage at a Reader's position, within its limit (no copy: byte fields are views
 * of the Reader's input), and move the Reader past it. Errors name the Reader's path.
 *
 * @param r - the reader
 * @returns the frozen package, its bytes attached
 * @throws CodecError for malformed input
 * @internal
 * @example
 * ```ts
 * const kp = readKeyPackage(new Reader(body, offset));
 * ```
 */
export function readKeyPackage(r: Reader): UnverifiedKeyPackage {
  const u8 = r.input;
  const start = r.offset;
  const c = new Cursor(u8).reset(start, start + r.remaining, 0, r);
  const kp = c.keyPackage(undefined);
  r.bytes(c.pos - start);
  return kp;
}
