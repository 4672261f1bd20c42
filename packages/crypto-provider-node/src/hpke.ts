/**
 * @module hpke
 * HPKE base mode (RFC 9180 §5.1.1). Key generation — the only HPKE operation a key package needs,
 * twice per package — runs in OpenSSL through `node:crypto` (see `keys.ts`); DeriveKeyPair, Seal
 * and Open go through `@hpke/core`'s `CipherSuite` (via the shared {@link createHpkeImpl}
 * adapter), whose P-curve and X25519 KEMs, HKDFs and AES-GCM run on Node's Web Crypto, which is
 * the same OpenSSL. X448 uses `@hpke/dhkem-x448` and ChaCha20-Poly1305 `@hpke/chacha20poly1305`
 * (pure JS): Node 20's Web Crypto has X448 only as an experimental feature that prints a warning,
 * and has no ChaCha20-Poly1305 at all. Those modules load lazily, once, for the suites that need them.
 */
import {
  type AeadInterface,
  Aes128Gcm,
  Aes256Gcm,
  CipherSuite,
  DhkemP256HkdfSha256,
  DhkemP384HkdfSha384,
  DhkemP521HkdfSha512,
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
import { generateNistKeyPair, generateOkpKeyPair, type NistCurve, nistPublicKey } from "./keys.js";

async function kemOf(info: CipherSuiteInfo): Promise<KemInterface> {
  switch (info.kemId) {
    case 0x0010:
      return new DhkemP256HkdfSha256();
    case 0x0011:
      return new DhkemP384HkdfSha384();
    case 0x0012:
      return new DhkemP521HkdfSha512();
    case 0x0020:
      return new DhkemX25519HkdfSha256();
    default:
      return new (await import("@hpke/dhkem-x448")).DhkemX448HkdfSha512();
  }
}

async function aeadOf(info: CipherSuiteInfo): Promise<AeadInterface> {
  if (info.aeadId === 0x0001) return new Aes128Gcm();
  if (info.aeadId === 0x0002) return new Aes256Gcm();
  return new (await import("@hpke/chacha20poly1305")).Chacha20Poly1305();
}

const NIST_KEM: Readonly<Record<number, NistCurve>> = { 16: "P-256", 17: "P-384", 18: "P-521" };

/**
 * RFC 9180 §7.1 GenerateKeyPair in OpenSSL: a NIST scalar and its uncompressed point, or an
 * X25519/X448 scalar (clamped, as §7.1.2 SerializePrivateKey requires) and its u-coordinate.
 */
function generator(info: CipherSuiteInfo): () => KeyPair {
  const curve = NIST_KEM[info.kemId];
  if (curve !== undefined) return () => generateNistKeyPair(curve);
  const x = info.kemId === 0x0020 ? "X25519" : "X448";
  return () => {
    const pair = generateOkpKeyPair(x);
    const privateKey = clampXKey(pair.privateKey, info.hpkePrivateKeySize);
    pair.privateKey.fill(0);
    return { publicKey: pair.publicKey, privateKey };
  };
}

/** Normalise an imported or exported private key: clamp X25519/X448, pad and range-check P-curves. */
function normalizer(info: CipherSuiteInfo): (sk: Uint8Array) => Uint8Array {
  const curve = NIST_KEM[info.kemId];
  if (curve === undefined) {
    // RFC 9180 §7.1.2: (De)SerializePrivateKey MUST clamp X25519/X448 keys.
    return (sk) => clampXKey(sk, info.hpkePrivateKeySize);
  }
  const size = info.hpkePrivateKeySize;
  return (sk) => {
    // Accept scalars without their leading zero bytes (the official vectors have some), then
    // let OpenSSL refuse 0 and n or more (SEC 1 §3.2.1).
    const k = new Uint8Array(Math.max(size, sk.length));
    k.set(sk, k.length - sk.length);
    nistPublicKey(curve, k, "HPKE");
    return k;
  };
}

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
  const kdf =
    info.kdfId === 0x0001 ? new HkdfSha256() : info.kdfId === 0x0002 ? new HkdfSha384() : new HkdfSha512();
  const kem = await kemOf(info);
  const suite = new CipherSuite({ kem, kdf, aead: await aeadOf(info) });
  const generate = generator(info);
  return createHpkeImpl({
    info,
    kem,
    suite,
    normalizePrivateKey: normalizer(info),
    generateKeyPair: async () => generate(),
  });
}
