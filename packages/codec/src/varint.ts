/**
 * @module varint
 * The MLS variable-length integer of RFC 9420 §2.1.2 (the QUIC varint without its 8-byte form).
 */
import { CodecErrorCode, codecError } from "./errors.js";
import { Reader } from "./reader.js";

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
  const r = new Reader(bytes);
  r.enter("varint");
  const value = r.varint();
  return { value, length: r.offset };
}
