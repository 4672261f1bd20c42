/**
 * @module cipher-suite
 * The MLS cipher-suite registry of RFC 9420 §17.1 as data: the `CipherSuite` ids by name, and one
 * {@link CipherSuiteInfo} row per suite with its HPKE (RFC 9180) ids, hash, signature scheme and the
 * byte sizes every layer checks against. Adding a suite (e.g. a post-quantum one) means adding a row.
 */

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

/** How a suite's signatures are encoded on the wire (RFC 9420 §5.1.2, RFC 8446 §4.2.3). */
export type SignatureEncoding = "eddsa" | "der";

/**
 * Everything mlskit needs to know about a cipher suite, as data.
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
  readonly kemId: number;
  /** HPKE KEM name, e.g. `DHKEM(X25519, HKDF-SHA256)`. */
  readonly kemName: string;
  /** HPKE KDF id (RFC 9180 §7.2); also the KDF of the MLS key schedule. */
  readonly kdfId: number;
  /** HPKE KDF name, e.g. `HKDF-SHA256`. */
  readonly kdfName: string;
  /** HPKE AEAD id (RFC 9180 §7.3). */
  readonly aeadId: number;
  /** HPKE AEAD name, e.g. `AES-128-GCM`. */
  readonly aeadName: string;
  /** AEAD key size Nk in bytes. */
  readonly aeadKeySize: number;
  /** AEAD nonce size Nn in bytes. */
  readonly aeadNonceSize: number;
  /** Hash function name, e.g. `SHA-256`. */
  readonly hashName: string;
  /** Hash output size = KDF.Nh in bytes (32, 48 or 64); the size of RefHash values. */
  readonly hashSize: number;
  /** Serialized HPKE public key size Npk (RFC 9180 §7.1): raw X25519/X448, SEC1 uncompressed for P-curves. */
  readonly hpkePublicKeySize: number;
  /** Serialized HPKE private key size Nsk (RFC 9180 §7.1.2). */
  readonly hpkePrivateKeySize: number;
  /** HPKE encapsulated key size Nenc (the `kem_output`). */
  readonly kemOutputSize: number;
  /** TLS SignatureScheme code point (RFC 8446 §4.2.3), e.g. 0x0807 for ed25519. */
  readonly signatureScheme: number;
  /** TLS SignatureScheme name, e.g. `ecdsa_secp256r1_sha256`. */
  readonly signatureName: string;
  /** Signature public key size: raw EdDSA (RFC 8032) or SEC1 uncompressed point (RFC 8446 §4.2.8.2). */
  readonly signaturePublicKeySize: number;
  /** Signature private key size: EdDSA seed or big-endian ECDSA scalar of the full field length. */
  readonly signaturePrivateKeySize: number;
  /** Signature size: exact for EdDSA, the DER maximum for ECDSA. */
  readonly maxSignatureSize: number;
  /** `"eddsa"` (fixed-size R‖S) or `"der"` (ECDSA-Sig-Value, variable size). */
  readonly signatureEncoding: SignatureEncoding;
}

type Kem = Pick<
  CipherSuiteInfo,
  "kemId" | "kemName" | "hpkePublicKeySize" | "hpkePrivateKeySize" | "kemOutputSize"
>;
type Kdf = Pick<CipherSuiteInfo, "kdfId" | "kdfName" | "hashName" | "hashSize">;
type Aead = Pick<CipherSuiteInfo, "aeadId" | "aeadName" | "aeadKeySize" | "aeadNonceSize">;
type Sig = Pick<
  CipherSuiteInfo,
  | "signatureScheme"
  | "signatureName"
  | "signaturePublicKeySize"
  | "signaturePrivateKeySize"
  | "maxSignatureSize"
  | "signatureEncoding"
>;

// RFC 9180 §7.1 (KEM ids, Npk, Nsk, Nenc); §7.2 (KDF ids, Nh); §7.3 (AEAD ids, Nk, Nn).
const X25519: Kem = {
  kemId: 0x0020,
  kemName: "DHKEM(X25519, HKDF-SHA256)",
  hpkePublicKeySize: 32,
  hpkePrivateKeySize: 32,
  kemOutputSize: 32,
};
const X448: Kem = {
  kemId: 0x0021,
  kemName: "DHKEM(X448, HKDF-SHA512)",
  hpkePublicKeySize: 56,
  hpkePrivateKeySize: 56,
  kemOutputSize: 56,
};
const P256: Kem = {
  kemId: 0x0010,
  kemName: "DHKEM(P-256, HKDF-SHA256)",
  hpkePublicKeySize: 65,
  hpkePrivateKeySize: 32,
  kemOutputSize: 65,
};
const P384: Kem = {
  kemId: 0x0011,
  kemName: "DHKEM(P-384, HKDF-SHA384)",
  hpkePublicKeySize: 97,
  hpkePrivateKeySize: 48,
  kemOutputSize: 97,
};
const P521: Kem = {
  kemId: 0x0012,
  kemName: "DHKEM(P-521, HKDF-SHA512)",
  hpkePublicKeySize: 133,
  hpkePrivateKeySize: 66,
  kemOutputSize: 133,
};
const SHA256: Kdf = { kdfId: 0x0001, kdfName: "HKDF-SHA256", hashName: "SHA-256", hashSize: 32 };
const SHA384: Kdf = { kdfId: 0x0002, kdfName: "HKDF-SHA384", hashName: "SHA-384", hashSize: 48 };
const SHA512: Kdf = { kdfId: 0x0003, kdfName: "HKDF-SHA512", hashName: "SHA-512", hashSize: 64 };
const AES128GCM: Aead = { aeadId: 0x0001, aeadName: "AES-128-GCM", aeadKeySize: 16, aeadNonceSize: 12 };
const AES256GCM: Aead = { aeadId: 0x0002, aeadName: "AES-256-GCM", aeadKeySize: 32, aeadNonceSize: 12 };
const CHACHA: Aead = { aeadId: 0x0003, aeadName: "ChaCha20Poly1305", aeadKeySize: 32, aeadNonceSize: 12 };
// RFC 8446 §4.2.3 code points. ECDSA maxima are DER ECDSA-Sig-Value sizes: two INTEGERs of at most
// (scalar size + 1) bytes under a SEQUENCE header (P-521: r, s < 2^521 need no sign byte).
const ED25519: Sig = {
  signatureScheme: 0x0807,
  signatureName: "ed25519",
  signaturePublicKeySize: 32,
  signaturePrivateKeySize: 32,
  maxSignatureSize: 64,
  signatureEncoding: "eddsa",
};
const ED448: Sig = {
  signatureScheme: 0x0808,
  signatureName: "ed448",
  signaturePublicKeySize: 57,
  signaturePrivateKeySize: 57,
  maxSignatureSize: 114,
  signatureEncoding: "eddsa",
};
const ECDSA_P256: Sig = {
  signatureScheme: 0x0403,
  signatureName: "ecdsa_secp256r1_sha256",
  signaturePublicKeySize: 65,
  signaturePrivateKeySize: 32,
  maxSignatureSize: 72,
  signatureEncoding: "der",
};
const ECDSA_P384: Sig = {
  signatureScheme: 0x0503,
  signatureName: "ecdsa_secp384r1_sha384",
  signaturePublicKeySize: 97,
  signaturePrivateKeySize: 48,
  maxSignatureSize: 104,
  signatureEncoding: "der",
};
const ECDSA_P521: Sig = {
  signatureScheme: 0x0603,
  signatureName: "ecdsa_secp521r1_sha512",
  signaturePublicKeySize: 133,
  signaturePrivateKeySize: 66,
  maxSignatureSize: 139,
  signatureEncoding: "der",
};

function row(
  id: CipherSuite,
  securityLevel: number,
  kem: Kem,
  aead: Aead,
  kdf: Kdf,
  sig: Sig,
): CipherSuiteInfo {
  const name = (Object.keys(CipherSuite) as CipherSuiteName[]).find((n) => CipherSuite[n] === id)!;
  return Object.freeze({ id, name, securityLevel, ...kem, ...kdf, ...aead, ...sig });
}

/**
 * One row per cipher suite of RFC 9420 §17.1 (the table of §5.1), ascending by id.
 *
 * @example
 * ```ts
 * for (const s of CIPHER_SUITES) console.log(s.id, s.name, s.hashSize);
 * ```
 */
export const CIPHER_SUITES: readonly CipherSuiteInfo[] = Object.freeze([
  row(0x0001, 128, X25519, AES128GCM, SHA256, ED25519),
  row(0x0002, 128, P256, AES128GCM, SHA256, ECDSA_P256),
  row(0x0003, 128, X25519, CHACHA, SHA256, ED25519),
  row(0x0004, 256, X448, AES256GCM, SHA512, ED448),
  row(0x0005, 256, P521, AES256GCM, SHA512, ECDSA_P521),
  row(0x0006, 256, X448, CHACHA, SHA512, ED448),
  row(0x0007, 256, P384, AES256GCM, SHA384, ECDSA_P384),
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
