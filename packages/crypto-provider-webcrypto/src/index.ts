/**
 * @module @mlskit/crypto-provider-webcrypto
 * A `CryptoProvider` for all seven RFC 9420 cipher suites on the runtime's SubtleCrypto (Node ≥ 20.19
 * and browsers), with bundled pure-JS fallbacks (`@noble/curves`, `@hpke/*`) for the algorithms a
 * runtime lacks, decided once per suite.
 *
 * @example
 * ```ts
 * import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
 * const provider = createWebCryptoProvider();
 * const suite = await provider.getCipherSuite(1);
 * ```
 */
export { detectNativeAlgorithms, OPTIONAL_ALGORITHMS, type OptionalAlgorithm } from "./probe.js";
export {
  type Backend,
  type CipherSuiteBackends,
  createWebCryptoProvider,
  type WebCryptoProvider,
  type WebCryptoProviderOptions,
} from "./webcrypto-provider.js";
