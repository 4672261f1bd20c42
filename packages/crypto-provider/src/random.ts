/**
 * @module random
 * The one source of randomness of mlskit's providers: `crypto.getRandomValues` (Web Crypto,
 * present in Node ≥ 20 and every browser), read in chunks of at most 65536 bytes as the API
 * requires. A platform API, not a crypto library, so it lives here once for every provider.
 */
import { assertUint } from "./assert.js";

/** Web Crypto caps one getRandomValues call at 65536 bytes. */
const CHUNK = 65536;

/**
 * Cryptographically secure random bytes from `crypto.getRandomValues`.
 *
 * @param n - number of bytes (0..2^30)
 * @returns `n` random bytes
 * @throws TypeError / RangeError for a bad `n`
 * @example
 * ```ts
 * import { secureRandomBytes } from "@mlskit/crypto-provider";
 * const nonce = secureRandomBytes(12);
 * ```
 */
export function secureRandomBytes(n: number): Uint8Array {
  assertUint(n, "n", 2 ** 30);
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += CHUNK)
    globalThis.crypto.getRandomValues(out.subarray(at, Math.min(n, at + CHUNK)));
  return out;
}
