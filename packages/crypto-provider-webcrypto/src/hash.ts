/**
 * @module hash
 * The suite hash and HKDF (RFC 5869) on SubtleCrypto: `digest` for SHA-256/384/512 and HMAC for
 * HKDF-Extract and HKDF-Expand. SubtleCrypto's own HKDF always runs both steps, so MLS's separate
 * Extract and Expand are written over HMAC here.
 */
import type { HashImpl, KdfImpl } from "@mlskit/crypto-provider";
import { assertBytes, assertUint } from "./assert.js";
import { bufferSource } from "./bytes.js";

/** A registry hash name, also SubtleCrypto's. */
export type HashName = "SHA-256" | "SHA-384" | "SHA-512";

const SIZES: Readonly<Record<HashName, number>> = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };

/**
 * The {@link HashImpl} of a suite, on `subtle.digest`.
 *
 * @param subtle - the runtime's SubtleCrypto
 * @param name - `"SHA-256"`, `"SHA-384"` or `"SHA-512"`
 * @returns the hash implementation
 * @example
 * ```ts
 * await webCryptoHash(crypto.subtle, "SHA-256").digest(new Uint8Array(0));
 * ```
 * @internal
 */
export function webCryptoHash(subtle: SubtleCrypto, name: HashName): HashImpl {
  return Object.freeze({
    size: SIZES[name],
    async digest(data: Uint8Array): Promise<Uint8Array> {
      assertBytes(data, "data");
      return new Uint8Array(await subtle.digest(name, bufferSource(data)));
    },
  });
}

/**
 * The {@link KdfImpl} (HKDF with the given hash) of a suite, on `subtle.sign` with HMAC.
 *
 * @param subtle - the runtime's SubtleCrypto
 * @param name - `"SHA-256"`, `"SHA-384"` or `"SHA-512"`
 * @returns HKDF extract/expand
 * @example
 * ```ts
 * const kdf = webCryptoKdf(crypto.subtle, "SHA-256");
 * const prk = await kdf.extract(new Uint8Array(0), ikm);
 * ```
 * @internal
 */
export function webCryptoKdf(subtle: SubtleCrypto, name: HashName): KdfImpl {
  const size = SIZES[name];
  const hmacKey = (key: Uint8Array): Promise<CryptoKey> =>
    subtle.importKey("raw", bufferSource(key), { name: "HMAC", hash: name }, false, ["sign"]);
  return Object.freeze({
    size,
    async extract(salt: Uint8Array, ikm: Uint8Array): Promise<Uint8Array> {
      assertBytes(salt, "salt");
      assertBytes(ikm, "ikm");
      // RFC 5869 §2.2: an absent salt is HashLen zero bytes. (WebCrypto also refuses an empty HMAC key.)
      const key = await hmacKey(salt.length === 0 ? new Uint8Array(size) : salt);
      return new Uint8Array(await subtle.sign("HMAC", key, bufferSource(ikm)));
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
      const key = await hmacKey(prk);
      // RFC 5869 §2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), OKM = first L octets of T(1) | T(2) | ...
      const block = new Uint8Array(size + info.length + 1);
      let t = new Uint8Array(0);
      for (let i = 1, at = 0; at < length; i++, at += size) {
        block.set(t, 0);
        block.set(info, t.length);
        block[t.length + info.length] = i;
        t = new Uint8Array(
          await subtle.sign("HMAC", key, bufferSource(block.subarray(0, t.length + info.length + 1))),
        );
        out.set(t.subarray(0, Math.min(size, length - at)), at);
      }
      block.fill(0);
      t.fill(0);
      return out;
    },
  });
}
