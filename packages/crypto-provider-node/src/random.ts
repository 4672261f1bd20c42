/**
 * @module random
 * Random bytes for the provider's `randomBytes` (internal). Each `crypto.getRandomValues` call
 * costs Node several microseconds of fixed overhead whatever its size, and key-package creation
 * asks for four bytes per package (the GREASE choice of RFC 9420 §13.5): small requests are
 * served from a pool filled from OpenSSL's CSPRNG 4 KiB at a time — the way Node's own
 * `crypto.randomUUID` buffers its entropy. Every byte is handed out once and zeroed in the pool
 * as it is taken; large requests bypass the pool.
 */
import { randomFillSync } from "node:crypto";
import { secureRandomBytes } from "@mlskit/crypto-provider/kit";

const POOL_SIZE = 4096;
/** Requests up to this size come from the pool. */
const SMALL = 64;

/**
 * A random-bytes function with its own pool.
 *
 * @returns `n` → `n` fresh random bytes (TypeError / RangeError for a bad `n`, as
 *   `secureRandomBytes`)
 * @example
 * ```ts
 * const randomBytes = pooledRandomBytes();
 * randomBytes(4);
 * ```
 * @internal
 */
export function pooledRandomBytes(): (n: number) => Uint8Array {
  const pool = new Uint8Array(POOL_SIZE);
  let at = POOL_SIZE;
  return (n: number): Uint8Array => {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > SMALL) return secureRandomBytes(n);
    if (at + n > POOL_SIZE) {
      randomFillSync(pool);
      at = 0;
    }
    const out = pool.slice(at, at + n);
    pool.fill(0, at, at + n);
    at += n;
    return out;
  };
}
