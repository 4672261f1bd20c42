/**
 * @module @mlskit/codec
 * The TLS presentation language of RFC 9420 §2.1, strict and canonical: minimal varints only,
 * the 0b11 prefix rejected, lengths bounded before allocation, no trailing bytes, and every
 * failure a `CodecError` naming the field path and byte offset. Also the GREASE values of RFC 9420
 * §13.5, which every uint16 registry of the wire format reserves.
 */
export { bytesEqual, concatBytes, fromHex, fromUtf8, toHex, utf8 } from "./bytes.js";
export {
  type Codec,
  type CodecType,
  decode,
  encode,
  fixedOpaque,
  lazy,
  mapCodec,
  opaque,
  optional,
  type StructValue,
  select,
  struct,
  uint8,
  uint16,
  uint32,
  uint64,
  varint,
  vector,
} from "./codec.js";
export { CodecErrorCode, codecError } from "./errors.js";
export { GREASE_VALUES, isGrease } from "./grease.js";
export { Reader } from "./reader.js";
export { decodeVarint, encodeVarint, MAX_VARINT, varintSize } from "./varint.js";
export { Writer } from "./writer.js";
