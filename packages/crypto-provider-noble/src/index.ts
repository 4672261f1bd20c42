/**
 * @module @mlskit/crypto-provider-noble
 * A pure-JavaScript `CryptoProvider` for all seven RFC 9420 cipher suites, built on
 * `@noble/curves`, `@noble/hashes` and `@hpke/core`.
 *
 * @example
 * ```ts
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * const suite = await nobleCryptoProvider.getCipherSuite(1);
 * ```
 */
export { nobleCryptoProvider } from "./noble-crypto-provider.js";
