/**
 * @module varint
 * The MLS variable-length integer of RFC 9420 §2.1.2 (the QUIC varint without its 8-byte form).
 */
import { CodecErrorCode, codecError } from "./errors.js";

/** Largest value a `<V>` length can take: 2^30 − 1. */
export const MAX_VARINT = 0x3fffffff;

/**
 * Number of bytes of the minimal encoding of `n`.
 *
 * @param n - 0..2^30−1
 * @returns 1, 2 or 4
 * @throws CodecError CODEC_VALUE_OUT_OF_RANGE when `n` does not fit
 * @example
 * ```ts
 * varintSize(63); // 1
 * varintSize(64); // 2
 * ```
 */
export function varintSize(n: number): 1 | 2 | 4 {
  if (!Number.isInteger(n) || n < 0 || n > MAX_VARINT) {
    throw codecError(CodecErrorCode.valueOutOfRange, `varint value ${String(n)} is outside 0..2^30-1`, "", 0);
  }
  return n < 0x40 ? 1 : n < 0x4000 ? 2 : 4;
}

/**
 * Encode `n` as a minimal MLS varint.
 *
 * @param n - 0..2^30−1
 * @returns 1, 2 or 4 bytes
 * @throws CodecError CODEC_VALUE_OUT_OF_RANGE when `n` does not fit
 * @example
 * ```ts
 * encodeVarint(15293); // Uint8Array [0x7b, 0xbd]
 * ```
 */
export function encodeVarint(n: number): Uint8Array {
  const size = varintSize(n);
  if (size === 1) return Uint8Array.of(n);
  if (size === 2) return Uint8Array.of(0x40 | (n >>> 8), n & 0xff);
  return Uint8Array.of(0x80 | (n >>> 24), (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/**
 * Read a minimal MLS varint at `offset` of `bytes`.
 *
 * @param bytes - input
 * @param offset - where the varint starts
 * @param path - field path for errors
 * @returns the value and the number of bytes it used
 * @throws CodecError CODEC_RESERVED_VARINT_PREFIX, CODEC_NON_MINIMAL_VARINT or CODEC_TRUNCATED
 * @internal used by {@link decodeVarint} and the Reader
 */
export function readVarintAt(
  bytes: Uint8Array,
  offset: number,
  path: string,
): { value: number; length: number } {
  if (offset >= bytes.length) throw codecError(CodecErrorCode.truncated, "varint: input ended", path, offset);
  const first = bytes[offset]!;
  const prefix = first >>> 6;
  // RFC 9420 §2.1.2: "Vectors that start with the prefix "11" are invalid and MUST be rejected."
  if (prefix === 3)
    throw codecError(CodecErrorCode.reservedVarintPrefix, "varint: reserved 0b11 prefix", path, offset);
  if (prefix === 0) return { value: first, length: 1 };
  const length = prefix === 1 ? 2 : 4;
  if (offset + length > bytes.length) {
    throw codecError(CodecErrorCode.truncated, `varint: need ${length} bytes`, path, offset);
  }
  let value = first & 0x3f;
  for (let i = 1; i < length; i++) value = value * 256 + bytes[offset + i]!;
  // RFC 9420 §2.1.2: values using more bits than necessary MUST be treated as malformed.
  if (value < (length === 2 ? 0x40 : 0x4000)) {
    throw codecError(CodecErrorCode.nonMinimalVarint, `varint: ${value} not minimally encoded`, path, offset);
  }
  return { value, length };
}

/**
 * Decode the MLS varint at the start of `bytes` (bytes after it are ignored; see `decode` for
 * strict whole-input decoding).
 *
 * @param bytes - input starting with a varint
 * @returns the value and its encoded length
 * @throws CodecError when the varint is reserved, non-minimal or truncated
 * @example
 * ```ts
 * decodeVarint(Uint8Array.of(0x9d, 0x7f, 0x3e, 0x7d)); // { value: 494878333, length: 4 }
 * ```
 */
export function decodeVarint(bytes: Uint8Array): { value: number; length: number } {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`"bytes" expected Uint8Array, got ${typeof bytes}`);
  return readVarintAt(bytes, 0, "varint");
}
