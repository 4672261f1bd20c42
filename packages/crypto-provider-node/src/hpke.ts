/**
 * @module hpke
 * HPKE base mode (RFC 9180 §5.1.1). Key generation — the only HPKE operation a key package needs,
 * twice per package — runs in OpenSSL through `node:crypto` (see `keys.ts`); DeriveKeyPair, Seal
 * and Open go through `@hpke/core`'s `CipherSuite` (via the shared {@link createHpkeImpl}
 * adapter), whose P-curve and X25519 KEMs, HKDFs and AES-GCM run on Node's Web Crypto, which is
 * the same OpenSSL. X448 uses `@hpke/dhkem-x448` and ChaCha20-Poly1305 `@hpke/chacha20poly1305`
 * (pure JS): Node 20's Web Crypto has X448 only as an experimental feature that prints a warning,
 * and has no ChaCha20-Poly1305 at all. The post-quantum KEMs (ML-KEM, X-Wing) use `@hpke/ml-kem`
 * and `@hpke/hybridkem-x-wing`, with ML-KEM key generation in OpenSSL where this Node has it.
 * Those modules load lazily, once, for the suites that need them.
 */
import { createHash } from "node:crypto";
import type { KemInterface } from "@hpke/core";
import * as hpkeCore from "@hpke/core";
import { type CipherSuiteInfo, type HpkeImpl, KemId, type KeyPair } from "@mlskit/crypto-provider";
import { clampXKey, createHpkeImpl, hpkeLibraryAead, hpkeLibrarySuite } from "@mlskit/crypto-provider/kit";
import { generateNistKeyPair, generateOkpKeyPair, type NistCurve, nistPublicKey } from "./keys.js";
import { hasNativeMlKem, type MlKemType, nodeMlKemKeyPair } from "./post-quantum.js";

const shake256 = (data: Uint8Array, length: number): Uint8Array =>
  new Uint8Array(createHash("shake256", { outputLength: length }).update(data).digest());

/**
 * What this provider does per KEM: the library KEM, GenerateKeyPair in OpenSSL (absent: the
 * library's own), key normalisation (absent: `createHpkeImpl`'s, from the registry).
 */
interface KemParts {
  kem(): Promise<KemInterface>;
  generate?(): KeyPair;
  normalize?(sk: Uint8Array): Uint8Array;
}

/**
 * ML-KEM and X-Wing (draft-ietf-hpke-pq): Encap, Decap and DeriveKeyPair in the pure-JS `@hpke`
 * modules (loaded lazily); GenerateKeyPair of ML-KEM in OpenSSL where this Node has it (see
 * `post-quantum.ts`). A private key is the KEM's seed, valid at its one size (`createHpkeImpl`
 * checks it).
 */
function pq(kem: () => Promise<KemInterface>, native?: MlKemType): KemParts {
  return {
    kem,
    ...(native !== undefined && hasNativeMlKem() ? { generate: () => nodeMlKemKeyPair(native) } : {}),
  };
}

/**
 * RFC 9180 §7.1 GenerateKeyPair in OpenSSL for a NIST curve (scalar, uncompressed point), and
 * normalisation of a scalar: leading zero bytes restored (the official vectors omit some), then
 * OpenSSL refuses 0 and n or more (SEC 1 §3.2.1).
 */
function nist(curve: NistCurve, size: number, kem: () => KemInterface): KemParts {
  return {
    kem: async () => kem(),
    generate: () => generateNistKeyPair(curve),
    normalize(sk) {
      const k = new Uint8Array(Math.max(size, sk.length));
      k.set(sk, k.length - sk.length);
      nistPublicKey(curve, k, "HPKE");
      return k;
    },
  };
}

/** X25519/X448: the scalar clamped, as RFC 9180 §7.1.2 (De)SerializePrivateKey requires. */
function okp(curve: "X25519" | "X448", size: number, kem: () => Promise<KemInterface>): KemParts {
  return {
    kem,
    generate() {
      const pair = generateOkpKeyPair(curve);
      const privateKey = clampXKey(pair.privateKey, size);
      pair.privateKey.fill(0);
      return { publicKey: pair.publicKey, privateKey };
    },
    // No normalize: createHpkeImpl's default for X25519/X448 is RFC 9180 §7.1.2 clamping.
  };
}

const KEM: Readonly<Record<KemId, KemParts>> = {
  [KemId.DHKEM_P256_HKDF_SHA256]: nist("P-256", 32, () => new hpkeCore.DhkemP256HkdfSha256()),
  [KemId.DHKEM_P384_HKDF_SHA384]: nist("P-384", 48, () => new hpkeCore.DhkemP384HkdfSha384()),
  [KemId.DHKEM_P521_HKDF_SHA512]: nist("P-521", 66, () => new hpkeCore.DhkemP521HkdfSha512()),
  [KemId.DHKEM_X25519_HKDF_SHA256]: okp("X25519", 32, async () => new hpkeCore.DhkemX25519HkdfSha256()),
  [KemId.DHKEM_X448_HKDF_SHA512]: okp(
    "X448",
    56,
    async () => new (await import("@hpke/dhkem-x448")).DhkemX448HkdfSha512(),
  ),
  [KemId.ML_KEM_512]: pq(async () => new (await import("@hpke/ml-kem")).MlKem512(), "ml-kem-512"),
  [KemId.ML_KEM_768]: pq(async () => new (await import("@hpke/ml-kem")).MlKem768(), "ml-kem-768"),
  [KemId.ML_KEM_1024]: pq(async () => new (await import("@hpke/ml-kem")).MlKem1024(), "ml-kem-1024"),
  [KemId.X_WING]: pq(async () => new (await import("@hpke/hybridkem-x-wing")).XWing()),
};

/**
 * The {@link HpkeImpl} of a registry suite.
 *
 * @param info - the suite's registry row
 * @returns HPKE base mode for that suite
 * @example
 * ```ts
 * const hpke = await nodeHpke(cipherSuiteInfo(1)!);
 * const kp = await hpke.generateKeyPair();
 * ```
 * @internal
 */
export async function nodeHpke(info: CipherSuiteInfo): Promise<HpkeImpl> {
  const parts = KEM[info.kemId];
  const kem = await parts.kem();
  // @hpke/core's HKDF and AES-GCM; ChaCha20-Poly1305 (pure JS) loads lazily.
  const aead = await hpkeLibraryAead(
    hpkeCore,
    info.aeadId,
    async () => new (await import("@hpke/chacha20poly1305")).Chacha20Poly1305(),
  );
  const suite = hpkeLibrarySuite(hpkeCore, info.kdfId, kem, aead);
  return createHpkeImpl({
    info,
    kem,
    suite,
    // Post-quantum KEMs: DeriveKeyPair as draft-ietf-hpke-pq defines it, SHAKE256 in OpenSSL.
    shake256,
    ...(parts.normalize === undefined ? {} : { normalizePrivateKey: parts.normalize }),
    ...(parts.generate === undefined ? {} : { generateKeyPair: async () => parts.generate!() }),
  });
}
