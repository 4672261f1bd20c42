/**
 * @module hpke
 * HPKE base mode (RFC 9180 §5.1.1) through `@hpke/core`'s `CipherSuite`, with noble-backed X25519
 * and X448 KEMs (`@hpke/dhkem-x25519`, `@hpke/dhkem-x448`), `@hpke/core`'s P-curve KEMs and AES-GCM
 * (Web Crypto, present in Node ≥ 20) and `@hpke/chacha20poly1305`. Keys cross this module's
 * boundary only as raw bytes; key generation and validation use `@noble/curves`, so all randomness
 * comes from `crypto.getRandomValues`.
 */

import { Chacha20Poly1305 } from "@hpke/chacha20poly1305";
import {
  Aes128Gcm,
  Aes256Gcm,
  CipherSuite,
  DhkemP256HkdfSha256,
  DhkemP384HkdfSha384,
  DhkemP521HkdfSha512,
  HkdfSha256,
  HkdfSha384,
  HkdfSha512,
} from "@hpke/core";
import { DhkemX448HkdfSha512 } from "@hpke/dhkem-x448";
import { DhkemX25519HkdfSha256 } from "@hpke/dhkem-x25519";
import {
  type CipherSuiteInfo,
  CryptoErrorCode,
  cryptoError,
  type HpkeCiphertext,
  type HpkeImpl,
  type KeyPair,
  secureRandomBytes as randomBytes,
} from "@mlskit/crypto-provider";
import { x448 } from "@noble/curves/ed448.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { assertBytes } from "./assert.js";
import { clampXKey, padScalar } from "./keys.js";

/** Raw-key operations of one KEM's curve, all in noble. */
interface CurveOps {
  /** Secret key from fresh randomness (already in serialized form). */
  randomSecret(): Uint8Array;
  /** Normalise and validate an imported private key (a copy); throws INVALID_PRIVATE_KEY. */
  importSecret(sk: Uint8Array): Uint8Array;
  /** Serialized public key of a normalised secret. */
  publicOf(sk: Uint8Array): Uint8Array;
  /** Whether @hpke's native (Web Crypto) key import is cheaper than computing the public key in JS. */
  readonly native: boolean;
  /** Normalise a secret produced by DeriveKeyPair for output (clamping for X curves). */
  exportSecret(sk: Uint8Array): Uint8Array;
}

function xCurve(curve: typeof x25519, size: number): CurveOps {
  return {
    randomSecret: () => clampXKey(randomBytes(size)),
    importSecret(sk) {
      if (sk.length !== size) {
        throw cryptoError(
          CryptoErrorCode.invalidPrivateKey,
          `HPKE private key must be ${size} bytes, got ${sk.length}`,
        );
      }
      // RFC 9180 §7.1.2: DeserializePrivateKey MUST clamp its input.
      return clampXKey(sk);
    },
    publicOf: (sk) => curve.getPublicKey(sk),
    native: false,
    // RFC 9180 §7.1.2: SerializePrivateKey MUST clamp its output.
    exportSecret: (sk) => clampXKey(sk),
  };
}

function pCurve(curve: typeof p256, size: number): CurveOps {
  const seedSize = curve.lengths.seed ?? size + (size >> 1);
  return {
    randomSecret() {
      const seed = randomBytes(seedSize);
      const sk = curve.utils.randomSecretKey(seed);
      seed.fill(0);
      return sk;
    },
    importSecret(sk) {
      // Shorter big-endian scalars are left-padded (65-byte P-521 keys exist in the wild).
      const k = padScalar(sk, size, "HPKE");
      // RFC 9180 §7.1.4: the scalar must be in 1..n-1.
      if (!curve.utils.isValidSecretKey(k)) {
        k.fill(0);
        throw cryptoError(CryptoErrorCode.invalidPrivateKey, "HPKE private key is not in 1..n-1");
      }
      return k;
    },
    // RFC 9180 §7.1.1: SerializePublicKey is SEC1 uncompressed for the NIST curves.
    publicOf: (sk) => curve.getPublicKey(sk, false),
    native: true,
    exportSecret: (sk) => padScalar(sk, size, "HPKE"),
  };
}

function hpkeParts(info: CipherSuiteInfo): { suite: CipherSuite; ops: CurveOps } {
  const kdf =
    info.kdfId === 0x0001 ? new HkdfSha256() : info.kdfId === 0x0002 ? new HkdfSha384() : new HkdfSha512();
  const aead =
    info.aeadId === 0x0001
      ? new Aes128Gcm()
      : info.aeadId === 0x0002
        ? new Aes256Gcm()
        : new Chacha20Poly1305();
  switch (info.kemId) {
    case 0x0020:
      return {
        suite: new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf, aead }),
        ops: xCurve(x25519, 32),
      };
    case 0x0021:
      return { suite: new CipherSuite({ kem: new DhkemX448HkdfSha512(), kdf, aead }), ops: xCurve(x448, 56) };
    case 0x0010:
      return { suite: new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf, aead }), ops: pCurve(p256, 32) };
    case 0x0011:
      return { suite: new CipherSuite({ kem: new DhkemP384HkdfSha384(), kdf, aead }), ops: pCurve(p384, 48) };
    default:
      return { suite: new CipherSuite({ kem: new DhkemP521HkdfSha512(), kdf, aead }), ops: pCurve(p521, 66) };
  }
}

/**
 * The {@link HpkeImpl} of a registry suite (KEM 0x0010, 0x0011, 0x0012, 0x0020 or 0x0021).
 *
 * @param info - the suite's registry row
 * @returns HPKE base mode for that suite
 * @example
 * ```ts
 * const hpke = nobleHpke(cipherSuiteInfo(1)!);
 * const kp = await hpke.generateKeyPair();
 * ```
 */
export function nobleHpke(info: CipherSuiteInfo): HpkeImpl {
  const { suite, ops } = hpkeParts(info);
  const kem = suite.kem;

  /**
   * Import a raw private key as the CryptoKeyPair @hpke expects, so it need not re-derive the
   * public half. X curves: the public key comes from noble. P-curves: Web Crypto imports the
   * scalar (PKCS #8) and computes the point natively, several times faster than JS for P-521.
   */
  async function importPair(sk: Uint8Array): Promise<CryptoKeyPair> {
    const privateKey = await kem.deserializePrivateKey(sk);
    if (!ops.native) return { publicKey: await kem.deserializePublicKey(ops.publicOf(sk)), privateKey };
    const {
      d: _d,
      key_ops: _ops,
      ...publicJwk
    } = await globalThis.crypto.subtle.exportKey("jwk", privateKey);
    return { publicKey: await kem.importKey("jwk", publicJwk, true), privateKey };
  }

  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      const privateKey = ops.randomSecret();
      return { publicKey: ops.publicOf(privateKey), privateKey };
    },

    async deriveKeyPair(ikm: Uint8Array): Promise<KeyPair> {
      assertBytes(ikm, "ikm");
      let pair: CryptoKeyPair;
      try {
        // RFC 9180 §7.1.3 DeriveKeyPair.
        pair = await kem.deriveKeyPair(ikm);
      } catch (e) {
        throw cryptoError(
          CryptoErrorCode.keyDerivationFailed,
          "HPKE DeriveKeyPair failed",
          { cipherSuite: info.id },
          e,
        );
      }
      const raw = new Uint8Array(await kem.serializePrivateKey(pair.privateKey));
      const privateKey = ops.exportSecret(raw);
      raw.fill(0);
      return { publicKey: new Uint8Array(await kem.serializePublicKey(pair.publicKey)), privateKey };
    },

    async seal(
      publicKey: Uint8Array,
      infoBytes: Uint8Array,
      aad: Uint8Array,
      plaintext: Uint8Array,
    ): Promise<HpkeCiphertext> {
      assertBytes(publicKey, "publicKey");
      assertBytes(infoBytes, "info");
      assertBytes(aad, "aad");
      assertBytes(plaintext, "plaintext");
      if (publicKey.length !== info.hpkePublicKeySize) {
        throw cryptoError(
          CryptoErrorCode.invalidPublicKey,
          `HPKE public key must be ${info.hpkePublicKeySize} bytes, got ${publicKey.length}`,
          { cipherSuite: info.id },
        );
      }
      let recipientPublicKey: CryptoKey;
      try {
        // RFC 9180 §7.1.4: DeserializePublicKey validates the point.
        recipientPublicKey = await kem.deserializePublicKey(publicKey);
      } catch (e) {
        throw cryptoError(
          CryptoErrorCode.invalidPublicKey,
          "HPKE public key is not a valid point",
          { cipherSuite: info.id },
          e,
        );
      }
      const ephemeral = ops.randomSecret();
      try {
        const ekm = await importPair(ephemeral);
        const { enc, ct } = await suite.seal({ recipientPublicKey, info: infoBytes, ekm }, plaintext, aad);
        return { kemOutput: new Uint8Array(enc), ciphertext: new Uint8Array(ct) };
      } catch (e) {
        throw cryptoError(
          CryptoErrorCode.hpkeSealFailed,
          "HPKE SealBase failed",
          { cipherSuite: info.id },
          e,
        );
      } finally {
        ephemeral.fill(0);
      }
    },

    async open(
      privateKey: Uint8Array,
      kemOutput: Uint8Array,
      infoBytes: Uint8Array,
      aad: Uint8Array,
      ciphertext: Uint8Array,
    ): Promise<Uint8Array> {
      assertBytes(privateKey, "privateKey");
      assertBytes(kemOutput, "kemOutput");
      assertBytes(infoBytes, "info");
      assertBytes(aad, "aad");
      assertBytes(ciphertext, "ciphertext");
      const sk = ops.importSecret(privateKey);
      try {
        let recipientKey: CryptoKeyPair;
        try {
          recipientKey = await importPair(sk);
        } catch (e) {
          throw cryptoError(
            CryptoErrorCode.invalidPrivateKey,
            "HPKE private key does not import",
            { cipherSuite: info.id },
            e,
          );
        }
        try {
          const pt = await suite.open({ recipientKey, enc: kemOutput, info: infoBytes }, ciphertext, aad);
          return new Uint8Array(pt);
        } catch (e) {
          // One code for every failure: wrong key, info or aad, tampered kem output or ciphertext.
          throw cryptoError(
            CryptoErrorCode.hpkeOpenFailed,
            "HPKE OpenBase failed",
            { cipherSuite: info.id },
            e,
          );
        }
      } finally {
        sk.fill(0);
      }
    },
  });
}
