/**
 * @module hash
 * The suite hash and HKDF (RFC 5869) on `node:crypto`: one-shot `createHash` for SHA-256/384/512
 * and `createHmac` for HKDF-Extract and HKDF-Expand, all synchronous in OpenSSL (a key package's
 * hashes are a few hundred bytes: a thread-pool trip would cost more than the hash). MLS uses
 * Extract and Expand separately (RFC 9420 §8), so they are written over HMAC here rather than
 * with `hkdfSync`, which always runs both.
 */
import { createHash, createHmac } from "node:crypto";
import type { HashImpl, KdfImpl } from "@mlskit/crypto-provider";
import { assertBytes, assertUint } from "@mlskit/crypto-provider";
import { plainBytes as plain } from "./keys.js";

/** A registry hash name. */
export type HashName = "SHA-256" | "SHA-384" | "SHA-512";

const SIZES: Readonly<Record<HashName, number>> = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };
const OPENSSL: Readonly<Record<HashName, string>> = {
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

/**
 * The {@link HashImpl} of a suite.
 *
 * @param name - `"SHA-256"`, `"SHA-384"` or `"SHA-512"`
 * @returns the hash implementation
 * @example
 * ```ts
 * await nodeHash("SHA-256").digest(new Uint8Array(0));
 * ```
 * @internal
 */
export function nodeHash(name: HashName): HashImpl {
  const algorithm = OPENSSL[name];
  return Object.freeze({
    size: SIZES[name],
    async digest(data: Uint8Array): Promise<Uint8Array> {
      assertBytes(data, "data");
      return plain(createHash(algorithm).update(data).digest());
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
 * const kdf = nodeKdf("SHA-256");
 * const prk = await kdf.extract(new Uint8Array(0), new Uint8Array(32));
 * ```
 * @internal
 */
export function nodeKdf(name: HashName): KdfImpl {
  const size = SIZES[name];
  const algorithm = OPENSSL[name];
  return Object.freeze({
    size,
    async extract(salt: Uint8Array, ikm: Uint8Array): Promise<Uint8Array> {
      assertBytes(salt, "salt");
      assertBytes(ikm, "ikm");
      // RFC 5869 §2.2: an absent salt is HashLen zero bytes; HMAC pads its key with zeros to the
      // block size, so the empty key gives the same result.
      return plain(createHmac(algorithm, salt).update(ikm).digest());
    },
    async expand(prk: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
      assertBytes(prk, "prk");
      assertBytes(info, "info");
      // RFC 5869 §2.3: L <= 255 * HashLen.
      assertUint(length, "length", 255 * size);
      // RFC 5869 §2.3: PRK is "a pseudorandom key of at least HashLen octets".
      if (prk.length < size) throw new RangeError(`"prk" expected at least ${size} bytes, got ${prk.length}`);
      const out = new Uint8Array(length);
      // RFC 5869 §2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), OKM = first L octets of T(1) | T(2) | ...
      let t: Buffer = Buffer.alloc(0);
      const counter = new Uint8Array(1);
      for (let i = 1, at = 0; at < length; i++, at += size) {
        counter[0] = i;
        const next = createHmac(algorithm, prk).update(t).update(info).update(counter).digest();
        t.fill(0);
        t = next;
        out.set(t.subarray(0, Math.min(size, length - at)), at);
      }
      t.fill(0);
      return out;
    },
  });
}
