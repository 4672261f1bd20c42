/**
 * @module hash
 * The suite hash and HKDF (RFC 5869) over `@noble/hashes`: SHA-256, SHA-384 and SHA-512.
 */
import type { HashImpl, HashName, KdfImpl } from "@mlskit/crypto-provider";
import { assertBytes, assertUint } from "@mlskit/crypto-provider/kit";
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";

/** The hash functions mlskit suites use, by registry name. */
const HASHES = { "SHA-256": sha256, "SHA-384": sha384, "SHA-512": sha512 } as const satisfies Record<
  HashName,
  unknown
>;

/**
 * The {@link HashImpl} of a suite.
 *
 * @param name - `"SHA-256"`, `"SHA-384"` or `"SHA-512"`
 * @returns the hash implementation
 * @example
 * ```ts
 * await nobleHash("SHA-256").digest(new Uint8Array(0));
 * ```
 */
export function nobleHash(name: HashName): HashImpl {
  const h = HASHES[name];
  return Object.freeze({
    size: h.outputLen,
    async digest(data: Uint8Array): Promise<Uint8Array> {
      assertBytes(data, "data");
      return h(data);
    },
  });
}

/**
 * The {@link KdfImpl} (HKDF with the given hash) of a suite.
 *
 * @param name - `"SHA-256"`, `"SHA-384"` or `"SHA-512"`
 * @returns HKDF extract/expand
 * @example
 * ```ts
 * const kdf = nobleKdf("SHA-256");
 * const prk = await kdf.extract(new Uint8Array(0), ikm);
 * ```
 */
export function nobleKdf(name: HashName): KdfImpl {
  const h = HASHES[name];
  return Object.freeze({
    size: h.outputLen,
    async extract(salt: Uint8Array, ikm: Uint8Array): Promise<Uint8Array> {
      assertBytes(salt, "salt");
      assertBytes(ikm, "ikm");
      // RFC 5869 §2.2: an empty salt means HashLen zero bytes, which noble applies.
      return extract(h, ikm, salt);
    },
    async expand(prk: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
      assertBytes(prk, "prk");
      assertBytes(info, "info");
      // RFC 5869 §2.3: L <= 255 * HashLen.
      assertUint(length, "length", 255 * h.outputLen);
      // RFC 5869 §2.3: PRK is "a pseudorandom key of at least HashLen octets".
      if (prk.length < h.outputLen) {
        throw new RangeError(`"prk" expected at least ${h.outputLen} bytes, got ${prk.length}`);
      }
      if (length === 0) return new Uint8Array(0);
      return expand(h, prk, info, length);
    },
  });
}
