/**
 * @module hkdf
 * HKDF (RFC 5869) over any HMAC, for providers: MLS uses Extract and Expand separately (RFC 9420
 * §8), and platform APIs that have HKDF (Web Crypto's `deriveBits`, Node's `hkdfSync`) only run
 * both at once, so a provider on such an API writes them over its HMAC. The argument checks and
 * the Expand loop live here once; a provider supplies only "HMAC with this key".
 */
import { assertBytes, assertUint } from "./assert.js";
import type { KdfImpl } from "./crypto-provider.js";

/**
 * HMAC-Hash under one key, as a provider computes it: `(message) => MAC`.
 *
 * @example
 * ```ts
 * const mac: HmacFunction = (m) => new Uint8Array(createHmac("sha256", key).update(m).digest());
 * ```
 */
export type HmacFunction = (message: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/**
 * Key an HMAC: called once per Extract and once per Expand (whose blocks all use the same key),
 * with the length of the longest message the returned function will get, so a provider can pick
 * its path (e.g. JS for short messages, a native API for long ones) and set the key up once.
 *
 * @example
 * ```ts
 * const keyed: KeyedHmac = (key) => (m) => new Uint8Array(createHmac("sha256", key).update(m).digest());
 * ```
 */
export type KeyedHmac = (key: Uint8Array, maxMessageLength: number) => HmacFunction | Promise<HmacFunction>;

/**
 * A {@link KdfImpl} — HKDF-Extract and HKDF-Expand of RFC 5869 — over a provider's HMAC.
 *
 * @param size - HashLen of the HMAC's hash (32, 48 or 64 for the RFC 9420 suites)
 * @param keyed - keys the HMAC (see {@link KeyedHmac})
 * @returns extract/expand with mlskit's argument checks: TypeError for non-bytes, RangeError for
 *   `length` over 255 × HashLen or a PRK shorter than HashLen
 * @example
 * ```ts
 * import { createHmac } from "node:crypto";
 * import { createHkdf } from "@mlskit/crypto-provider";
 * const kdf = createHkdf(32, (key) => (m) => new Uint8Array(createHmac("sha256", key).update(m).digest()));
 * const prk = await kdf.extract(new Uint8Array(0), new Uint8Array(32));
 * ```
 */
export function createHkdf(size: number, keyed: KeyedHmac): KdfImpl {
  assertUint(size, "size", 255);
  if (typeof keyed !== "function") throw new TypeError(`"keyed" expected a function`);
  return Object.freeze({
    size,
    async extract(salt: Uint8Array, ikm: Uint8Array): Promise<Uint8Array> {
      assertBytes(salt, "salt");
      assertBytes(ikm, "ikm");
      // RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM); an absent salt is HashLen zero bytes (some
      // APIs, Web Crypto's among them, refuse an empty HMAC key).
      const mac = await keyed(salt.length === 0 ? new Uint8Array(size) : salt, ikm.length);
      return mac(ikm);
    },
    async expand(prk: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
      assertBytes(prk, "prk");
      assertBytes(info, "info");
      // RFC 5869 §2.3: L <= 255 * HashLen.
      assertUint(length, "length", 255 * size);
      // RFC 5869 §2.3: PRK is "a pseudorandom key of at least HashLen octets".
      if (prk.length < size) throw new RangeError(`"prk" expected at least ${size} bytes, got ${prk.length}`);
      const out = new Uint8Array(length);
      if (length === 0) return out;
      const mac = await keyed(prk, size + info.length + 1);
      // RFC 5869 §2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), OKM = first L octets of T(1) | T(2) | ...
      const block = new Uint8Array(size + info.length + 1);
      let t: Uint8Array = new Uint8Array(0);
      for (let i = 1, at = 0; at < length; i++, at += size) {
        block.set(t, 0);
        block.set(info, t.length);
        block[t.length + info.length] = i;
        const next = await mac(block.subarray(0, t.length + info.length + 1));
        t.fill(0);
        t = next;
        out.set(t.subarray(0, Math.min(size, length - at)), at);
      }
      block.fill(0);
      t.fill(0);
      return out;
    },
  });
}
