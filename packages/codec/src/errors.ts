/**
 * @module errors
 * The stable error codes of @mlskit/codec. Every decoding failure is a `CodecError` whose
 * `details` name the field `path` and the byte `offset` where it happened.
 */
import { CodecError, defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";

/** Stable codes thrown by the codec. */
export const CodecErrorCode = defineErrorCodes("CODEC_", {
  /** The input ended before the field was complete. */
  truncated: "CODEC_TRUNCATED",
  /** A declared length is larger than the bytes that remain (checked before allocating). */
  lengthExceedsInput: "CODEC_LENGTH_EXCEEDS_INPUT",
  /** RFC 9420 §2.1.2: a varint used more bytes than needed. */
  nonMinimalVarint: "CODEC_NON_MINIMAL_VARINT",
  /** RFC 9420 §2.1.2: the 0b11 length prefix is reserved. */
  reservedVarintPrefix: "CODEC_RESERVED_VARINT_PREFIX",
  /** A value does not fit a varint (max 2^30 − 1) or a fixed-width integer. */
  valueOutOfRange: "CODEC_VALUE_OUT_OF_RANGE",
  /** RFC 9420 §2.1.1: an optional's presence octet was neither 0 nor 1. */
  invalidOptional: "CODEC_INVALID_OPTIONAL",
  /** A vector's content was not consumed exactly by its elements. */
  vectorNotConsumed: "CODEC_VECTOR_NOT_CONSUMED",
  /** Bytes remained after the top-level value. */
  trailingBytes: "CODEC_TRAILING_BYTES",
  /** An enumerated or tagged value is not one the structure allows. */
  invalidValue: "CODEC_INVALID_VALUE",
});
/** One of the values of {@link CodecErrorCode}. */
export type CodecErrorCode = ErrorCodeOf<typeof CodecErrorCode>;

/**
 * Build a `CodecError` naming a path and an offset.
 *
 * @param code - one of {@link CodecErrorCode}, or a code of the package whose structure is malformed
 * @param what - short description of the failure (no key bytes)
 * @param path - dotted field path, e.g. `KeyPackage.leaf_node.signature`
 * @param offset - byte offset in the input
 * @param details - more non-secret details (beside `path` and `offset`)
 * @returns the error, to be thrown
 * @example
 * ```ts
 * throw codecError(CodecErrorCode.truncated, "need 2 bytes", "KeyPackage.version", 0);
 * ```
 */
export function codecError(
  code: string,
  what: string,
  path: string,
  offset: number,
  details?: Readonly<Record<string, number | string>>,
): CodecError {
  const where = path === "" ? `at offset ${offset}` : `at ${path} (offset ${offset})`;
  return new CodecError(code, `${what} ${where}`, { details: { path, offset, ...details } });
}
