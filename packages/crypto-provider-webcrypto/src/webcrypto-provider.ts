/**
 * @module webcrypto-provider
 * {@link createWebCryptoProvider}: a {@link CryptoProvider} for the seven cipher suites of RFC 9420
 * §17.1 on the runtime's SubtleCrypto (`globalThis.crypto.subtle`), in Node ≥ 20.19 and browsers.
 * What SubtleCrypto lacks (see {@link OPTIONAL_ALGORITHMS}) comes from bundled pure-JS code
 * (`@noble/curves`, `@hpke/*`), decided once per suite by a cached probe.
 */
import {
  AeadId,
  CIPHER_SUITES,
  type CipherSuiteImpl,
  type CipherSuiteInfo,
  type CryptoProvider,
  KemId,
  type SignatureName,
} from "@mlskit/crypto-provider";
import { cacheCipherSuites, secureRandomBytes as randomBytes } from "@mlskit/crypto-provider/kit";
import { webCryptoAead } from "./aead.js";
import { webCryptoHash, webCryptoKdf } from "./hash.js";
import { aeadOf, webCryptoHpke } from "./hpke.js";
import type { MlDsaAlgorithm, MlKemAlgorithm } from "./post-quantum.js";
import { isNative, OPTIONAL_ALGORITHMS, type OptionalAlgorithm } from "./probe.js";
import { runtimeSubtle } from "./runtime-subtle.js";
import { webCryptoSignature } from "./signature.js";

/**
 * Options of {@link createWebCryptoProvider}.
 *
 * @example
 * ```ts
 * // Keep Node's experimental Ed448/X448 out of the picture: use the pure-JS code for them.
 * const opts: WebCryptoProviderOptions = { forceFallback: ["Ed448", "X448"] };
 * ```
 */
export interface WebCryptoProviderOptions {
  /**
   * Algorithms to take from the pure-JS fallback even where SubtleCrypto has them (default: none).
   * For tests of the fallback paths, or to avoid Node's ExperimentalWarning for Ed448/X448 and,
   * on Node 24, for ChaCha20-Poly1305 (suites 3 and 6): `["ChaCha20-Poly1305"]`.
   */
  readonly forceFallback?: readonly OptionalAlgorithm[];
  /** The provider's {@link CryptoProvider.name} (default `"webcrypto"`). */
  readonly name?: string;
}

/**
 * Where one part of a suite runs: on SubtleCrypto or in the bundled pure-JS fallback.
 *
 * @example
 * ```ts
 * const b: Backend = (await provider.describeCipherSuite(6)).kem; // "fallback" in Chromium (X448)
 * ```
 */
export type Backend = "webcrypto" | "fallback";

/**
 * Where each part of a cipher suite runs in this provider, as decided when the suite was built.
 *
 * @example
 * ```ts
 * const where: CipherSuiteBackends = await provider.describeCipherSuite(4);
 * where.signature; // "webcrypto" on Node 20 (Ed448), "fallback" in Chromium
 * ```
 */
export interface CipherSuiteBackends {
  /** The suite id. */
  readonly id: number;
  /** The suite hash (SubtleCrypto `digest`; inputs of at most 2–4 KiB hashed in JS, which is faster). */
  readonly hash: Backend;
  /** HKDF (SubtleCrypto HMAC; HMAC messages of at most 2–4 KiB in JS, which is faster). */
  readonly kdf: Backend;
  /**
   * The HPKE KEM (P-curves always native; X25519/X448 probed; ML-KEM: key generation native when
   * probed, Encap/Decap always in `@hpke/ml-kem`; X-Wing always the pure-JS fallback).
   */
  readonly kem: Backend;
  /** The HPKE AEAD (AES-GCM always native; ChaCha20-Poly1305 probed). */
  readonly aead: Backend;
  /** The signature scheme (ECDSA always native; Ed25519/Ed448 and ML-DSA probed). */
  readonly signature: Backend;
}

/**
 * A {@link CryptoProvider} on SubtleCrypto, which can also tell where each suite runs.
 *
 * @example
 * ```ts
 * const provider: WebCryptoProvider = createWebCryptoProvider();
 * await provider.describeCipherSuite(1); // { id: 1, hash: "webcrypto", ..., signature: "webcrypto" }
 * ```
 */
export interface WebCryptoProvider extends CryptoProvider {
  /**
   * @param id - a supported cipher-suite id
   * @returns where each part of the suite runs (builds the suite if needed)
   * @throws CryptoError `UNSUPPORTED_CIPHER_SUITE` (rejected promise) for any other id
   */
  describeCipherSuite(id: number): Promise<CipherSuiteBackends>;
}

interface Built {
  readonly impl: CipherSuiteImpl;
  readonly backends: CipherSuiteBackends;
}

/**
 * The optional algorithms a suite's signature, KEM and AEAD would take from SubtleCrypto; absent:
 * in every SubtleCrypto; `null`: in none (X-Wing), always the pure-JS fallback.
 */
function optionalParts(info: CipherSuiteInfo): {
  signature?: OptionalAlgorithm;
  kem?: OptionalAlgorithm | null;
  aead?: OptionalAlgorithm;
} {
  return {
    ...(info.signatureName === "ed25519" ? { signature: "Ed25519" as const } : {}),
    ...(info.signatureName === "ed448" ? { signature: "Ed448" as const } : {}),
    ...(info.kemId === KemId.DHKEM_X25519_HKDF_SHA256 ? { kem: "X25519" as const } : {}),
    ...(info.kemId === KemId.DHKEM_X448_HKDF_SHA512 ? { kem: "X448" as const } : {}),
    ...(info.aeadId === AeadId.CHACHA20_POLY1305 ? { aead: "ChaCha20-Poly1305" as const } : {}),
    ...(ML_DSA[info.signatureName] === undefined ? {} : { signature: ML_DSA[info.signatureName]! }),
    ...(ML_KEM[info.kemId] === undefined ? {} : { kem: ML_KEM[info.kemId]! }),
    ...(info.kemId === KemId.X_WING ? { kem: null } : {}),
  };
}

const ML_DSA: Readonly<Partial<Record<SignatureName, MlDsaAlgorithm>>> = {
  mldsa44: "ML-DSA-44",
  mldsa65: "ML-DSA-65",
  mldsa87: "ML-DSA-87",
};
const ML_KEM: Readonly<Partial<Record<KemId, MlKemAlgorithm>>> = {
  [KemId.ML_KEM_512]: "ML-KEM-512",
  [KemId.ML_KEM_768]: "ML-KEM-768",
  [KemId.ML_KEM_1024]: "ML-KEM-1024",
};

/**
 * Create a crypto provider on the runtime's SubtleCrypto (`globalThis.crypto.subtle`) for cipher
 * suites 1–7.
 *
 * - Native everywhere: SHA-2, HMAC (HKDF), AES-GCM, ECDSA and ECDH on P-256/384/521. SHA-2 and
 *   HMAC of small inputs (up to 4 KiB for SHA-256, 2 KiB for SHA-384/512) run in JS
 *   (`@noble/hashes`): cheaper than a SubtleCrypto call's round trip, same bytes.
 * - Probed once per runtime, then native or the bundled pure-JS fallback: Ed25519, Ed448, X25519,
 *   X448 (`@noble/curves`, `@hpke/dhkem-*`) and ChaCha20-Poly1305 (`@hpke/chacha20poly1305`).
 *   Fallback code is loaded lazily, only for suites that need it.
 * - Keys, signatures and ciphertexts are `Uint8Array`s in RFC 9420 wire encodings; ECDSA
 *   signatures are DER (converted from WebCrypto's r‖s). A signing key's `CryptoKey` is imported
 *   once per private-key array and cached (see the README).
 *
 * Without SubtleCrypto (a browser page in an insecure context) the provider supports no suite.
 *
 * @param opts - see {@link WebCryptoProviderOptions}
 * @returns the provider; `getCipherSuite` returns the same frozen object for a suite every time
 * @throws TypeError / RangeError for malformed options
 * @example
 * ```ts
 * import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
 * import { signWithLabel, verifyWithLabel } from "@mlskit/crypto-provider";
 *
 * const provider = createWebCryptoProvider();
 * const suite = await provider.getCipherSuite(1);
 * const kp = await suite.signature.generateKeyPair();
 * const tbs = new Uint8Array([1, 2, 3]);
 * const sig = await signWithLabel(suite, kp.privateKey, "KeyPackageTBS", tbs);
 * await verifyWithLabel(suite, kp.publicKey, "KeyPackageTBS", tbs, sig); // true
 * ```
 */
export function createWebCryptoProvider(opts: WebCryptoProviderOptions = {}): WebCryptoProvider {
  if (typeof opts !== "object" || opts === null) {
    throw new TypeError(`"opts" expected an object, got ${opts === null ? "null" : typeof opts}`);
  }
  const forced = new Set<OptionalAlgorithm>();
  if (opts.forceFallback !== undefined) {
    if (!Array.isArray(opts.forceFallback)) throw new TypeError(`"forceFallback" expected an array`);
    for (const alg of opts.forceFallback) {
      if (!OPTIONAL_ALGORITHMS.includes(alg)) {
        throw new RangeError(
          `"forceFallback" expected entries of ${OPTIONAL_ALGORITHMS.join(", ")}, got ${String(alg)}`,
        );
      }
      forced.add(alg);
    }
  }
  const name = opts.name ?? "webcrypto";
  if (typeof name !== "string") throw new TypeError(`"name" expected string, got ${typeof name}`);

  const subtle = runtimeSubtle();
  const supported: readonly number[] = Object.freeze(
    subtle === undefined ? [] : CIPHER_SUITES.map((s) => s.id),
  );

  // A part with no optional algorithm (ECDSA, P-curve KEM, AES-GCM) is always native.
  const native = async (alg: OptionalAlgorithm | null | undefined): Promise<boolean> =>
    alg === undefined || (alg !== null && !forced.has(alg) && (await isNative(alg)));
  const backend = (isNativePart: boolean): Backend => (isNativePart ? "webcrypto" : "fallback");

  async function build(info: CipherSuiteInfo, subtle: SubtleCrypto): Promise<Built> {
    const parts = optionalParts(info);
    // Decided once per suite: the probes run here (cached per runtime), never per operation.
    const [sigNative, kemNative, aeadNative] = await Promise.all([
      native(parts.signature),
      native(parts.kem),
      native(parts.aead),
    ]);
    // One AEAD object per suite, shared by its HPKE and its AeadImpl.
    const aead = await aeadOf(info, aeadNative, subtle);
    const impl: CipherSuiteImpl = Object.freeze({
      id: info.id,
      hash: webCryptoHash(subtle, info.hashName),
      kdf: webCryptoKdf(subtle, info.kdfHashName),
      hpke: await webCryptoHpke(subtle, info, kemNative, aead),
      aead: webCryptoAead(info, aead),
      signature: await webCryptoSignature(subtle, info, sigNative),
    });
    const backends: CipherSuiteBackends = Object.freeze({
      id: info.id,
      hash: "webcrypto",
      kdf: "webcrypto",
      kem: backend(kemNative),
      aead: backend(aeadNative),
      signature: backend(sigNative),
    });
    return { impl, backends };
  }

  // A failed build (e.g. a fallback module that did not load) is retried on the next call.
  const get = cacheCipherSuites(
    (info) => build(info, subtle!),
    () => (subtle === undefined ? "needs SubtleCrypto, which this runtime lacks" : undefined),
  );

  return Object.freeze({
    name,
    supportedCipherSuites(): readonly number[] {
      return supported;
    },
    async getCipherSuite(id: number): Promise<CipherSuiteImpl> {
      return (await get(id)).impl;
    },
    async describeCipherSuite(id: number): Promise<CipherSuiteBackends> {
      return (await get(id)).backends;
    },
    randomBytes,
  });
}
