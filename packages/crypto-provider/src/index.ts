/**
 * @module @mlskit/crypto-provider
 * The crypto layer's contract, what users and upper layers import: the {@link CryptoProvider} and
 * {@link CipherSuiteImpl} interfaces, the RFC 9420 cipher-suite registry and its algorithm
 * registries as typed data, the labelled helpers of RFC 9420 §5.1–§5.2, §8 and §9.1 written once
 * over any provider, and the stable error codes. No third-party runtime dependency;
 * implementations live in `@mlskit/crypto-provider-*`.
 *
 * Two more entry points: `@mlskit/crypto-provider/kit`, the pieces provider authors share
 * (argument checks, HKDF, the HPKE and AEAD adapters, private-key normalisation, ECDSA DER,
 * randomness, `cryptoError`), and `@mlskit/crypto-provider/testing`, the conformance and
 * differential kits.
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
export {
  AEADS,
  AeadId,
  type AeadInfo,
  HASH_NAMES,
  type HashName,
  hashOutputSize,
  KDFS,
  KdfId,
  type KdfInfo,
  KEMS,
  KemId,
  type KemInfo,
  SIGNATURE_SCHEMES,
  type SignatureEncoding,
  type SignatureName,
  SignatureScheme,
  type SignatureSchemeInfo,
} from "./algorithms.js";
export {
  CIPHER_SUITES,
  CipherSuite,
  type CipherSuiteInfo,
  type CipherSuiteName,
  cipherSuiteCodePoints,
  cipherSuiteInfo,
  type ProvisionalCodePoint,
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
export { CryptoErrorCode } from "./errors.js";
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
