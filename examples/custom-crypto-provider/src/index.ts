/**
 * @module example-custom-crypto-provider
 * A CryptoProvider that wraps another: a cipher-suite policy plus operation counts and a
 * secret-free operation log. Checked by `@mlskit/crypto-provider/testing`.
 *
 * @example
 * ```ts
 * import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
 * const provider = instrumentCryptoProvider(createWebCryptoProvider(), { cipherSuites: [1, 2] });
 * ```
 */
export {
  type CryptoOperation,
  type CryptoOperationEvent,
  type InstrumentedCryptoProvider,
  type InstrumentOptions,
  instrumentCryptoProvider,
} from "./instrumented-provider.js";
