/**
 * @module ecdsa-der
 * Conversion between the two ECDSA signature encodings: raw `r‖s` (IEEE P1363, what WebCrypto
 * produces) and DER `ECDSA-Sig-Value` (what RFC 9420 puts on the wire, via RFC 8446 §4.2.3).
 * Parsing is strict DER (X.690 §10): minimal lengths, minimal non-negative INTEGERs, no trailing
 * bytes, so a signature has exactly one accepted encoding.
 */
import { assertBytes, assertUint } from "./assert.js";
import { CryptoErrorCode, cryptoError } from "./errors.js";

/**
 * Encode a raw `r‖s` ECDSA signature as DER
 * `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }`.
 *
 * @param raw - `r‖s`, both halves of the scalar size (64, 96 or 132 bytes)
 * @returns the DER encoding
 * @throws TypeError if `raw` is not a Uint8Array; RangeError if its length is odd, zero or too long
 * @example
 * ```ts
 * const der = ecdsaRawToDer(rawFromWebCrypto); // 70..72 bytes for P-256
 * ```
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  assertBytes(raw, "raw");
  if (raw.length === 0 || raw.length % 2 !== 0 || raw.length > 2 * 66) {
    throw new RangeError(`"raw" expected an even length in 2..132, got ${raw.length}`);
  }
  const half = raw.length / 2;
  const r = derInteger(raw.subarray(0, half));
  const s = derInteger(raw.subarray(half));
  const body = r.length + s.length;
  // X.690 §8.1.3: short-form length below 128, else 0x81 + one length byte (enough up to P-521).
  const header = body < 0x80 ? [0x30, body] : [0x30, 0x81, body];
  const out = new Uint8Array(header.length + body);
  out.set(header, 0);
  out.set(r, header.length);
  out.set(s, header.length + r.length);
  return out;
}

/**
 * Decode a DER `ECDSA-Sig-Value` into raw `r‖s`, each left-padded to `scalarLength` bytes.
 *
 * @param der - the DER signature
 * @param scalarLength - the curve's scalar size: 32 (P-256), 48 (P-384) or 66 (P-521)
 * @returns `r‖s` of `2 × scalarLength` bytes
 * @throws CryptoError `INVALID_SIGNATURE_ENCODING` for anything that is not canonical DER or whose
 *   integers do not fit `scalarLength`; TypeError / RangeError for wrong argument types
 * @example
 * ```ts
 * const raw = ecdsaDerToRaw(signature, 32); // 64 bytes, ready for WebCrypto verify
 * ```
 */
export function ecdsaDerToRaw(der: Uint8Array, scalarLength: number): Uint8Array {
  assertBytes(der, "der");
  assertUint(scalarLength, "scalarLength", 0xffff);
  if (scalarLength === 0) throw new RangeError(`"scalarLength" expected a positive integer, got 0`);
  const bad = (why: string) =>
    cryptoError(CryptoErrorCode.invalidSignatureEncoding, `ECDSA signature is not canonical DER: ${why}`);
  if (der.length < 2 || der[0] !== 0x30) throw bad("expected a SEQUENCE");
  let at = 2;
  let len = der[1]!;
  if (len === 0x81) {
    // X.690 §10.1: the long form is allowed only for lengths of 128 and more.
    if (der.length < 3 || der[2]! < 0x80) throw bad("non-minimal length");
    len = der[2]!;
    at = 3;
  } else if (len > 0x80) {
    throw bad("length too large");
  } else if (len === 0x80) {
    throw bad("indefinite length");
  }
  if (at + len !== der.length) throw bad("length does not match the input");
  const out = new Uint8Array(2 * scalarLength);
  for (let k = 0; k < 2; k++) {
    if (at + 2 > der.length || der[at] !== 0x02) throw bad("expected an INTEGER");
    const n = der[at + 1]!;
    if (n === 0 || n >= 0x80) throw bad("bad INTEGER length");
    at += 2;
    if (at + n > der.length) throw bad("INTEGER runs past the end");
    let v = der.subarray(at, at + n);
    at += n;
    if ((v[0]! & 0x80) !== 0) throw bad("negative INTEGER");
    if (v[0] === 0 && v.length > 1) {
      // X.690 §8.3.2: a leading 0x00 is allowed only before a byte with its top bit set.
      if ((v[1]! & 0x80) === 0) throw bad("non-minimal INTEGER");
      v = v.subarray(1);
    }
    if (v.length > scalarLength) throw bad("INTEGER larger than the curve's scalar");
    out.set(v, (k + 1) * scalarLength - v.length);
  }
  if (at !== der.length) throw bad("trailing bytes");
  return out;
}

/**
 * What an ECDSA `verify` checks before the curve arithmetic, the same in every provider: the
 * public key must be an uncompressed point of the curve's size (RFC 9420 §5.1.1) and the signature
 * canonical DER ({@link ecdsaDerToRaw}). `verify` answers `false` when either fails.
 *
 * @param publicKey - the SEC1 public key
 * @param signature - the DER signature
 * @param scalarLength - the curve's scalar size: 32 (P-256), 48 (P-384) or 66 (P-521)
 * @returns `r‖s` of `2 × scalarLength` bytes, or `undefined` when `verify` must answer `false`
 * @example
 * ```ts
 * const raw = ecdsaVerifyInput(publicKey, signature, 32);
 * if (raw === undefined) return false;
 * ```
 */
export function ecdsaVerifyInput(
  publicKey: Uint8Array,
  signature: Uint8Array,
  scalarLength: number,
): Uint8Array | undefined {
  // RFC 9420 §5.1.1: signature keys are uncompressed points only.
  if (publicKey.length !== 1 + 2 * scalarLength || publicKey[0] !== 0x04) return undefined;
  try {
    return ecdsaDerToRaw(signature, scalarLength);
  } catch {
    return undefined;
  }
}

/** Minimal DER INTEGER (tag, length, content) of a non-negative big-endian number. */
function derInteger(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const v = bytes.subarray(i);
  const pad = (v[0]! & 0x80) !== 0 ? 1 : 0;
  const out = new Uint8Array(2 + pad + v.length);
  out[0] = 0x02;
  out[1] = pad + v.length;
  out.set(v, 2 + pad);
  return out;
}
