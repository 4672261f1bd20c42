/**
 * @module random
 * The provider's only source of randomness besides SubtleCrypto's own key generation:
 * `crypto.getRandomValues`, read in chunks of at most 65536 bytes as the Web Crypto API requires.
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
 * const seed = randomBytes(32);
 * ```
 * @internal
 */
export function randomBytes(n: number): Uint8Array {
  assertUint(n, "n", 2 ** 30);
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += CHUNK)
    globalThis.crypto.getRandomValues(out.subarray(at, Math.min(n, at + CHUNK)));
  return out;
}
