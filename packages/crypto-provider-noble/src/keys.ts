/**
 * @module keys
 * Private-key normalisation on import (internal): left-pad short big-endian P-curve scalars and
 * clamp X25519/X448 scalars, always on a copy.
 */
import { CryptoErrorCode, cryptoError } from "@mlskit/crypto-provider";

/**
 * Left-pad a big-endian scalar to `size` bytes. Some implementations drop leading zero bytes (the
 * official passive-client vectors hold 65-byte P-521 keys), so shorter input is accepted.
 *
 * @param key - big-endian scalar, 1..size bytes
 * @param size - the curve's scalar size
 * @param what - `"signature"` or `"HPKE"`, for the message
 * @returns a new array of `size` bytes
 * @throws CryptoError `INVALID_PRIVATE_KEY` for an empty or too long key
 * @internal
 */
export function padScalar(key: Uint8Array, size: number, what: string): Uint8Array {
  if (key.length === 0 || key.length > size) {
    throw cryptoError(
      CryptoErrorCode.invalidPrivateKey,
      `${what} private key must be at most ${size} bytes, got ${key.length}`,
    );
  }
  const out = new Uint8Array(size);
  out.set(key, size - key.length);
  return out;
}

/**
 * RFC 9180 §7.1.2 / RFC 7748 §5: clamp an X25519 (32-byte) or X448 (56-byte) private key.
 * DeserializePrivateKey MUST clamp its input; the official vectors hold both forms.
 *
 * @param key - raw scalar
 * @returns a clamped copy
 * @throws CryptoError `INVALID_PRIVATE_KEY` for any other length
 * @internal
 */
export function clampXKey(key: Uint8Array): Uint8Array {
  const k = key.slice();
  if (k.length === 32) {
    k[0]! &= 248;
    k[31]! &= 127;
    k[31]! |= 64;
  } else if (k.length === 56) {
    k[0]! &= 252;
    k[55]! |= 128;
  } else {
    throw cryptoError(CryptoErrorCode.invalidPrivateKey, `X25519/X448 private key of ${key.length} bytes`);
  }
  return k;
}
