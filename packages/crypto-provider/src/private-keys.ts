/**
 * @module private-keys
 * Pure private-key normalisation shared by every provider: clamping X25519/X448 scalars
 * (RFC 9180 §7.1.2, RFC 7748 §5) and left-padding big-endian EC scalars to their fixed size
 * (RFC 9180 §7.1.2, SEC 1 §2.3.7). Both work on copies and never put key bytes in a message.
 * Range checks against a group order stay with each provider, which has the curve arithmetic.
 */
import { assertBytes } from "./assert.js";
import { CryptoErrorCode, cryptoError } from "./errors.js";

/**
 * Clamp an X25519 (32-byte) or X448 (56-byte) private key, as RFC 9180 §7.1.2 requires of both
 * `DeserializePrivateKey` (on input) and `SerializePrivateKey` (on output); the clamping itself is
 * `decodeScalar25519` / `decodeScalar448` of RFC 7748 §5. The official vectors hold clamped and
 * unclamped keys, so any `size` bytes are accepted.
 *
 * @param key - the raw scalar, `size` bytes (left untouched)
 * @param size - the curve's Nsk: 32 (X25519) or 56 (X448)
 * @returns a clamped copy
 * @throws TypeError if `key` is not a Uint8Array; RangeError if `size` is not 32 or 56
 * @throws CryptoError `INVALID_PRIVATE_KEY` if `key` is not `size` bytes long
 * @example
 * ```ts
 * import { clampXKey } from "@mlskit/crypto-provider/kit";
 * const sk = clampXKey(crypto.getRandomValues(new Uint8Array(32)), 32);
 * (sk[0]! & 7) === 0 && (sk[31]! & 0xc0) === 0x40; // true
 * ```
 */
export function clampXKey(key: Uint8Array, size: number): Uint8Array {
  assertBytes(key, "key");
  if (size !== 32 && size !== 56) throw new RangeError(`"size" expected 32 or 56, got ${size}`);
  assertPrivateKeySize(key, size, "HPKE");
  const k = key.slice();
  if (size === 32) {
    // RFC 7748 §5 decodeScalar25519: clear the 3 low bits, clear bit 255, set bit 254.
    k[0]! &= 248;
    k[31]! &= 127;
    k[31]! |= 64;
  } else {
    // RFC 7748 §5 decodeScalar448: clear the 2 low bits, set bit 447.
    k[0]! &= 252;
    k[55]! |= 128;
  }
  return k;
}

/**
 * Left-pad a big-endian EC scalar (P-256/384/521, HPKE or ECDSA) to its fixed size. RFC 9180
 * §7.1.2 serializes a private key as a full-length big-endian integer, but some implementations
 * drop leading zero bytes (the official passive-client vectors hold 65-byte P-521 keys), so
 * shorter input is accepted. This does not check that the scalar is in 1..n-1: the caller does.
 *
 * @param key - the big-endian scalar, 1..`size` bytes (left untouched)
 * @param size - the curve's scalar size (32, 48 or 66 for P-256, P-384, P-521)
 * @param what - what the key is for, in the message (`"HPKE"`, `"ECDSA"`; default `"EC"`)
 * @returns a new array of `size` bytes
 * @throws TypeError if `key` is not a Uint8Array; RangeError if `size` is not a positive integer
 * @throws CryptoError `INVALID_PRIVATE_KEY` for an empty key or one longer than `size`
 * @example
 * ```ts
 * import { padScalar } from "@mlskit/crypto-provider/kit";
 * const d = padScalar(new Uint8Array(65).fill(1), 66, "HPKE"); // 66 bytes, d[0] === 0
 * ```
 */
export function padScalar(key: Uint8Array, size: number, what = "EC"): Uint8Array {
  assertBytes(key, "key");
  if (!Number.isInteger(size) || size <= 0) {
    throw new RangeError(`"size" expected a positive integer, got ${size}`);
  }
  if (key.length === 0 || key.length > size) {
    throw cryptoError(
      CryptoErrorCode.invalidPrivateKey,
      `${what} private key must be 1 to ${size} bytes, got ${key.length}`,
    );
  }
  const out = new Uint8Array(size);
  out.set(key, size - key.length);
  return out;
}

/**
 * Copy a private key that has one fixed size: the seeds of the post-quantum KEMs and signatures
 * (RFC 9180 §7.1.2 as draft-ietf-hpke-pq applies it: the 64-byte ML-KEM seed d‖z of FIPS 203,
 * the 32-byte X-Wing seed; the 32-byte ML-DSA seed ξ of FIPS 204). Any bytes of the right length
 * are a valid seed, so only the length is checked.
 *
 * @param key - the private key (left untouched)
 * @param size - its one valid size
 * @param what - what the key is for, in the message (`"HPKE"`, `"ML-DSA"`)
 * @returns a new array of `size` bytes
 * @throws TypeError if `key` is not a Uint8Array
 * @throws CryptoError `INVALID_PRIVATE_KEY` for any other length
 * @example
 * ```ts
 * import { seedPrivateKey } from "@mlskit/crypto-provider/kit";
 * const sk = seedPrivateKey(new Uint8Array(64), 64, "HPKE"); // ML-KEM seed, a copy
 * ```
 */
export function seedPrivateKey(key: Uint8Array, size: number, what: string): Uint8Array {
  assertBytes(key, "key");
  assertPrivateKeySize(key, size, what);
  return key.slice();
}

/**
 * Check that a private key has its scheme's one size (an EdDSA seed, RFC 8032 §5.1.5; an HPKE
 * X25519/X448 scalar or post-quantum seed).
 *
 * @param privateKey - the private key
 * @param size - the size it must have
 * @param scheme - the scheme's name, for the message (e.g. `"EdDSA"`)
 * @throws CryptoError `INVALID_PRIVATE_KEY` for any other size
 * @example
 * ```ts
 * assertPrivateKeySize(privateKey, 32, "EdDSA");
 * ```
 */
export function assertPrivateKeySize(privateKey: Uint8Array, size: number, scheme: string): void {
  if (privateKey.length !== size) {
    throw cryptoError(
      CryptoErrorCode.invalidPrivateKey,
      `${scheme} private key must be ${size} bytes, got ${privateKey.length}`,
    );
  }
}
