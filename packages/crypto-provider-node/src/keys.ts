/**
 * @module keys
 * Raw MLS key encodings (RFC 9420 §5.1.1, RFC 9180 §7.1) to and from `node:crypto` (internal).
 *
 * Fresh key pairs come from OpenSSL with their encodings asked for up front: JWK for the RFC 8410
 * curves (`d` is the raw private key, `x` the raw public key, RFC 8037 §2) and `ECDH` objects for
 * the NIST curves (the big-endian scalar and the SEC 1 uncompressed point directly). Asking for
 * the JWK inside the key generation job matters on Node 20: exporting a `generateKeyPairSync`
 * key as JWK afterwards can deadlock when a garbage collection destroys the finished job while
 * the export holds its lock.
 *
 * Public keys are imported as JWK, which Node hands to OpenSSL as raw coordinates (for Ed25519
 * about 14× cheaper than decoding an SPKI; for P-256 half the cost, the point checked on the
 * curve either way). Private keys are imported as PKCS#8 DER held in a `Buffer` that is wiped
 * right after: slower than JWK, but no copy of the secret is left in an unwipeable string, and a
 * signer's key is imported once and then cached.
 */
import {
  createECDH,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto";
import { CryptoErrorCode, type KeyPair } from "@mlskit/crypto-provider";
import { cryptoError } from "@mlskit/crypto-provider/kit";

/** The RFC 8410 curves: EdDSA (RFC 8032) and the RFC 7748 Diffie-Hellman functions. */
export type OkpCurve = "Ed25519" | "Ed448" | "X25519" | "X448";

/** The NIST curves of RFC 9420's suites, by their JWK / WebCrypto name. */
export type NistCurve = "P-256" | "P-384" | "P-521";

/** Raw private (and public) key size of an RFC 8410 curve. */
export const OKP_SIZE: Readonly<Record<OkpCurve, number>> = Object.freeze({
  Ed25519: 32,
  Ed448: 57,
  X25519: 32,
  X448: 56,
});

/** Scalar and coordinate size of a NIST curve. */
export const NIST_SIZE: Readonly<Record<NistCurve, number>> = Object.freeze({
  "P-256": 32,
  "P-384": 48,
  "P-521": 66,
});

/** OpenSSL's name of a NIST curve, as `createECDH` takes it. */
const OPENSSL_CURVE: Readonly<Record<NistCurve, string>> = Object.freeze({
  "P-256": "prime256v1",
  "P-384": "secp384r1",
  "P-521": "secp521r1",
});

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));

// RFC 8410 §7 OneAsymmetricKey v1: 30 L { 02 01 00, 30 05 { 06 03 2b 65 xx }, 04 L { 04 n key } }.
const OKP_PKCS8_PREFIX: Readonly<Record<OkpCurve, Uint8Array>> = Object.freeze({
  X25519: hex("302e020100300506032b656e04220420"),
  X448: hex("3046020100300506032b656f043a0438"),
  Ed25519: hex("302e020100300506032b657004220420"),
  Ed448: hex("3047020100300506032b6571043b0439"),
});

// RFC 5915 ECPrivateKey inside RFC 5208 PrivateKeyInfo, without the optional publicKey (OpenSSL
// computes it from the scalar): 30 L { 02 01 00, 30 L { id-ecPublicKey, curve }, 04 L { 30 L {
// 02 01 01, 04 size d } } }.
const EC_PKCS8_PREFIX: Readonly<Record<NistCurve, Uint8Array>> = Object.freeze({
  "P-256": hex("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420"),
  "P-384": hex("304e020100301006072a8648ce3d020106052b81040022043730350201010430"),
  "P-521": hex("3060020100301006072a8648ce3d020106052b81040023044930470201010442"),
});

/**
 * The bytes of a `Buffer` that `node:crypto` just returned, as a plain `Uint8Array`, so callers
 * never receive Node's subclass: a view when the Buffer owns its whole memory (signatures and
 * digests do), else a copy (a Buffer from Node's shared pool must not be handed out as a view).
 */
export function plainBytes(buf: Uint8Array): Uint8Array {
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength) return new Uint8Array(buf.buffer);
  return buf.slice();
}

/** A `Buffer` view of the same memory (no copy), for `node:crypto` calls. */
export function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** base64url of bytes, without copying them. */
export function base64Url(bytes: Uint8Array): string {
  return bufferOf(bytes).toString("base64url");
}

/** Decode base64url from a JWK into a new plain array, left-padded to `size` bytes. */
function jwkBytes(value: string | undefined, size: number): Uint8Array {
  const buf = Buffer.from(value ?? "", "base64url");
  const out = new Uint8Array(size);
  out.set(buf, size - buf.length);
  buf.fill(0);
  return out;
}

/**
 * A fresh RFC 8410 key pair (RFC 8032 §5.1.5 / §5.2.5 seed and public key, or RFC 7748 scalar and
 * u-coordinate), both read from the JWK the generation job encodes (RFC 8037 §2).
 *
 * @param curve - the curve
 * @returns raw keys; X25519/X448 private keys as OpenSSL made them (clamp them for HPKE)
 * @internal
 */
export function generateOkpKeyPair(curve: OkpCurve): KeyPair {
  // (@types/node 20 lacks the encoding overloads of "x25519"/"x448"; the runtime has them.)
  const generate = generateKeyPairSync as unknown as (
    type: string,
    options: object,
  ) => { publicKey: JsonWebKey; privateKey: JsonWebKey };
  const { privateKey: jwk } = generate(curve.toLowerCase(), {
    publicKeyEncoding: { format: "jwk" },
    privateKeyEncoding: { format: "jwk" },
  });
  const size = OKP_SIZE[curve];
  return { publicKey: jwkBytes(jwk.x, size), privateKey: jwkBytes(jwk.d, size) };
}

/**
 * A fresh NIST-curve key pair: the scalar (SEC 1 §3.2.1, big-endian, full length) and the public
 * key as RFC 8446 §4.2.8.2 UncompressedPointRepresentation 0x04 ‖ X ‖ Y.
 *
 * @param curve - the curve
 * @returns raw keys
 * @internal
 */
export function generateNistKeyPair(curve: NistCurve): KeyPair {
  const ecdh = createECDH(OPENSSL_CURVE[curve]);
  const publicKey = plainBytes(ecdh.generateKeys());
  const d = ecdh.getPrivateKey();
  const privateKey = new Uint8Array(NIST_SIZE[curve]);
  privateKey.set(d, privateKey.length - d.length);
  d.fill(0);
  return { publicKey, privateKey };
}

/**
 * The uncompressed public point of a NIST-curve scalar.
 *
 * @param curve - the curve
 * @param scalar - big-endian, exactly the curve size
 * @returns 0x04 ‖ X ‖ Y
 * @throws CryptoError `INVALID_PRIVATE_KEY` for a wrong length, zero or a scalar not below n
 * @internal
 */
export function nistPublicKey(curve: NistCurve, scalar: Uint8Array, what: string): Uint8Array {
  const size = NIST_SIZE[curve];
  if (scalar.length !== size) {
    throw cryptoError(
      CryptoErrorCode.invalidPrivateKey,
      `${what} private key must be ${size} bytes, got ${scalar.length}`,
    );
  }
  try {
    const ecdh = createECDH(OPENSSL_CURVE[curve]);
    // OpenSSL refuses 0 and scalars ≥ n (SEC 1 §3.2.1: a private key is in 1..n-1).
    ecdh.setPrivateKey(bufferOf(scalar));
    return plainBytes(ecdh.getPublicKey());
  } catch (e) {
    throw cryptoError(CryptoErrorCode.invalidPrivateKey, `${what} private key is not in 1..n-1`, {}, e);
  }
}

/** Import PKCS#8 DER built from `prefix ‖ key` and wipe the DER. */
function importPkcs8(prefix: Uint8Array, key: Uint8Array, what: string): KeyObject {
  const der = Buffer.alloc(prefix.length + key.length);
  der.set(prefix);
  der.set(key, prefix.length);
  try {
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch (e) {
    throw cryptoError(CryptoErrorCode.invalidPrivateKey, `${what} private key does not import`, {}, e);
  } finally {
    der.fill(0);
  }
}

/**
 * Import an EdDSA seed (RFC 8032) for signing.
 *
 * @param curve - "Ed25519" or "Ed448"
 * @param seed - the raw private key of the curve's size (checked by the caller)
 * @returns the private KeyObject
 * @internal
 */
export function importOkpPrivateKey(curve: OkpCurve, seed: Uint8Array): KeyObject {
  return importPkcs8(OKP_PKCS8_PREFIX[curve], seed, curve);
}

/**
 * Import a NIST-curve scalar for signing.
 *
 * @param curve - the curve
 * @param scalar - big-endian, exactly the curve size, in 1..n-1 (checked by the caller)
 * @returns the private KeyObject
 * @internal
 */
export function importNistPrivateKey(curve: NistCurve, scalar: Uint8Array): KeyObject {
  return importPkcs8(EC_PKCS8_PREFIX[curve], scalar, "ECDSA");
}

/**
 * Import a raw RFC 8410 public key.
 *
 * @param curve - the curve
 * @param raw - the public key of the curve's size (checked by the caller)
 * @param x - `raw` in base64url, if the caller has it already
 * @returns the public KeyObject
 * @throws whatever `createPublicKey` throws for a key OpenSSL refuses
 * @internal
 */
export function importOkpPublicKey(curve: OkpCurve, raw: Uint8Array, x = base64Url(raw)): KeyObject {
  return createPublicKey({ key: { kty: "OKP", crv: curve, x }, format: "jwk" });
}

/**
 * Import an uncompressed NIST-curve point (0x04 ‖ X ‖ Y; the caller checks length and prefix).
 * OpenSSL checks that the point is on the curve.
 *
 * @param curve - the curve
 * @param point - the public key
 * @returns the public KeyObject
 * @throws whatever `createPublicKey` throws for a point off the curve
 * @internal
 */
export function importNistPublicKey(curve: NistCurve, point: Uint8Array): KeyObject {
  const size = NIST_SIZE[curve];
  return createPublicKey({
    key: {
      kty: "EC",
      crv: curve,
      x: base64Url(point.subarray(1, 1 + size)),
      y: base64Url(point.subarray(1 + size)),
    },
    format: "jwk",
  });
}
