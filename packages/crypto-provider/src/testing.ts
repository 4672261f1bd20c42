/**
 * @module @mlskit/crypto-provider/testing
 * The provider conformance kit: run it from any provider's test suite with the runner's
 * `describe` / `it` / `expect` and the official crypto-basics vectors; and the differential kit,
 * which compares a provider with a reference provider on fresh keys.
 *
 * @example
 * ```ts
 * import { describe, expect, it } from "vitest";
 * import { runCryptoProviderConformance } from "@mlskit/crypto-provider/testing";
 * runCryptoProviderConformance(myProvider, { describe, it, expect }, { vectors });
 * ```
 */
export {
  type AeadVector,
  type ConformanceAssertion,
  type ConformanceOptions,
  type ConformanceTestApi,
  type CryptoBasicsVector,
  type HpkeVector,
  runCryptoProviderConformance,
} from "./conformance.js";
export { type DifferentialOptions, runCryptoProviderDifferential } from "./differential.js";
