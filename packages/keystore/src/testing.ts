/**
 * @module @mlskit/keystore/testing
 * The key store conformance kit: run it from any `KeyPackageStore` implementation's test suite
 * with the runner's `describe` / `it` / `expect` and a `CryptoProvider` for making key packages.
 *
 * @example
 * ```ts
 * import { describe, expect, it } from "vitest";
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * import { runKeyStoreConformance } from "@mlskit/keystore/testing";
 * runKeyStoreConformance({ describe, it, expect }, {
 *   name: "my-store",
 *   provider: nobleCryptoProvider,
 *   open: ({ location, ...opts }) => openMyStore({ name: location, ...opts }),
 * });
 * ```
 */
export type {
  KeyStoreConformanceAssertion,
  KeyStoreConformanceOptions,
  KeyStoreConformanceTestApi,
  KeyStoreOpenContext,
} from "./conformance/options.js";
export { runKeyStoreConformance } from "./conformance/run-key-store-conformance.js";
