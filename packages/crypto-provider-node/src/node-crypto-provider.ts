/**
 * @module node-crypto-provider
 * {@link createNodeCryptoProvider}: a {@link CryptoProvider} for the seven cipher suites of
 * RFC 9420 §17.1 on Node's own `node:crypto` (OpenSSL), for Node ≥ 20.19 servers and tools.
 */
import {
  CIPHER_SUITES,
  type CipherSuiteImpl,
  type CipherSuiteInfo,
  type CryptoProvider,
  KemId,
  type SignatureImpl,
  type SignatureName,
} from "@mlskit/crypto-provider";
import { cacheCipherSuites, createMlDsaImpl } from "@mlskit/crypto-provider/kit";
import { nodeAead } from "./aead.js";
import { nodeHash, nodeKdf } from "./hash.js";
import { nodeHpke } from "./hpke.js";
import { generateNistKeyPair, generateOkpKeyPair, type NistCurve, type OkpCurve } from "./keys.js";
import { hasNativeMlDsa, nodeMlDsa } from "./post-quantum.js";
import { pooledRandomBytes } from "./random.js";
import { nodeEcdsa, nodeEdDsa } from "./signature.js";

/**
 * Options of {@link createNodeCryptoProvider}.
 *
 * @example
 * ```ts
 * const opts: NodeCryptoProviderOptions = { name: "node (server)" };
 * ```
 */
export interface NodeCryptoProviderOptions {
  /** The provider's {@link CryptoProvider.name} (default `"node"`). */
  readonly name?: string;
}

/** The curve OpenSSL needs for each signature scheme (none for ML-DSA: it has a pure-JS fallback). */
const SIGNATURE_CURVE: Readonly<Record<SignatureName, "Ed25519" | "Ed448" | NistCurve | undefined>> =
  Object.freeze({
    ed25519: "Ed25519",
    ed448: "Ed448",
    ecdsa_secp256r1_sha256: "P-256",
    ecdsa_secp384r1_sha384: "P-384",
    ecdsa_secp521r1_sha512: "P-521",
    mldsa44: undefined,
    mldsa65: undefined,
    mldsa87: undefined,
  });

/** The curve OpenSSL needs for each KEM (none for the post-quantum ones: pure-JS fallbacks). */
const KEM_CURVE: Readonly<Record<KemId, OkpCurve | NistCurve | undefined>> = Object.freeze({
  [KemId.DHKEM_P256_HKDF_SHA256]: "P-256",
  [KemId.DHKEM_P384_HKDF_SHA384]: "P-384",
  [KemId.DHKEM_P521_HKDF_SHA512]: "P-521",
  [KemId.DHKEM_X25519_HKDF_SHA256]: "X25519",
  [KemId.DHKEM_X448_HKDF_SHA512]: "X448",
  [KemId.ML_KEM_512]: undefined,
  [KemId.ML_KEM_768]: undefined,
  [KemId.ML_KEM_1024]: undefined,
  [KemId.X_WING]: undefined,
});

const isNist = (curve: string): curve is NistCurve => curve.startsWith("P-");

/** Whether this Node's OpenSSL has a curve (a FIPS build may lack the RFC 8410 ones). */
function hasCurve(curve: OkpCurve | NistCurve): boolean {
  try {
    if (isNist(curve)) generateNistKeyPair(curve);
    else generateOkpKeyPair(curve);
    return true;
  } catch {
    return false;
  }
}

async function signatureOf(info: CipherSuiteInfo): Promise<SignatureImpl> {
  const name = info.signatureName;
  if (name === "mldsa44" || name === "mldsa65" || name === "mldsa87") {
    // FIPS 204 in OpenSSL where this Node has it, else @noble/post-quantum (loaded lazily).
    if (hasNativeMlDsa()) return createMlDsaImpl(info, nodeMlDsa(name));
    const noble = await import("@noble/post-quantum/ml-dsa.js");
    const lib = name === "mldsa44" ? noble.ml_dsa44 : name === "mldsa65" ? noble.ml_dsa65 : noble.ml_dsa87;
    return createMlDsaImpl(info, lib);
  }
  const curve = SIGNATURE_CURVE[name]!;
  return isNist(curve) ? nodeEcdsa(curve) : nodeEdDsa(curve);
}

/**
 * Create a crypto provider on Node's `node:crypto` (OpenSSL) for cipher suites 1–7: the fastest
 * provider in Node.
 *
 * - Synchronous one-shot OpenSSL calls for everything a key package costs: key generation
 *   (X25519, X448, P-256/384/521, Ed25519, Ed448), signing and verification (EdDSA; ECDSA in DER
 *   as RFC 9420 requires), SHA-2 and HKDF. No thread-pool trip per call, as Web Crypto makes.
 * - HPKE Seal/Open/DeriveKeyPair through `@hpke/core` (Node's Web Crypto underneath; pure JS for
 *   X448 and ChaCha20-Poly1305).
 * - The suite AEAD (AES-GCM, ChaCha20-Poly1305) in OpenSSL, synchronously.
 * - A signer's private key is imported once per key array and cached; public keys of recent
 *   signers (256) too. Keys, signatures and ciphertexts are `Uint8Array`s in their RFC 9420 wire
 *   encodings, never `Buffer`s or `KeyObject`s.
 * - Node only (it imports `node:crypto`); in browsers use `@mlskit/crypto-provider-webcrypto`.
 *
 * @param opts - see {@link NodeCryptoProviderOptions}
 * @returns the provider; `getCipherSuite` returns the same frozen object for a suite every time
 * @throws TypeError for malformed options
 * @example
 * ```ts
 * import { createNodeCryptoProvider } from "@mlskit/crypto-provider-node";
 * import { signWithLabel, verifyWithLabel } from "@mlskit/crypto-provider";
 *
 * const provider = createNodeCryptoProvider();
 * const suite = await provider.getCipherSuite(1);
 * const kp = await suite.signature.generateKeyPair();
 * const tbs = new Uint8Array([1, 2, 3]);
 * const sig = await signWithLabel(suite, kp.privateKey, "KeyPackageTBS", tbs);
 * await verifyWithLabel(suite, kp.publicKey, "KeyPackageTBS", tbs, sig); // true
 * ```
 */
export function createNodeCryptoProvider(opts: NodeCryptoProviderOptions = {}): CryptoProvider {
  if (typeof opts !== "object" || opts === null) {
    throw new TypeError(`"opts" expected an object, got ${opts === null ? "null" : typeof opts}`);
  }
  const name = opts.name ?? "node";
  if (typeof name !== "string") throw new TypeError(`"name" expected string, got ${typeof name}`);

  let supported: readonly number[] | undefined;
  const supportedCipherSuites = (): readonly number[] => {
    if (supported === undefined) {
      const curves = new Map<string, boolean>();
      const has = (curve: OkpCurve | NistCurve | undefined): boolean => {
        if (curve === undefined) return true;
        let ok = curves.get(curve);
        if (ok === undefined) {
          ok = hasCurve(curve);
          curves.set(curve, ok);
        }
        return ok;
      };
      supported = Object.freeze(
        CIPHER_SUITES.filter((s) => {
          const sig = SIGNATURE_CURVE[s.signatureName];
          const okpSig = sig === "Ed25519" || sig === "Ed448" ? sig : undefined;
          return has(KEM_CURVE[s.kemId]) && (okpSig === undefined || has(okpSig));
        }).map((s) => s.id),
      );
    }
    return supported;
  };

  const build = async (info: CipherSuiteInfo): Promise<CipherSuiteImpl> =>
    Object.freeze({
      id: info.id,
      hash: nodeHash(info.hashName),
      kdf: nodeKdf(info.kdfHashName),
      hpke: await nodeHpke(info),
      aead: nodeAead(info),
      signature: await signatureOf(info),
    });

  return Object.freeze({
    name,
    supportedCipherSuites,
    getCipherSuite: cacheCipherSuites(build, (info) =>
      supportedCipherSuites().includes(info.id) ? undefined : `is not supported by the ${name} provider`,
    ),
    randomBytes: pooledRandomBytes(),
  });
}
