/**
 * @module keys
 * Conversions between raw MLS key encodings (RFC 9420 §5.1.1, RFC 9180 §7.1) and what
 * SubtleCrypto imports (internal): PKCS#8 wrappers for EdDSA seeds and ECDSA scalars, private-key
 * normalisation (left-padding short scalars with `padScalar` of `@mlskit/crypto-provider`, then a
 * range check), always on copies. X25519/X448 clamping is `clampXKey` of `@mlskit/crypto-provider`.
 */

import { concatBytes, fromHex } from "@mlskit/codec";
import { CryptoErrorCode } from "@mlskit/crypto-provider";
import { cryptoError, padScalar } from "@mlskit/crypto-provider/kit";

/** A NIST curve as this package needs it: WebCrypto name, sizes, PKCS#8 prefix and group order. */
export interface NistCurve {
  /** WebCrypto `namedCurve`. */
  readonly name: "P-256" | "P-384" | "P-521";
  /** Scalar and coordinate size in bytes. */
  readonly size: number;
  /** The group order n, big-endian, `size` bytes. */
  readonly order: Uint8Array;
  /** PKCS#8 prefix up to and including the header of the ECPrivateKey's privateKey OCTET STRING. */
  readonly pkcs8Prefix: Uint8Array;
}

// RFC 5915 ECPrivateKey inside RFC 5208 PrivateKeyInfo, without the optional publicKey (both
// Chromium and Node compute it from the scalar): 30 L { 02 01 00, 30 L { id-ecPublicKey, curve },
// 04 L { 30 L { 02 01 01, 04 size d } } }. Orders from SEC 2 §2.4.2, §2.5.1 and §2.6.1.
const NIST: Readonly<Record<NistCurve["name"], NistCurve>> = Object.freeze({
  "P-256": {
    name: "P-256",
    size: 32,
    order: fromHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
    pkcs8Prefix: fromHex("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420"),
  },
  "P-384": {
    name: "P-384",
    size: 48,
    order: fromHex(
      "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    ),
    pkcs8Prefix: fromHex("304e020100301006072a8648ce3d020106052b81040022043730350201010430"),
  },
  "P-521": {
    name: "P-521",
    size: 66,
    order: fromHex(
      "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" +
        "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    ),
    pkcs8Prefix: fromHex("3060020100301006072a8648ce3d020106052b81040023044930470201010442"),
  },
});

/**
 * @param name - WebCrypto curve name
 * @returns the curve's parameters
 * @internal
 */
export function nistCurve(name: NistCurve["name"]): NistCurve {
  return NIST[name];
}

/** The RFC 8410 algorithms with fixed-size raw private keys. */
export type OkpAlgorithm = "Ed25519" | "Ed448" | "X25519" | "X448";

// RFC 8410 §7 OneAsymmetricKey v1: 30 L { 02 01 00, 30 05 { 06 03 2b 65 xx }, 04 L { 04 n key } }.
const OKP_PKCS8_PREFIX: Readonly<Record<OkpAlgorithm, Uint8Array>> = Object.freeze({
  X25519: fromHex("302e020100300506032b656e04220420"),
  X448: fromHex("3046020100300506032b656f043a0438"),
  Ed25519: fromHex("302e020100300506032b657004220420"),
  Ed448: fromHex("3047020100300506032b6571043b0439"),
});

/**
 * Wrap a raw RFC 8410 private key (EdDSA seed, X25519/X448 scalar) in PKCS#8. The caller wipes
 * the result after import.
 *
 * @param alg - the algorithm
 * @param key - the raw private key of the algorithm's size
 * @returns PKCS#8 DER
 * @internal
 */
export function okpPkcs8(alg: OkpAlgorithm, key: Uint8Array): Uint8Array {
  return concatBytes(OKP_PKCS8_PREFIX[alg], key);
}

/**
 * Wrap a full-size big-endian EC scalar in PKCS#8 (no public key). The caller wipes the result.
 *
 * @param curve - the curve
 * @param scalar - `curve.size` bytes
 * @returns PKCS#8 DER
 * @internal
 */
export function ecPkcs8(curve: NistCurve, scalar: Uint8Array): Uint8Array {
  return concatBytes(curve.pkcs8Prefix, scalar);
}

/**
 * Left-pad a big-endian scalar to the curve size and check it is in 1..n-1. Some implementations
 * drop leading zero bytes (the official passive-client vectors hold 65-byte P-521 keys), so
 * shorter input is accepted.
 *
 * @param key - big-endian scalar, 1..size bytes
 * @param curve - the curve
 * @param what - `"ECDSA"` or `"HPKE"`, for the message
 * @returns a new array of `curve.size` bytes
 * @throws CryptoError `INVALID_PRIVATE_KEY` for an empty, too long, zero or out-of-range key
 * @internal
 */
export function normalizeScalar(key: Uint8Array, curve: NistCurve, what: string): Uint8Array {
  const k = padScalar(key, curve.size, what);
  // RFC 9180 §7.1.2 / SEC 1 §3.2.1: a private key is an integer in 1..n-1. Compare big-endian
  // bytes without an early exit on the secret.
  let zero = 0;
  let less = 0;
  let decided = 0;
  for (let i = 0; i < curve.size; i++) {
    const a = k[i]!;
    const b = curve.order[i]!;
    zero |= a;
    const lt = a < b ? 1 : 0;
    const gt = a > b ? 1 : 0;
    less |= lt & (decided ^ 1);
    decided |= lt | gt;
  }
  if (zero === 0 || less === 0) {
    k.fill(0);
    throw cryptoError(CryptoErrorCode.invalidPrivateKey, `${what} private key is not in 1..n-1`);
  }
  return k;
}
