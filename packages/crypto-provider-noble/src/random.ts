/**
 * @module random
 * The provider's only source of randomness: `crypto.getRandomValues` (Web Crypto, present in
 * Node ≥ 20 and every browser), read in chunks of at most 65536 bytes as the API requires.
 */
import { assertUint } from "./assert.js";

/** Web Crypto caps one getRandomValues call at 65536 bytes. */
const CHUNK = 65536;

/**
 * Cryptographically secure random bytes.
 *
 * @param n - number of bytes (0..2^30)
 * @returns `n` random bytes
 * @throws TypeError / RangeError for a bad `n`
 * @example
 * ```ts
 * const nonce = randomBytes(12);
 * ```
 */
export function randomBytes(n: number): Uint8Array {
  assertUint(n, "n", 2 ** 30);
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += CHUNK)
    globalThis.crypto.getRandomValues(out.subarray(at, Math.min(n, at + CHUNK)));
  return out;
}
