/**
 * @module cipher-suite
 * The MLS cipher-suite registry of RFC 9420 §17.1 as data: the `CipherSuite` ids by name, and one
 * {@link CipherSuiteInfo} row per suite with its HPKE (RFC 9180) ids, hash, signature scheme and the
 * byte sizes every layer checks against, composed from the algorithm rows of `algorithms.ts`.
 * Adding a suite (e.g. a post-quantum one) means adding a row.
 */
import {
  AEADS,
  AeadId,
  type HashName,
  hashOutputSize,
  KDFS,
  KdfId,
  KEMS,
  KemId,
  SIGNATURE_SCHEMES,
  type SignatureEncoding,
  type SignatureName,
  type SignatureScheme,
} from "./algorithms.js";

/**
 * The cipher suites of RFC 9420 §17.1, by name. Wire values stay plain `number`s, so GREASE and
 * unknown suites pass through untouched; use {@link cipherSuiteInfo} to learn about an id.
 *
 * @example
 * ```ts
 * import { CipherSuite } from "@mlskit/crypto-provider";
 * const suite = await provider.getCipherSuite(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
 * ```
 */
export const CipherSuite = Object.freeze({
  MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519: 0x0001,
  MLS_128_DHKEMP256_AES128GCM_SHA256_P256: 0x0002,
  MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519: 0x0003,
  MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448: 0x0004,
  MLS_256_DHKEMP521_AES256GCM_SHA512_P521: 0x0005,
  MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448: 0x0006,
  MLS_256_DHKEMP384_AES256GCM_SHA384_P384: 0x0007,
} as const);
/** One of the values of {@link CipherSuite}. */
export type CipherSuite = (typeof CipherSuite)[keyof typeof CipherSuite];
/** One of the names (keys) of {@link CipherSuite}. */
export type CipherSuiteName = keyof typeof CipherSuite;

/**
 * Everything mlskit needs to know about a cipher suite, as data: the ids of its parts (typed
 * unions, see `algorithms.ts`) and every size a layer checks against. Layers take sizes from
 * here, never from assumptions about key lengths.
 *
 * @example
 * ```ts
 * const info = cipherSuiteInfo(2)!;
 * info.hpkePublicKeySize; // 65 (SEC1 uncompressed P-256 point)
 * info.maxSignatureSize; // 72 (DER ECDSA-Sig-Value)
 * ```
 */
export interface CipherSuiteInfo {
  /** The uint16 suite id (RFC 9420 §17.1). */
  readonly id: number;
  /** The registered name, e.g. `MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519`. */
  readonly name: string;
  /** Security level in bits, the `LVL` part of the name. */
  readonly securityLevel: number;
  /** HPKE KEM id (RFC 9180 §7.1), e.g. 0x0020 for DHKEM(X25519, HKDF-SHA256). */
  readonly kemId: KemId;
  /** HPKE KEM name, e.g. `DHKEM(X25519, HKDF-SHA256)`. */
  readonly kemName: string;
  /** HPKE KDF id (RFC 9180 §7.2); also the KDF of the MLS key schedule. */
  readonly kdfId: KdfId;
  /** HPKE KDF name, e.g. `HKDF-SHA256`. */
  readonly kdfName: string;
  /** Nh of the KDF in bytes: the size of `kdf.extract` output and of key-schedule secrets. */
  readonly kdfSize: number;
  /** HPKE AEAD id (RFC 9180 §7.3). */
  readonly aeadId: AeadId;
  /** HPKE AEAD name, e.g. `AES-128-GCM`. */
  readonly aeadName: string;
  /** AEAD key size Nk in bytes. */
  readonly aeadKeySize: number;
  /** AEAD nonce size Nn in bytes. */
  readonly aeadNonceSize: number;
  /** AEAD tag size Nt in bytes. */
  readonly aeadTagSize: number;
  /** The suite hash (RefHash, transcript hashes), e.g. `SHA-256`. */
  readonly hashName: HashName;
  /** The suite hash's output size in bytes (32, 48 or 64): the size of RefHash values. */
  readonly hashSize: number;
  /** Serialized HPKE public key size Npk (RFC 9180 §7.1): raw X25519/X448, SEC1 uncompressed for P-curves. */
  readonly hpkePublicKeySize: number;
  /** Serialized HPKE private key size Nsk (RFC 9180 §7.1.2). */
  readonly hpkePrivateKeySize: number;
  /** HPKE encapsulated key size Nenc (the `kem_output`). */
  readonly kemOutputSize: number;
  /** TLS SignatureScheme code point (RFC 8446 §4.2.3), e.g. 0x0807 for ed25519. */
  readonly signatureScheme: SignatureScheme;
  /** TLS SignatureScheme name, e.g. `ecdsa_secp256r1_sha256`. */
  readonly signatureName: SignatureName;
  /** Signature public key size: raw EdDSA (RFC 8032) or SEC1 uncompressed point (RFC 8446 §4.2.8.2). */
  readonly signaturePublicKeySize: number;
  /** Signature private key size: EdDSA seed or big-endian ECDSA scalar of the full field length. */
  readonly signaturePrivateKeySize: number;
  /** Signature size: exact for EdDSA, the DER maximum for ECDSA. */
  readonly maxSignatureSize: number;
  /** `"eddsa"` (fixed-size R‖S) or `"der"` (ECDSA-Sig-Value, variable size). */
  readonly signatureEncoding: SignatureEncoding;
}

function row(
  id: CipherSuite,
  securityLevel: number,
  kemId: KemId,
  aeadId: AeadId,
  kdfId: KdfId,
  hashName: HashName,
  signatureName: SignatureName,
): CipherSuiteInfo {
  const name = (Object.keys(CipherSuite) as CipherSuiteName[]).find((n) => CipherSuite[n] === id)!;
  const kem = KEMS[kemId];
  const kdf = KDFS[kdfId];
  const aead = AEADS[aeadId];
  const sig = SIGNATURE_SCHEMES[signatureName];
  return Object.freeze({
    id,
    name,
    securityLevel,
    kemId,
    kemName: kem.name,
    kdfId,
    kdfName: kdf.name,
    kdfSize: kdf.size,
    aeadId,
    aeadName: aead.name,
    aeadKeySize: aead.keySize,
    aeadNonceSize: aead.nonceSize,
    aeadTagSize: aead.tagSize,
    hashName,
    hashSize: hashOutputSize(hashName),
    hpkePublicKeySize: kem.publicKeySize,
    hpkePrivateKeySize: kem.privateKeySize,
    kemOutputSize: kem.encapsulationSize,
    signatureScheme: sig.scheme,
    signatureName,
    signaturePublicKeySize: sig.publicKeySize,
    signaturePrivateKeySize: sig.privateKeySize,
    maxSignatureSize: sig.maxSignatureSize,
    signatureEncoding: sig.encoding,
  });
}

const { DHKEM_P256_HKDF_SHA256: P256, DHKEM_P384_HKDF_SHA384: P384, DHKEM_P521_HKDF_SHA512: P521 } = KemId;
const { DHKEM_X25519_HKDF_SHA256: X25519, DHKEM_X448_HKDF_SHA512: X448 } = KemId;
const { HKDF_SHA256, HKDF_SHA384, HKDF_SHA512 } = KdfId;
const { AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305: CHACHA } = AeadId;

/**
 * One row per cipher suite of RFC 9420 §17.1 (the table of §5.1), ascending by id.
 *
 * @example
 * ```ts
 * for (const s of CIPHER_SUITES) console.log(s.id, s.name, s.hashSize);
 * ```
 */
export const CIPHER_SUITES: readonly CipherSuiteInfo[] = Object.freeze([
  row(0x0001, 128, X25519, AES_128_GCM, HKDF_SHA256, "SHA-256", "ed25519"),
  row(0x0002, 128, P256, AES_128_GCM, HKDF_SHA256, "SHA-256", "ecdsa_secp256r1_sha256"),
  row(0x0003, 128, X25519, CHACHA, HKDF_SHA256, "SHA-256", "ed25519"),
  row(0x0004, 256, X448, AES_256_GCM, HKDF_SHA512, "SHA-512", "ed448"),
  row(0x0005, 256, P521, AES_256_GCM, HKDF_SHA512, "SHA-512", "ecdsa_secp521r1_sha512"),
  row(0x0006, 256, X448, CHACHA, HKDF_SHA512, "SHA-512", "ed448"),
  row(0x0007, 256, P384, AES_256_GCM, HKDF_SHA384, "SHA-384", "ecdsa_secp384r1_sha384"),
]);

const BY_ID: ReadonlyMap<number, CipherSuiteInfo> = new Map(CIPHER_SUITES.map((s) => [s.id, s]));

/**
 * The registry row of a cipher suite.
 *
 * @param id - a uint16 cipher-suite id
 * @returns its {@link CipherSuiteInfo}, or `undefined` for an unknown, reserved, GREASE or
 *   private-use id (unknown values are normal on the wire, RFC 9420 §13.4)
 * @example
 * ```ts
 * cipherSuiteInfo(1)?.name; // "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"
 * cipherSuiteInfo(0x0a0a); // undefined
 * ```
 */
export function cipherSuiteInfo(id: number): CipherSuiteInfo | undefined {
  return BY_ID.get(id);
}
