/**
 * @module @mlskit/crypto-provider-node
 * A `CryptoProvider` on Node's own `node:crypto` (OpenSSL) for the seven cipher suites of
 * RFC 9420 §17.1: the fastest way to create and validate key packages in Node. Browsers use
 * `@mlskit/crypto-provider-webcrypto`; both pass the same conformance kit.
 *
 * @example
 * ```ts
 * import { createNodeCryptoProvider } from "@mlskit/crypto-provider-node";
 * import { createKeyPackage } from "@mlskit/key-packages";
 * import { basicCredential } from "@mlskit/credentials";
 *
 * const provider = createNodeCryptoProvider();
 * const suite = await provider.getCipherSuite(1);
 * const bundle = await createKeyPackage({
 *   provider,
 *   cipherSuite: 1,
 *   credential: basicCredential("alice@example.com"),
 *   signatureKeyPair: await suite.signature.generateKeyPair(),
 * });
 * ```
 */
export { createNodeCryptoProvider, type NodeCryptoProviderOptions } from "./node-crypto-provider.js";
