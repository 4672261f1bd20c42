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
import {
  type AeadInterface,
  Aes128Gcm,
  Aes256Gcm,
  CipherSuite,
  DhkemP256HkdfSha256,
  DhkemP384HkdfSha384,
  DhkemP521HkdfSha512,
  DhkemX448HkdfSha512,
  DhkemX25519HkdfSha256,
  HkdfSha256,
  HkdfSha384,
  HkdfSha512,
  type KemInterface,
} from "@hpke/core";
import {
  type CipherSuiteInfo,
  clampXKey,
  createHpkeImpl,
  type HpkeImpl,
  type KeyPair,
} from "@mlskit/crypto-provider";
import { base64UrlBytes } from "./bytes.js";
import { nativeChaCha20Poly1305 } from "./chacha20-poly1305.js";
import { nistCurve, normalizeScalar } from "./keys.js";

async function kemOf(info: CipherSuiteInfo, native: boolean): Promise<KemInterface> {
  switch (info.kemId) {
    case 0x0010:
      return new DhkemP256HkdfSha256();
    case 0x0011:
      return new DhkemP384HkdfSha384();
    case 0x0012:
      return new DhkemP521HkdfSha512();
    case 0x0020:
      return native
        ? new DhkemX25519HkdfSha256()
        : new (await import("@hpke/dhkem-x25519")).DhkemX25519HkdfSha256();
    default:
      return native
        ? new DhkemX448HkdfSha512()
        : new (await import("@hpke/dhkem-x448")).DhkemX448HkdfSha512();
  }
}

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
  if (info.aeadId === 0x0001) return new Aes128Gcm();
  if (info.aeadId === 0x0002) return new Aes256Gcm();
  return native
    ? nativeChaCha20Poly1305(subtle)
    : new (await import("@hpke/chacha20poly1305")).Chacha20Poly1305();
}

/** Normalise an imported or exported private key: clamp X25519/X448, pad and range-check P-curves. */
function privateKeyNormalizer(info: CipherSuiteInfo): (sk: Uint8Array) => Uint8Array {
  switch (info.kemId) {
    case 0x0010:
      return (sk) => normalizeScalar(sk, nistCurve("P-256"), "HPKE");
    case 0x0011:
      return (sk) => normalizeScalar(sk, nistCurve("P-384"), "HPKE");
    case 0x0012:
      return (sk) => normalizeScalar(sk, nistCurve("P-521"), "HPKE");
    default:
      // RFC 9180 §7.1.2: (De)SerializePrivateKey MUST clamp X25519/X448 keys.
      return (sk) => clampXKey(sk, info.hpkePrivateKeySize);
  }
}

/** WebCrypto's name of a suite's DH group: the algorithm to generate with, and the point size. */
function nativeKemAlgorithm(info: CipherSuiteInfo): {
  readonly alg: EcKeyGenParams | Algorithm;
  readonly size: number;
  readonly ec: boolean;
} {
  switch (info.kemId) {
    case 0x0010:
      return { alg: { name: "ECDH", namedCurve: "P-256" }, size: 32, ec: true };
    case 0x0011:
      return { alg: { name: "ECDH", namedCurve: "P-384" }, size: 48, ec: true };
    case 0x0012:
      return { alg: { name: "ECDH", namedCurve: "P-521" }, size: 66, ec: true };
    case 0x0020:
      return { alg: { name: "X25519" }, size: 32, ec: false };
    default:
      return { alg: { name: "X448" }, size: 56, ec: false };
  }
}

/**
 * GenerateKeyPair of a native KEM (RFC 9180 §7.1): one `generateKey` and one JWK export, which
 * holds both halves (RFC 7518 §6.2 `d`, `x`, `y` for EC; RFC 8037 §2 `d`, `x` for X25519/X448).
 * The public key is SerializePublicKey's form: 0x04 ‖ X ‖ Y for the P-curves, the u-coordinate
 * for X25519/X448; the private key goes through `normalize` like every exported key.
 */
function nativeGenerateKeyPair(
  subtle: SubtleCrypto,
  info: CipherSuiteInfo,
  normalize: (sk: Uint8Array) => Uint8Array,
): () => Promise<KeyPair> {
  const { alg, size, ec } = nativeKemAlgorithm(info);
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
  const kdf =
    info.kdfId === 0x0001 ? new HkdfSha256() : info.kdfId === 0x0002 ? new HkdfSha384() : new HkdfSha512();
  const kem = await kemOf(info, nativeKem);
  const suite = new CipherSuite({ kem, kdf, aead });
  const normalizePrivateKey = privateKeyNormalizer(info);
  // P-curve KEMs are always native; X25519/X448 when probed so (else a pure-JS @hpke module,
  // whose own GenerateKeyPair createHpkeImpl uses).
  const isNativeKem = info.kemId === 0x0010 || info.kemId === 0x0011 || info.kemId === 0x0012 || nativeKem;
  return createHpkeImpl({
    info,
    kem,
    suite,
    normalizePrivateKey,
    ...(isNativeKem ? { generateKeyPair: nativeGenerateKeyPair(subtle, info, normalizePrivateKey) } : {}),
  });
}
