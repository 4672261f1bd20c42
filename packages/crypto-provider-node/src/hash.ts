/**
 * @module hash
 * The suite hash and HKDF (RFC 5869) on `node:crypto`: one-shot `createHash` for SHA-256/384/512
 * and `createHmac` under the shared `createHkdf` (Extract and Expand separately, as MLS uses them;
 * `hkdfSync` always runs both), all synchronous in OpenSSL (a key package's hashes are a few
 * hundred bytes: a thread-pool trip would cost more than the hash).
 */
import { createHash, createHmac } from "node:crypto";
import type { HashImpl, HashName, KdfImpl } from "@mlskit/crypto-provider";
import { hashOutputSize } from "@mlskit/crypto-provider";
import { assertBytes, createHkdf } from "@mlskit/crypto-provider/kit";
import { plainBytes as plain } from "./keys.js";

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
    size: hashOutputSize(name),
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
  const algorithm = OPENSSL[name];
  // OpenSSL accepts an empty HMAC key; createHkdf passes HashLen zero bytes, the same MAC.
  return createHkdf(
    hashOutputSize(name),
    (key) => (message) => plain(createHmac(algorithm, key).update(message).digest()),
  );
}
