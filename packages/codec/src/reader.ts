/**
 * @module reader
 * The one cursor every decoder in mlskit reads with: a zero-copy reader over a `Uint8Array` (byte
 * fields come back as views of the input) that tracks the field path being decoded, so that every
 * error can name it.
 *
 * It is built for hot decoders as much as for the combinators: no closure per field
 * ({@link Reader.enter}/{@link Reader.leave}, {@link Reader.beginLength}/{@link Reader.endLength}),
 * and a primitive field named by an argument that is read only when it fails (`r.opaque("init_key")`
 * costs nothing more than `r.opaque()`); integers and varints read from the bytes directly; every
 * length checked against the bytes left before anything is taken; and the path and message of an
 * error built only when it is thrown.
 */
import { CodecErrorCode, codecError } from "./errors.js";

/** Every decoded empty vector: a frozen empty array cannot be told from another but by identity. */
export const EMPTY: readonly never[] = Object.freeze([]);

/** A path segment as shown: a field name, or an element index as `[i]`. */
const segment = (p: string | number): string => (typeof p === "number" ? `[${p}]` : p);

/**
 * Reads TLS-encoded values from a byte array without copying.
 *
 * @example
 * ```ts
 * const r = new Reader(Uint8Array.of(0, 1, 2, 0xaa, 0xbb));
 * r.uint16(); // 1
 * r.opaque(); // Uint8Array [0xaa, 0xbb] (a view into the input)
 * r.remaining; // 0
 * ```
 */
export class Reader {
  readonly #bytes: Uint8Array;
  readonly #buffer: ArrayBufferLike;
  readonly #base: number;
  /** Views made with `new Uint8Array(buffer, …)` (plain input), else with `subarray` (a subclass such as Buffer keeps its class). */
  readonly #plain: boolean;
  #offset: number;
  #end: number;
  // Field names, and element indexes as numbers (formatted as `[i]` only when a path is read).
  readonly #path: Array<string | number> = [];
  /** Where error offsets count from (see {@link Reader.reset}). */
  #origin = 0;
  /** For the uint64 fields, made when first needed: one per Reader (a decoder's slab Reader makes one per slab). */
  #view: DataView | undefined;

  /**
   * @param bytes - input (not copied)
   * @param offset - first byte to read
   * @param end - one past the last byte to read
   */
  constructor(bytes: Uint8Array, offset = 0, end = bytes.length) {
    if (!(bytes instanceof Uint8Array))
      throw new TypeError(`"bytes" expected Uint8Array, got ${typeof bytes}`);
    this.#bytes = bytes;
    this.#buffer = bytes.buffer;
    this.#base = bytes.byteOffset;
    this.#plain = Object.getPrototypeOf(bytes) === Uint8Array.prototype;
    this.#offset = offset;
    this.#end = end;
  }

  /**
   * Read the bytes [start, end) of the same input afresh: the path emptied, and offsets in errors
   * counted from `start` (as if the window were the whole input; {@link Reader.offset} stays a
   * position in the input). One reader then serves many inputs copied into one buffer, without a
   * view and a reader each.
   *
   * @param start - first byte of the window
   * @param end - one past its last byte
   * @returns this reader
   * @example
   * ```ts
   * const r = new Reader(slab);
   * decode(keyPackageCodec, r.reset(at, at + n), "KeyPackage");
   * ```
   */
  reset(start: number, end: number): this {
    if (
      !(
        Number.isSafeInteger(start) &&
        Number.isSafeInteger(end) &&
        0 <= start &&
        start <= end &&
        end <= this.#bytes.length
      )
    )
      throw new RangeError(`"start" and "end" expected 0 <= start <= end <= ${this.#bytes.length}`);
    this.#offset = start;
    this.#end = end;
    this.#origin = start;
    if (this.#path.length !== 0) this.#path.length = 0;
    return this;
  }

  /** Current offset in the input. */
  get offset(): number {
    return this.#offset;
  }

  /** Bytes left before the current limit. */
  get remaining(): number {
    return this.#end - this.#offset;
  }

  /** The dotted path of the field being decoded. */
  get path(): string {
    return this.#path.map(segment).join(".");
  }

  /** The whole input this reader was made over. */
  get input(): Uint8Array {
    return this.#bytes;
  }

  /**
   * Append `segment` to the field path; {@link Reader.leave} removes it. The closure-free form of
   * {@link Reader.field}: after a failure the reader is abandoned, so the path does not need
   * restoring on the error path (the error already names it).
   * @param segment - field name, or an element index
   */
  enter(segment: string | number): void {
    this.#path.push(segment);
  }

  /** Remove the last segment added by {@link Reader.enter}. */
  leave(): void {
    this.#path.pop();
  }

  /**
   * Run `body` with `segment` appended to the field path.
   * @param segment - field name or `[i]`
   * @param body - the decoding to run
   * @returns what `body` returns
   */
  field<T>(segment: string, body: () => T): T {
    this.#path.push(segment);
    try {
      return body();
    } finally {
      this.#path.pop();
    }
  }

  /**
   * Throw a `CodecError` at the current path and offset.
   * @param code - a `CodecErrorCode`, or a code of the package whose structure is malformed
   * @param what - description
   * @param offset - byte offset; defaults to the current one
   * @param details - more non-secret details (beside `path` and `offset`)
   */
  fail(code: string, what: string, offset = this.#offset, details?: Record<string, number | string>): never {
    throw codecError(code, what, this.path, offset - this.#origin, details);
  }

  /** Throw at `offset`, in `field` (a primitive's argument) below the current path. */
  #failIn(field: string | number | undefined, code: string, what: string, offset: number): never {
    const path = this.path;
    const where = field === undefined ? path : path === "" ? segment(field) : `${path}.${segment(field)}`;
    throw codecError(code, what, where, offset - this.#origin);
  }

  #truncated(what: string, n: number, field: string | number | undefined): never {
    const at = this.#offset;
    this.#failIn(field, CodecErrorCode.truncated, `${what}: need ${n} bytes, ${this.#end - at} left`, at);
  }

  /**
   * Read a uint8.
   * @param field - names the field in an error (appended to the path), read only on failure
   */
  uint8(field?: string | number): number {
    const at = this.#offset;
    if (at + 1 > this.#end) this.#truncated("uint8", 1, field);
    this.#offset = at + 1;
    return this.#bytes[at]!;
  }

  /**
   * Read a big-endian uint16.
   * @param field - names the field in an error, read only on failure
   */
  uint16(field?: string | number): number {
    const at = this.#offset;
    if (at + 2 > this.#end) this.#truncated("uint16", 2, field);
    this.#offset = at + 2;
    return (this.#bytes[at]! << 8) | this.#bytes[at + 1]!;
  }

  /**
   * Read a big-endian uint32.
   * @param field - names the field in an error, read only on failure
   */
  uint32(field?: string | number): number {
    const at = this.#offset;
    if (at + 4 > this.#end) this.#truncated("uint32", 4, field);
    this.#offset = at + 4;
    const b = this.#bytes;
    return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
  }

  /**
   * Read a big-endian uint64 as a bigint.
   * @param field - names the field in an error, read only on failure
   */
  uint64(field?: string | number): bigint {
    const at = this.#offset;
    if (at + 8 > this.#end) this.#truncated("uint64", 8, field);
    this.#offset = at + 8;
    this.#view ??= new DataView(this.#buffer);
    return this.#view.getBigUint64(this.#base + at);
  }

  /**
   * Read a minimal MLS varint (RFC 9420 §2.1.2).
   * @param field - names the field in an error, read only on failure
   */
  varint(field?: string | number): number {
    const at = this.#offset;
    if (at < this.#end) {
      const first = this.#bytes[at]!;
      if (first < 0x40) {
        this.#offset = at + 1;
        return first;
      }
    }
    return this.#longVarint(at, field);
  }

  /** The 2- and 4-byte varints, and every malformed one. */
  #longVarint(at: number, field: string | number | undefined): number {
    if (at >= this.#end) this.#failIn(field, CodecErrorCode.truncated, "varint: input ended", at);
    const first = this.#bytes[at]!;
    const prefix = first >>> 6;
    // RFC 9420 §2.1.2: "Vectors that start with the prefix "11" are invalid and MUST be rejected."
    if (prefix === 3)
      this.#failIn(field, CodecErrorCode.reservedVarintPrefix, "varint: reserved 0b11 prefix", at);
    const size = prefix === 1 ? 2 : 4;
    if (at + size > this.#end)
      this.#failIn(field, CodecErrorCode.truncated, `varint: need ${size} bytes`, at);
    let value = first & 0x3f;
    for (let i = 1; i < size; i++) value = value * 256 + this.#bytes[at + i]!;
    // RFC 9420 §2.1.2: values using more bits than necessary MUST be treated as malformed.
    if (value < (size === 2 ? 0x40 : 0x4000)) {
      this.#failIn(field, CodecErrorCode.nonMinimalVarint, `varint: ${value} not minimally encoded`, at);
    }
    this.#offset = at + size;
    return value;
  }

  /** A `<V>` length prefix, bounded by the bytes left after it (before anything is allocated). */
  #length(field: string | number | undefined): number {
    const at = this.#offset;
    const n = this.varint(field);
    const left = this.#end - this.#offset;
    if (n > left)
      this.#failIn(
        field,
        CodecErrorCode.lengthExceedsInput,
        `length ${n} exceeds the ${left} bytes left`,
        at,
      );
    return n;
  }

  /** `n` bytes at `at` as a view (checked by the caller). */
  #take(at: number, n: number): Uint8Array {
    this.#offset = at + n;
    return this.#plain ? new Uint8Array(this.#buffer, this.#base + at, n) : this.#bytes.subarray(at, at + n);
  }

  /**
   * Read `n` bytes as a view into the input.
   * @param n - count
   * @param field - names the field in an error, read only on failure
   */
  bytes(n: number, field?: string | number): Uint8Array {
    if (this.#offset + n > this.#end) this.#truncated("bytes", n, field);
    return this.#take(this.#offset, n);
  }

  /**
   * Read `opaque<V>`: a varint length, checked against the remaining input, then that many bytes.
   * @param field - names the field in an error, read only on failure
   */
  opaque(field?: string | number): Uint8Array {
    const n = this.#length(field);
    return this.#take(this.#offset, n);
  }

  /**
   * Read a `<V>` length prefix (bounded by the remaining input) and limit the reader to the region
   * it announces, until {@link Reader.endLength}: the closure-free form of {@link Reader.withLength}.
   *
   * @param field - names the length's field in an error, read only on failure
   * @returns the outer limit, to hand to {@link Reader.endLength}
   * @example
   * ```ts
   * const outer = r.beginLength();
   * while (r.remaining > 0) items.push(r.uint16());
   * r.endLength(outer);
   * ```
   */
  beginLength(field?: string | number): number {
    const n = this.#length(field);
    const outer = this.#end;
    this.#end = this.#offset + n;
    return outer;
  }

  /**
   * Read `uint16 items<V>` (the lists of Capabilities, of RequiredCapabilities, …), frozen; every
   * empty one is the same frozen array.
   * @param field - names the list in an error, read only on failure
   * @returns the values
   */
  uint16Vector(field?: string | number): readonly number[] {
    const outer = this.beginLength(field);
    const count = (this.#end - this.#offset) >>> 1;
    if (count === 0 && this.#offset === this.#end) {
      this.#end = outer;
      return EMPTY;
    }
    // Sized up front (a grown array costs more to freeze). A whole element cannot fail: only an
    // odd last byte is read with the list and the element's index in the path (and fails there).
    const out = new Array<number>(count);
    const b = this.#bytes;
    let at = this.#offset;
    for (let i = 0; i < count; i++, at += 2) out[i] = (b[at]! << 8) | b[at + 1]!;
    this.#offset = at;
    if (at < this.#end) {
      if (field !== undefined) this.enter(field);
      this.enter(count);
      this.uint16();
    }
    this.#end = outer;
    return Object.freeze(out);
  }

  /**
   * Close the region opened by {@link Reader.beginLength}: it must be consumed exactly.
   * @param outer - what {@link Reader.beginLength} returned
   */
  endLength(outer: number): void {
    if (this.#offset !== this.#end) {
      this.fail(CodecErrorCode.vectorNotConsumed, `${this.#end - this.#offset} bytes left inside a vector`);
    }
    this.#end = outer;
  }

  /**
   * Read a `<V>`-prefixed region and decode it with `body`, which must consume it exactly.
   * The length is bounded by the remaining input before anything is decoded.
   *
   * @param body - decodes the region; it sees only the region's bytes
   * @returns what `body` returns
   */
  withLength<T>(body: () => T): T {
    const outer = this.beginLength();
    try {
      const value = body();
      this.endLength(outer);
      return value;
    } finally {
      this.#end = outer;
    }
  }
}
