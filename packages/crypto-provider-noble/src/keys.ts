/**
 * @module keys
 * Private-key normalisation for the NIST curves (internal): left-pad with `padScalar` of
 * `@mlskit/crypto-provider`, then check the range with `@noble/curves`, always on a copy.
 */
import { CryptoErrorCode } from "@mlskit/crypto-provider";
import { cryptoError, padScalar } from "@mlskit/crypto-provider/kit";
import type { p256 } from "@noble/curves/nist.js";

/**
 * Normalise a big-endian P-256/384/521 private key (HPKE or ECDSA): left-pad short input (65-byte
 * P-521 keys exist in the wild) and check that the scalar is in 1..n-1 (RFC 9180 §7.1.2,
 * SEC 1 §3.2.1).
 *
 * @param curve - the noble curve
 * @param key - big-endian scalar, 1..size bytes (left untouched)
 * @param size - the curve's scalar size
 * @param what - `"ECDSA"` or `"HPKE"`, for the message
 * @returns a new array of `size` bytes
 * @throws CryptoError `INVALID_PRIVATE_KEY` for an empty, too long, zero or out-of-range key
 * @example
 * ```ts
 * const sk = normalizeScalar(p256, new Uint8Array([1]), 32, "ECDSA"); // 31 zero bytes, then 1
 * ```
 * @internal
 */
export function normalizeScalar(curve: typeof p256, key: Uint8Array, size: number, what: string): Uint8Array {
  const k = padScalar(key, size, what);
  if (!curve.utils.isValidSecretKey(k)) {
    k.fill(0);
    throw cryptoError(CryptoErrorCode.invalidPrivateKey, `${what} private key is not in 1..n-1`);
  }
  return k;
}
