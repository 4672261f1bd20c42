/**
 * @module hpke
 * HPKE base mode (RFC 9180 §5.1.1) through `@hpke/core`'s `CipherSuite`, with noble-backed X25519
 * and X448 KEMs (`@hpke/dhkem-x25519`, `@hpke/dhkem-x448`), `@hpke/core`'s P-curve KEMs and AES-GCM
 * (Web Crypto, present in Node ≥ 20) and `@hpke/chacha20poly1305`. Keys cross this module's
 * boundary only as raw bytes; key generation and validation use `@noble/curves`, so all randomness
 * comes from `crypto.getRandomValues`. The adapter itself (checks, error codes, wiping) is
 * `createHpkeImpl` of `@mlskit/crypto-provider`; this module only picks the parts.
 */

import { Chacha20Poly1305 } from "@hpke/chacha20poly1305";
import type { KemInterface } from "@hpke/core";
import * as hpkeCore from "@hpke/core";
import { DhkemX448HkdfSha512 } from "@hpke/dhkem-x448";
import { DhkemX25519HkdfSha256 } from "@hpke/dhkem-x25519";
import { XWing } from "@hpke/hybridkem-x-wing";
import { MlKem512, MlKem768, MlKem1024 } from "@hpke/ml-kem";
import { type CipherSuiteInfo, type HpkeImpl, KemId } from "@mlskit/crypto-provider";
import {
  clampXKey,
  createHpkeImpl,
  hpkeLibraryAead,
  hpkeLibrarySuite,
  secureRandomBytes as randomBytes,
} from "@mlskit/crypto-provider/kit";
import { x448 } from "@noble/curves/ed448.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { shake256 } from "@noble/hashes/sha3.js";
import { normalizeScalar } from "./keys.js";

/** Raw-key operations of one KEM's curve, all in noble. */
interface CurveOps {
  /** Normalised secret key from fresh randomness. */
  randomSecret(): Uint8Array;
  /** Normalise and validate a private key (a copy); throws INVALID_PRIVATE_KEY. */
  normalize(sk: Uint8Array): Uint8Array;
  /** Serialized public key of a normalised secret. */
  publicOf(sk: Uint8Array): Uint8Array;
  /** Whether @hpke's native (Web Crypto) key import is cheaper than computing the public key in JS. */
  readonly native: boolean;
}

function xCurve(curve: typeof x25519, size: number): CurveOps {
  return {
    randomSecret: () => {
      const seed = randomBytes(size);
      try {
        return clampXKey(seed, size);
      } finally {
        seed.fill(0);
      }
    },
    // RFC 9180 §7.1.2: (De)SerializePrivateKey MUST clamp.
    normalize: (sk) => clampXKey(sk, size),
    publicOf: (sk) => curve.getPublicKey(sk),
    native: false,
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
    // RFC 9180 §7.1.2: a full-length big-endian scalar in 1..n-1 (short input left-padded).
    normalize: (sk) => normalizeScalar(curve, sk, size, "HPKE"),
    // RFC 9180 §7.1.1: SerializePublicKey is SEC1 uncompressed for the NIST curves.
    publicOf: (sk) => curve.getPublicKey(sk, false),
    native: true,
  };
}

/**
 * The HPKE KEM of each registry KEM id (RFC 9180 §7.1; draft-ietf-hpke-pq for ML-KEM and X-Wing)
 * with its curve's raw-key operations. The post-quantum KEMs have no curve: their keys are seeds
 * that `@hpke/ml-kem` and `@hpke/hybridkem-x-wing` generate and expand (pure JS, randomness from
 * `crypto.getRandomValues`).
 */
const KEM: Readonly<Record<KemId, () => { kem: KemInterface; ops?: CurveOps }>> = {
  [KemId.DHKEM_P256_HKDF_SHA256]: () => ({ kem: new hpkeCore.DhkemP256HkdfSha256(), ops: pCurve(p256, 32) }),
  [KemId.DHKEM_P384_HKDF_SHA384]: () => ({ kem: new hpkeCore.DhkemP384HkdfSha384(), ops: pCurve(p384, 48) }),
  [KemId.DHKEM_P521_HKDF_SHA512]: () => ({ kem: new hpkeCore.DhkemP521HkdfSha512(), ops: pCurve(p521, 66) }),
  [KemId.DHKEM_X25519_HKDF_SHA256]: () => ({ kem: new DhkemX25519HkdfSha256(), ops: xCurve(x25519, 32) }),
  [KemId.DHKEM_X448_HKDF_SHA512]: () => ({ kem: new DhkemX448HkdfSha512(), ops: xCurve(x448, 56) }),
  [KemId.ML_KEM_512]: () => ({ kem: new MlKem512() }),
  [KemId.ML_KEM_768]: () => ({ kem: new MlKem768() }),
  [KemId.ML_KEM_1024]: () => ({ kem: new MlKem1024() }),
  [KemId.X_WING]: () => ({ kem: new XWing() }),
};

const xof = (data: Uint8Array, length: number): Uint8Array => shake256(data, { dkLen: length });

/**
 * The {@link HpkeImpl} of a registry suite, through
 * `createHpkeImpl` of `@mlskit/crypto-provider`. What is noble's own: key pairs and the ephemeral
 * keys of `seal` come from `@noble/curves` (randomness from `crypto.getRandomValues`), and keys
 * are imported into `@hpke` as pairs, with the public half computed here.
 *
 * @param info - the suite's registry row
 * @returns HPKE base mode for that suite
 * @example
 * ```ts
 * const hpke = nobleHpke(cipherSuiteInfo(1)!);
 * const kp = await hpke.generateKeyPair();
 * ```
 * @internal
 */
export function nobleHpke(info: CipherSuiteInfo): HpkeImpl {
  const { kem, ops } = KEM[info.kemId]();
  // @hpke/core's HKDF and AES-GCM (Web Crypto); ChaCha20-Poly1305 from @hpke/chacha20poly1305.
  const aead = hpkeLibraryAead(hpkeCore, info.aeadId, () => new Chacha20Poly1305());
  const suite = hpkeLibrarySuite(hpkeCore, info.kdfId, kem, aead);
  if (ops === undefined) {
    // A post-quantum KEM: the library's own GenerateKeyPair, Encap and Decap; DeriveKeyPair as
    // draft-ietf-hpke-pq defines it (SHAKE256 LabeledDerive to the seed); a private key is the
    // seed, valid at its one length (draft-ietf-hpke-pq SerializePrivateKey).
    return createHpkeImpl({ info, kem, suite, shake256: xof });
  }
  return createHpkeImpl({
    info,
    kem,
    suite,
    normalizePrivateKey: ops.normalize,
    async generateKeyPair() {
      // RFC 9180 §4 GenerateKeyPair, in noble; randomSecret is already normalised.
      const privateKey = ops.randomSecret();
      return { publicKey: ops.publicOf(privateKey), privateKey };
    },
    /**
     * Import a normalised private key as the CryptoKeyPair @hpke expects, so it need not re-derive
     * the public half (RFC 9180 §4.1 Decap's pkRm). X curves: the public key comes from noble.
     * P-curves: Web Crypto imports the scalar (PKCS #8) and computes the point natively, several
     * times faster than JS for P-521.
     */
    async importKeyPair(sk) {
      const privateKey = await kem.deserializePrivateKey(sk);
      if (!ops.native) return { publicKey: await kem.deserializePublicKey(ops.publicOf(sk)), privateKey };
      const {
        d: _d,
        key_ops: _ops,
        ...publicJwk
      } = await globalThis.crypto.subtle.exportKey("jwk", privateKey);
      return { publicKey: await kem.importKey("jwk", publicJwk, true), privateKey };
    },
    // RFC 9180 §4.1 Encap's ephemeral key, from noble like every other key of this provider.
    randomPrivateKey: ops.randomSecret,
  });
}
