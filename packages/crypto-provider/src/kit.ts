/**
 * @module @mlskit/crypto-provider/kit
 * The toolkit of provider authors, kept apart from the contract (`@mlskit/crypto-provider`) that
 * users and upper layers import: what every provider must get right, written once — argument
 * checks with mlskit's messages, RFC 5869 HKDF over a platform HMAC, the adapters from an HPKE
 * library and from raw AEAD functions to the contract's `HpkeImpl` and `AeadImpl`
 * (checks, error codes, wiping), the ML-DSA and pure-JS EdDSA adapters (`verify` that never
 * throws), the signature argument checks, RFC 9180 §7.1.2 private-key normalisation, ECDSA DER ⇄ raw,
 * CSPRNG bytes, the per-suite cache behind `getCipherSuite`, and `cryptoError` for the contract's
 * stable codes.
 *
 * @example
 * ```ts
 * import { cipherSuiteInfo } from "@mlskit/crypto-provider";
 * import { createAeadImpl } from "@mlskit/crypto-provider/kit";
 * import { gcm } from "@noble/ciphers/aes.js";
 * const aead = createAeadImpl(cipherSuiteInfo(1)!, {
 *   seal: (key, nonce, aad, pt) => gcm(key, nonce, aad).encrypt(pt),
 *   open: (key, nonce, aad, ct) => gcm(key, nonce, aad).decrypt(ct),
 * });
 * ```
 */
export { type AeadFunctions, createAeadImpl } from "./aead-impl.js";
export { assertBytes, assertUint } from "./assert.js";
export { cacheCipherSuites } from "./cipher-suite-cache.js";
export { ecdsaDerToRaw, ecdsaRawToDer, ecdsaVerifyInput } from "./ecdsa-der.js";
export { createEdDsaImpl, type EdDsaLike } from "./eddsa-impl.js";
export { cryptoError } from "./errors.js";
export { createHkdf, type HmacFunction, type KeyedHmac } from "./hkdf.js";
export {
  createHpkeImpl,
  type HpkeImplParts,
  type HpkeKemLike,
  type HpkeKeyPairLike,
  type HpkeOpenParams,
  type HpkeSealParams,
  type HpkeSuiteLike,
} from "./hpke-impl.js";
export { type HpkeLibraryLike, hpkeLibraryAead, hpkeLibrarySuite } from "./hpke-library.js";
export { createMlDsaImpl, type MlDsaLike } from "./ml-dsa-impl.js";
export { pqDeriveKeyPairSeed, type Shake256, withPqDeriveKeyPair } from "./pq-kem.js";
export { assertPrivateKeySize, clampXKey, padScalar, seedPrivateKey } from "./private-keys.js";
export { secureRandomBytes } from "./random.js";
export { assertSignArgs, assertVerifyArgs } from "./signature-args.js";
