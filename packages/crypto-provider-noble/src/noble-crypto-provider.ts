/**
 * @module noble-crypto-provider
 * {@link nobleCryptoProvider}: a pure-JavaScript {@link CryptoProvider} for the seven cipher
 * suites of RFC 9420 §17.1, built from the suite registry of `@mlskit/crypto-provider`.
 */
import {
  CIPHER_SUITES,
  type CipherSuiteImpl,
  type CipherSuiteInfo,
  type CryptoProvider,
} from "@mlskit/crypto-provider";
import { cacheCipherSuites, secureRandomBytes as randomBytes } from "@mlskit/crypto-provider/kit";
import { nobleAead } from "./aead.js";
import { nobleHash, nobleKdf } from "./hash.js";
import { nobleHpke } from "./hpke.js";
import { nobleSignature } from "./signature.js";

const SUPPORTED: readonly number[] = Object.freeze(CIPHER_SUITES.map((s) => s.id));

function build(info: CipherSuiteInfo): CipherSuiteImpl {
  return Object.freeze({
    id: info.id,
    hash: nobleHash(info.hashName),
    kdf: nobleKdf(info.kdfHashName),
    hpke: nobleHpke(info),
    aead: nobleAead(info),
    signature: nobleSignature(info),
  });
}

/**
 * The noble crypto provider: hashes and HKDF from `@noble/hashes`; Ed25519, Ed448 and ECDSA
 * (P-256/384/521, DER signatures, uncompressed keys) from `@noble/curves`; HPKE from `@hpke/core`
 * with noble-backed X25519/X448 KEMs; the suite AEAD from `@noble/ciphers`. Randomness only from `crypto.getRandomValues`.
 * `getCipherSuite` returns the same frozen object for a suite every time.
 *
 * @example
 * ```ts
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * import { signWithLabel, verifyWithLabel } from "@mlskit/crypto-provider";
 *
 * const suite = await nobleCryptoProvider.getCipherSuite(1);
 * const kp = await suite.signature.generateKeyPair();
 * const tbs = new Uint8Array([1, 2, 3]);
 * const sig = await signWithLabel(suite, kp.privateKey, "KeyPackageTBS", tbs);
 * await verifyWithLabel(suite, kp.publicKey, "KeyPackageTBS", tbs, sig); // true
 * ```
 */
export const nobleCryptoProvider: CryptoProvider = Object.freeze({
  name: "noble",
  supportedCipherSuites(): readonly number[] {
    return SUPPORTED;
  },
  // One frozen impl per suite, built on first use.
  getCipherSuite: cacheCipherSuites(build),
  randomBytes,
});
