/**
 * @module hash
 * The suite hash and HKDF (RFC 5869): SHA-256/384/512 and HMAC. Small inputs are hashed in
 * JavaScript (`@noble/hashes`), larger ones on SubtleCrypto (`digest`, HMAC `sign`). Every
 * SubtleCrypto call is an asynchronous job (in Node a trip through libuv's thread pool, about
 * 25–40 µs on its own; HMAC needs an `importKey` first), which costs more than hashing a few KiB in
 * JS; past {@link JS_HASH_MAX_BYTES} the native code wins. Both give the same bytes.
 * SubtleCrypto's own HKDF always runs both steps, so MLS's separate Extract and Expand are written
 * over HMAC here.
 */
import { type HashImpl, type HashName, hashOutputSize, type KdfImpl } from "@mlskit/crypto-provider";
import { assertBytes, createHkdf } from "@mlskit/crypto-provider/kit";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { bufferSource } from "./bytes.js";

const JS_HASHES = { "SHA-256": sha256, "SHA-384": sha384, "SHA-512": sha512 } as const;

/**
 * The largest input (for HMAC: message) hashed in JavaScript; larger ones go to SubtleCrypto.
 * Measured in Node 20 (2-core EPYC), one call at a time: `subtle.digest` costs about 25–45 µs
 * whatever the size up to a few KiB, `@noble/hashes` about 11 µs per KiB for SHA-256 and 22 µs per
 * KiB for SHA-384/512 (128-byte blocks of 64-bit words, slower in JS), so they cross near 4–6 KiB
 * and 2–3 KiB. The limits stay a little below, so JS never takes much longer than the native
 * call would. HMAC over SubtleCrypto (importKey + sign) costs twice the trip, so these limits are
 * conservative for it.
 *
 * @example
 * ```ts
 * JS_HASH_MAX_BYTES["SHA-256"]; // 4096
 * ```
 * @internal
 */
export const JS_HASH_MAX_BYTES: Readonly<Record<HashName, number>> = Object.freeze({
  "SHA-256": 4096,
  "SHA-384": 2048,
  "SHA-512": 2048,
});

/**
 * The {@link HashImpl} of a suite: `@noble/hashes` up to {@link JS_HASH_MAX_BYTES}, else
 * `subtle.digest`.
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
  const js = JS_HASHES[name];
  const max = JS_HASH_MAX_BYTES[name];
  return Object.freeze({
    size: hashOutputSize(name),
    async digest(data: Uint8Array): Promise<Uint8Array> {
      assertBytes(data, "data");
      if (data.length <= max) return js(data);
      return new Uint8Array(await subtle.digest(name, bufferSource(data)));
    },
  });
}

/**
 * The {@link KdfImpl} (HKDF with the given hash) of a suite, over HMAC: `@noble/hashes` when the
 * HMAC message is at most {@link JS_HASH_MAX_BYTES}, else SubtleCrypto's HMAC `sign`. For Expand
 * the message of every block has the same size (T(i-1) ‖ info ‖ i), so one operation takes one
 * path.
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
  const js = JS_HASHES[name];
  const max = JS_HASH_MAX_BYTES[name];
  // One HMAC key per Extract or Expand: the pads once in JS for short messages, one importKey on
  // SubtleCrypto for long ones.
  return createHkdf(hashOutputSize(name), async (key, maxMessageLength) => {
    if (maxMessageLength <= max) {
      const mac = hmac.create(js, key);
      return (message) => mac.clone().update(message).digest();
    }
    const cryptoKey = await subtle.importKey("raw", bufferSource(key), { name: "HMAC", hash: name }, false, [
      "sign",
    ]);
    return async (message) => new Uint8Array(await subtle.sign("HMAC", cryptoKey, bufferSource(message)));
  });
}
