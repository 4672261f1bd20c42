/**
 * @module hpke
 * HPKE base mode (RFC 9180 §5.1.1) through `@hpke/core`'s `CipherSuite`. Its P-256/384/521 KEMs,
 * HKDFs and AES-GCM run on SubtleCrypto everywhere; its X25519 and X448 KEMs run on SubtleCrypto
 * when the runtime has the curve, and are swapped for the pure-JS `@hpke/dhkem-x25519` /
 * `@hpke/dhkem-x448` when it does not. ChaCha20-Poly1305 is native where Web Crypto has it, else
 * `@hpke/chacha20poly1305`. Fallback modules are loaded lazily, once, when a suite needs them.
 * Keys cross this module's boundary only as raw bytes. A native KEM's key pair is generated with
 * `generateKey` and read back with one JWK export of the private key (`d` and the public `x`, `y`):
 * no raw export of the public key, which in Node is one more trip through the thread pool.
 * The adapter itself (checks, error codes, normalisation, wiping) is `createHpkeImpl` of
 * `@mlskit/crypto-provider`; this module only picks the parts.
 */

import type { AeadInterface, KemInterface } from "@hpke/core";
import * as hpkeCore from "@hpke/core";
import { type CipherSuiteInfo, type HpkeImpl, KemId, type KeyPair } from "@mlskit/crypto-provider";
import { clampXKey, createHpkeImpl, hpkeLibraryAead, hpkeLibrarySuite } from "@mlskit/crypto-provider/kit";
import { shake256 } from "@noble/hashes/sha3.js";
import { base64UrlBytes } from "./bytes.js";
import { nativeChaCha20Poly1305 } from "./chacha20-poly1305.js";
import { type NistCurve, nistCurve, normalizeScalar } from "./keys.js";
import { type MlKemAlgorithm, webCryptoMlKemKeyPair } from "./post-quantum.js";

const xof = (data: Uint8Array, length: number): Uint8Array => shake256(data, { dkLen: length });

/**
 * What this provider does per KEM: the library KEM (native, or the lazily loaded pure-JS module
 * when SubtleCrypto lacks the curve), private-key normalisation (RFC 9180 §7.1.2: pad and
 * range-check P-curve scalars, clamp X25519/X448), and the WebCrypto algorithm a native key pair
 * is generated with (and whether it is an EC point of two coordinates).
 */
interface KemParts {
  kem(native: boolean): Promise<KemInterface>;
  /** Absent for the post-quantum KEMs: `createHpkeImpl` checks the seed's length. */
  normalize?(sk: Uint8Array): Uint8Array;
  /** Whether the KEM is in every SubtleCrypto (the P-curves), so never probed. */
  readonly alwaysNative: boolean;
  readonly alg: EcKeyGenParams | Algorithm;
  readonly ec: boolean;
  /** A post-quantum KEM: GenerateKeyPair natively (when native) by this function, else the library's. */
  readonly pq?: (subtle: SubtleCrypto) => Promise<KeyPair>;
}

/**
 * ML-KEM and X-Wing (draft-ietf-hpke-pq): Encap, Decap and DeriveKeyPair in the pure-JS `@hpke`
 * modules (loaded lazily); GenerateKeyPair of ML-KEM on SubtleCrypto when the probe finds it. A
 * private key is the KEM's seed, valid at its one size.
 */
function pq(kem: () => Promise<KemInterface>, native?: MlKemAlgorithm): KemParts {
  return {
    kem,
    alwaysNative: false,
    alg: { name: native ?? "X-Wing" },
    ec: false,
    // X-Wing is in no SubtleCrypto: never native, so the library's GenerateKeyPair is used.
    ...(native === undefined ? {} : { pq: (subtle: SubtleCrypto) => webCryptoMlKemKeyPair(subtle, native) }),
  };
}

function nist(curve: NistCurve["name"], kem: () => KemInterface): KemParts {
  return {
    kem: async () => kem(),
    normalize: (sk) => normalizeScalar(sk, nistCurve(curve), "HPKE"),
    alwaysNative: true,
    alg: { name: "ECDH", namedCurve: curve },
    ec: true,
  };
}

function okp(
  name: "X25519" | "X448",
  size: number,
  native: () => KemInterface,
  fallback: () => Promise<KemInterface>,
): KemParts {
  return {
    kem: async (isNative) => (isNative ? native() : fallback()),
    normalize: (sk) => clampXKey(sk, size),
    alwaysNative: false,
    alg: { name },
    ec: false,
  };
}

const KEM: Readonly<Record<KemId, KemParts>> = {
  [KemId.DHKEM_P256_HKDF_SHA256]: nist("P-256", () => new hpkeCore.DhkemP256HkdfSha256()),
  [KemId.DHKEM_P384_HKDF_SHA384]: nist("P-384", () => new hpkeCore.DhkemP384HkdfSha384()),
  [KemId.DHKEM_P521_HKDF_SHA512]: nist("P-521", () => new hpkeCore.DhkemP521HkdfSha512()),
  [KemId.DHKEM_X25519_HKDF_SHA256]: okp(
    "X25519",
    32,
    () => new hpkeCore.DhkemX25519HkdfSha256(),
    async () => new (await import("@hpke/dhkem-x25519")).DhkemX25519HkdfSha256(),
  ),
  [KemId.DHKEM_X448_HKDF_SHA512]: okp(
    "X448",
    56,
    () => new hpkeCore.DhkemX448HkdfSha512(),
    async () => new (await import("@hpke/dhkem-x448")).DhkemX448HkdfSha512(),
  ),
  [KemId.ML_KEM_512]: pq(async () => new (await import("@hpke/ml-kem")).MlKem512(), "ML-KEM-512"),
  [KemId.ML_KEM_768]: pq(async () => new (await import("@hpke/ml-kem")).MlKem768(), "ML-KEM-768"),
  [KemId.ML_KEM_1024]: pq(async () => new (await import("@hpke/ml-kem")).MlKem1024(), "ML-KEM-1024"),
  [KemId.X_WING]: pq(async () => new (await import("@hpke/hybridkem-x-wing")).XWing()),
};

/**
 * The suite's AEAD as an `@hpke/core` AEAD: AES-GCM on SubtleCrypto; ChaCha20-Poly1305 on
 * SubtleCrypto when native, else the pure-JS `@hpke/chacha20poly1305` (loaded lazily).
 *
 * @param info - the suite's registry row
 * @param native - whether ChaCha20-Poly1305 is native here
 * @param subtle - the runtime's SubtleCrypto
 * @returns the AEAD, shared by the suite's HPKE and its `AeadImpl`
 * @internal
 */
export async function aeadOf(
  info: CipherSuiteInfo,
  native: boolean,
  subtle: SubtleCrypto,
): Promise<AeadInterface> {
  return hpkeLibraryAead(hpkeCore, info.aeadId, async () =>
    native ? nativeChaCha20Poly1305(subtle) : new (await import("@hpke/chacha20poly1305")).Chacha20Poly1305(),
  );
}

/**
 * GenerateKeyPair of a native KEM (RFC 9180 §7.1): one `generateKey` and one JWK export, which
 * holds both halves (RFC 7518 §6.2 `d`, `x`, `y` for EC; RFC 8037 §2 `d`, `x` for X25519/X448).
 * The public key is SerializePublicKey's form: 0x04 ‖ X ‖ Y for the P-curves, the u-coordinate
 * for X25519/X448; the private key goes through `normalize` like every exported key. `size` is
 * the suite's Nsk, which for a P-curve is also the size of each coordinate.
 */
function nativeGenerateKeyPair(subtle: SubtleCrypto, parts: KemParts, size: number): () => Promise<KeyPair> {
  const { alg, ec } = parts;
  // Native key generation is for the curves only, which all normalise here.
  const normalize = parts.normalize!;
  return async () => {
    const pair = (await subtle.generateKey(alg, true, ["deriveBits"])) as CryptoKeyPair;
    const jwk = await subtle.exportKey("jwk", pair.privateKey);
    const d = base64UrlBytes(jwk.d!);
    try {
      const x = base64UrlBytes(jwk.x!);
      let publicKey = x;
      if (ec) {
        const y = base64UrlBytes(jwk.y!);
        publicKey = new Uint8Array(1 + 2 * size);
        publicKey[0] = 0x04;
        publicKey.set(x, 1 + size - x.length);
        publicKey.set(y, 1 + 2 * size - y.length);
      }
      return { publicKey, privateKey: normalize(d) };
    } finally {
      d.fill(0);
    }
  };
}

/**
 * The {@link HpkeImpl} of a registry suite, through `createHpkeImpl` of `@mlskit/crypto-provider`.
 * What is WebCrypto's own: the choice of native or fallback KEM and AEAD, and GenerateKeyPair of
 * a native KEM with one `generateKey` and one JWK export.
 *
 * @param subtle - the runtime's SubtleCrypto
 * @param info - the suite's registry row
 * @param nativeKem - whether the suite's X25519/X448 KEM is native (P-curve KEMs always are)
 * @param aead - the suite's AEAD ({@link aeadOf})
 * @returns HPKE base mode for that suite
 * @example
 * ```ts
 * const hpke = await webCryptoHpke(crypto.subtle, cipherSuiteInfo(1)!, true, new Aes128Gcm());
 * const kp = await hpke.generateKeyPair();
 * ```
 * @internal
 */
export async function webCryptoHpke(
  subtle: SubtleCrypto,
  info: CipherSuiteInfo,
  nativeKem: boolean,
  aead: AeadInterface,
): Promise<HpkeImpl> {
  const parts = KEM[info.kemId];
  const kem = await parts.kem(nativeKem);
  const suite = hpkeLibrarySuite(hpkeCore, info.kdfId, kem, aead);
  // P-curve KEMs are always native; X25519/X448 when probed so (else a pure-JS @hpke module,
  // whose own GenerateKeyPair createHpkeImpl uses).
  const isNativeKem = parts.alwaysNative || nativeKem;
  return createHpkeImpl({
    info,
    kem,
    suite,
    // Post-quantum KEMs: DeriveKeyPair as draft-ietf-hpke-pq defines it (SHAKE256 in JS).
    shake256: xof,
    ...(parts.normalize === undefined ? {} : { normalizePrivateKey: parts.normalize }),
    ...(isNativeKem
      ? {
          generateKeyPair:
            parts.pq === undefined
              ? nativeGenerateKeyPair(subtle, parts, info.hpkePrivateKeySize)
              : () => parts.pq!(subtle),
        }
      : {}),
  });
}
