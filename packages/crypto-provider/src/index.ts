/**
 * @module @mlskit/crypto-provider
 * The crypto layer's contract: the {@link CryptoProvider} and {@link CipherSuiteImpl} interfaces,
 * the RFC 9420 cipher-suite registry as data, GREASE values, the labelled helpers of RFC 9420
 * §5.1–§5.2, §8 and §9.1 written once over any provider, ECDSA DER conversion, stable error codes,
 * and the pieces providers share: {@link createHpkeImpl} (an HPKE library's suite and KEM as an
 * {@link HpkeImpl}, described structurally) and private-key normalisation ({@link clampXKey},
 * {@link padScalar}). No third-party runtime dependency; implementations live in
 * `@mlskit/crypto-provider-*`.
 *
 * @example
 * ```ts
 * import { CipherSuite, signWithLabel } from "@mlskit/crypto-provider";
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * const suite = await nobleCryptoProvider.getCipherSuite(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
 * const { privateKey } = await suite.signature.generateKeyPair();
 * const signature = await signWithLabel(suite, privateKey, "KeyPackageTBS", new Uint8Array([1, 2, 3]));
 * ```
 */
export { type AeadFunctions, createAeadImpl } from "./aead-impl.js";
export { assertBytes, assertUint } from "./assert.js";
export {
  CIPHER_SUITES,
  CipherSuite,
  type CipherSuiteInfo,
  type CipherSuiteName,
  cipherSuiteInfo,
  type SignatureEncoding,
} from "./cipher-suite.js";
export type {
  AeadImpl,
  CipherSuiteImpl,
  CryptoProvider,
  HashImpl,
  HpkeCiphertext,
  HpkeImpl,
  KdfImpl,
  KeyPair,
  SignatureImpl,
} from "./crypto-provider.js";
export { ecdsaDerToRaw, ecdsaRawToDer } from "./ecdsa-der.js";
export { CryptoErrorCode, cryptoError } from "./errors.js";
export { GREASE_VALUES, isGrease } from "./grease.js";
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
export {
  decryptWithLabel,
  deriveSecret,
  deriveTreeSecret,
  encodeMlsLabel,
  encryptWithLabel,
  expandWithLabel,
  refHash,
  signWithLabel,
  verifyWithLabel,
} from "./labels.js";
export { clampXKey, padScalar } from "./private-keys.js";
export { secureRandomBytes } from "./random.js";
