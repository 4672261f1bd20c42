/**
 * @module reader
 * A zero-copy reader over a `Uint8Array`: byte fields come back as `subarray` views of the input.
 * It tracks the field path being decoded so every error can name it.
 */
import { CodecErrorCode, codecError } from "./errors.js";
import { readVarintAt } from "./varint.js";

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
  readonly #view: DataView;
  #offset: number;
  #end: number;
  // Field names, and element indexes as numbers (formatted as `[i]` only when a path is read).
  readonly #path: Array<string | number> = [];

  /**
   * @param bytes - input (not copied)
   * @param offset - first byte to read
   * @param end - one past the last byte to read
   */
  constructor(bytes: Uint8Array, offset = 0, end = bytes.length) {
    if (!(bytes instanceof Uint8Array))
      throw new TypeError(`"bytes" expected Uint8Array, got ${typeof bytes}`);
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#offset = offset;
    this.#end = end;
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
    return this.#path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".");
  }

  /** The whole input this reader was made over. */
  get input(): Uint8Array {
    return this.#bytes;
  }

  /**
   * Append `segment` to the field path; {@link Reader.leave} removes it. The closure-free form of
   * {@link Reader.field} for hot decoders: after a failure the reader is abandoned, so the path
   * does not need restoring on the error path (the error already names it).
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
   * Run `body` with `segment` appended to the field path (used by struct and vector codecs).
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
   * @param code - a `CodecErrorCode`
   * @param what - description
   * @param offset - byte offset; defaults to the current one
   */
  fail(code: CodecErrorCode, what: string, offset = this.#offset): never {
    throw codecError(code, what, this.path, offset);
  }

  #need(n: number, what: string): void {
    if (this.#offset + n > this.#end) {
      this.fail(CodecErrorCode.truncated, `${what}: need ${n} bytes, ${this.remaining} left`);
    }
  }

  /** Read a uint8. */
  uint8(): number {
    this.#need(1, "uint8");
    return this.#bytes[this.#offset++]!;
  }

  /** Read a big-endian uint16. */
  uint16(): number {
    this.#need(2, "uint16");
    const v = this.#view.getUint16(this.#offset);
    this.#offset += 2;
    return v;
  }

  /** Read a big-endian uint32. */
  uint32(): number {
    this.#need(4, "uint32");
    const v = this.#view.getUint32(this.#offset);
    this.#offset += 4;
    return v;
  }

  /** Read a big-endian uint64 as a bigint. */
  uint64(): bigint {
    this.#need(8, "uint64");
    const v = this.#view.getBigUint64(this.#offset);
    this.#offset += 8;
    return v;
  }

  /** Read a minimal MLS varint (RFC 9420 §2.1.2). */
  varint(): number {
    const at = this.#offset;
    // Fast path for the common 1-byte form; everything else (and every error) goes through the
    // shared decoder, limited to this reader's window. The path string is built only on error.
    if (at < this.#end) {
      const first = this.#bytes[at]!;
      if (first < 0x40) {
        this.#offset = at + 1;
        return first;
      }
    }
    const end = this.#end;
    const view = end === this.#bytes.length ? this.#bytes : this.#bytes.subarray(0, end);
    let result: { value: number; length: number };
    try {
      result = readVarintAt(view, at, "");
    } catch (e) {
      const code = (e as { code?: CodecErrorCode }).code ?? CodecErrorCode.truncated;
      this.fail(code, (e as Error).message.replace(/ at offset \d+$/, ""), at);
    }
    this.#offset = at + result.length;
    return result.value;
  }

  /**
   * Read `n` bytes as a view into the input.
   * @param n - count
   */
  bytes(n: number): Uint8Array {
    this.#need(n, "bytes");
    const out = this.#bytes.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return out;
  }

  /** Read `opaque<V>`: a varint length, checked against the remaining input, then that many bytes. */
  opaque(): Uint8Array {
    const at = this.#offset;
    const n = this.varint();
    if (n > this.remaining) {
      this.fail(
        CodecErrorCode.lengthExceedsInput,
        `length ${n} exceeds the ${this.remaining} bytes left`,
        at,
      );
    }
    return this.bytes(n);
  }

  /**
   * Read a `<V>`-prefixed region and decode it with `body`, which must consume it exactly.
   * The length is bounded by the remaining input before anything is decoded.
   *
   * @param body - decodes the region; it sees only the region's bytes
   * @returns what `body` returns
   */
  withLength<T>(body: () => T): T {
    const at = this.#offset;
    const n = this.varint();
    if (n > this.remaining) {
      this.fail(
        CodecErrorCode.lengthExceedsInput,
        `length ${n} exceeds the ${this.remaining} bytes left`,
        at,
      );
    }
    const outerEnd = this.#end;
    const end = this.#offset + n;
    this.#end = end;
    try {
      const value = body();
      if (this.#offset !== end) {
        this.fail(CodecErrorCode.vectorNotConsumed, `${end - this.#offset} bytes left inside a vector`);
      }
      return value;
    } finally {
      this.#end = outerEnd;
    }
  }
}
