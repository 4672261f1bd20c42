/**
 * @module algorithms
 * The algorithm registries a cipher suite is made of, as typed data: HPKE KEM, KDF and AEAD ids
 * (RFC 9180 §7.1–§7.3), the hash functions, and TLS signature schemes (RFC 8446 §4.2.3). Each id
 * is an `as const` union, so a provider switches over names the compiler checks (no bare
 * `case 0x0010`), and each has one row holding every size a layer checks against. A cipher-suite
 * row (see `cipher-suite.ts`) is one KEM, KDF, AEAD, hash and signature row put together.
 */

/**
 * HPKE KEM ids (RFC 9180 §7.1), by name. The post-quantum ones are those of draft-ietf-hpke-pq
 * (ML-KEM-512/768/1024 0x0040–0x0042; 0x647a, MLKEM768-X25519, i.e. X-Wing): KEMs without
 * Diffie-Hellman, used through the same RFC 9180 interface (generate, derive, encap/seal,
 * decap/open). Still provisional, like the MLS suites that use them.
 *
 * @example
 * ```ts
 * import { KemId } from "@mlskit/crypto-provider";
 * if (info.kemId === KemId.DHKEM_X25519_HKDF_SHA256) console.log("X25519");
 * ```
 */
export const KemId = Object.freeze({
  DHKEM_P256_HKDF_SHA256: 0x0010,
  DHKEM_P384_HKDF_SHA384: 0x0011,
  DHKEM_P521_HKDF_SHA512: 0x0012,
  DHKEM_X25519_HKDF_SHA256: 0x0020,
  DHKEM_X448_HKDF_SHA512: 0x0021,
  ML_KEM_512: 0x0040,
  ML_KEM_768: 0x0041,
  ML_KEM_1024: 0x0042,
  /**
   * X-Wing (draft-connolly-cfrg-xwing-kem), registered by draft-ietf-hpke-pq as MLKEM768-X25519.
   * OpenMLS before 0.7.2 (hpke-rs 0.3) used 0x004D in the HPKE suite id instead: see the
   * X-Wing suites' rows in `cipher-suite.ts`.
   */
  X_WING: 0x647a,
} as const);
/** One of the values of {@link KemId}. */
export type KemId = (typeof KemId)[keyof typeof KemId];

/**
 * HPKE KDF ids (RFC 9180 §7.2), by name; the KDF of an MLS suite is its HPKE KDF (RFC 9420 §5.1).
 *
 * @example
 * ```ts
 * import { KdfId } from "@mlskit/crypto-provider";
 * KdfId.HKDF_SHA384; // 0x0002
 * ```
 */
export const KdfId = Object.freeze({
  HKDF_SHA256: 0x0001,
  HKDF_SHA384: 0x0002,
  HKDF_SHA512: 0x0003,
} as const);
/** One of the values of {@link KdfId}. */
export type KdfId = (typeof KdfId)[keyof typeof KdfId];

/**
 * HPKE AEAD ids (RFC 9180 §7.3), by name; the AEAD of an MLS suite is its HPKE AEAD.
 *
 * @example
 * ```ts
 * import { AeadId } from "@mlskit/crypto-provider";
 * AeadId.CHACHA20_POLY1305; // 0x0003
 * ```
 */
export const AeadId = Object.freeze({
  AES_128_GCM: 0x0001,
  AES_256_GCM: 0x0002,
  CHACHA20_POLY1305: 0x0003,
} as const);
/** One of the values of {@link AeadId}. */
export type AeadId = (typeof AeadId)[keyof typeof AeadId];

/**
 * The hash functions of the registered suites (FIPS 180-4), by the names Web Crypto uses.
 *
 * @example
 * ```ts
 * import { HASH_NAMES } from "@mlskit/crypto-provider";
 * HASH_NAMES; // ["SHA-256", "SHA-384", "SHA-512"]
 * ```
 */
export const HASH_NAMES = Object.freeze(["SHA-256", "SHA-384", "SHA-512"] as const);
/** One of {@link HASH_NAMES}. */
export type HashName = (typeof HASH_NAMES)[number];

/**
 * TLS SignatureScheme code points (RFC 8446 §4.2.3) of the registered suites, by their TLS names.
 *
 * @example
 * ```ts
 * import { SignatureScheme } from "@mlskit/crypto-provider";
 * SignatureScheme.ed25519; // 0x0807
 * ```
 */
export const SignatureScheme = Object.freeze({
  ecdsa_secp256r1_sha256: 0x0403,
  ecdsa_secp384r1_sha384: 0x0503,
  ecdsa_secp521r1_sha512: 0x0603,
  ed25519: 0x0807,
  ed448: 0x0808,
  /** ML-DSA-44 (FIPS 204), draft-ietf-tls-mldsa code point. */
  mldsa44: 0x0904,
  /** ML-DSA-65 (FIPS 204), draft-ietf-tls-mldsa code point. */
  mldsa65: 0x0905,
  /** ML-DSA-87 (FIPS 204), draft-ietf-tls-mldsa code point. */
  mldsa87: 0x0906,
} as const);
/** One of the values of {@link SignatureScheme}. */
export type SignatureScheme = (typeof SignatureScheme)[keyof typeof SignatureScheme];
/** One of the names (keys) of {@link SignatureScheme}, e.g. `"ed25519"`. */
export type SignatureName = keyof typeof SignatureScheme;

/**
 * How a scheme's signatures are encoded on the wire: `"eddsa"` a fixed-size R‖S (RFC 8032),
 * `"der"` an ECDSA-Sig-Value of variable size (RFC 9420 §5.1.2, RFC 8446 §4.2.3), `"mldsa"` the
 * fixed-size FIPS 204 encoding (pure ML-DSA, empty context, as draft-ietf-tls-mldsa uses it).
 */
export type SignatureEncoding = "eddsa" | "der" | "mldsa";

/**
 * One HPKE KEM: its id and the sizes RFC 9180 §7.1 gives (Npk, Nsk, Nenc).
 *
 * @example
 * ```ts
 * KEMS[KemId.DHKEM_P256_HKDF_SHA256].publicKeySize; // 65
 * ```
 */
export interface KemInfo {
  /** The HPKE KEM id. */
  readonly id: KemId;
  /** Its name, e.g. `DHKEM(X25519, HKDF-SHA256)`. */
  readonly name: string;
  /** Npk: serialized public key size (raw X25519/X448, SEC1 uncompressed for the P-curves). */
  readonly publicKeySize: number;
  /**
   * Nsk: serialized private key size (RFC 9180 §7.1.2). For ML-KEM the 64-byte seed d‖z of
   * FIPS 203 and for X-Wing its 32-byte seed, as draft-ietf-hpke-pq serializes them.
   */
  readonly privateKeySize: number;
  /** Nenc: encapsulated key size (the `kem_output`). */
  readonly encapsulationSize: number;
  /** `"dh"` for the DHKEMs of RFC 9180 §4.1; `"pq"` for the lattice and hybrid KEMs. */
  readonly kind: "dh" | "pq";
  /**
   * How a public key is encoded (RFC 9180 §7.1.1): `"sec1"` an uncompressed SEC1 point
   * (0x04 ‖ X ‖ Y, the P-curves); `"raw"` a fixed-size byte string (X25519/X448, ML-KEM, X-Wing).
   */
  readonly publicKeyFormat: "sec1" | "raw";
}

/**
 * One HPKE KDF: its id, hash and Nh (RFC 9180 §7.2).
 *
 * @example
 * ```ts
 * KDFS[KdfId.HKDF_SHA256].size; // 32
 * ```
 */
export interface KdfInfo {
  /** The HPKE KDF id. */
  readonly id: KdfId;
  /** Its name, e.g. `HKDF-SHA256`. */
  readonly name: string;
  /** The hash HKDF runs on. */
  readonly hash: HashName;
  /** Nh: the output size of Extract, in bytes. */
  readonly size: number;
}

/**
 * One HPKE AEAD: its id and sizes (RFC 9180 §7.3: Nk, Nn, Nt).
 *
 * @example
 * ```ts
 * AEADS[AeadId.AES_128_GCM].keySize; // 16
 * ```
 */
export interface AeadInfo {
  /** The HPKE AEAD id. */
  readonly id: AeadId;
  /** Its name, e.g. `AES-128-GCM`. */
  readonly name: string;
  /** Nk: key size in bytes. */
  readonly keySize: number;
  /** Nn: nonce size in bytes. */
  readonly nonceSize: number;
  /** Nt: tag size in bytes. */
  readonly tagSize: number;
}

/**
 * One signature scheme: its code point, encoding and sizes.
 *
 * @example
 * ```ts
 * SIGNATURE_SCHEMES.ecdsa_secp256r1_sha256.maxSignatureSize; // 72
 * ```
 */
export interface SignatureSchemeInfo {
  /** The TLS SignatureScheme code point. */
  readonly scheme: SignatureScheme;
  /** The TLS name, e.g. `ecdsa_secp256r1_sha256`. */
  readonly name: SignatureName;
  /**
   * Public key size: raw EdDSA (RFC 8032), SEC1 uncompressed point (RFC 8446 §4.2.8.2), or the
   * FIPS 204 public key encoding.
   */
  readonly publicKeySize: number;
  /**
   * Private key size: EdDSA seed, big-endian ECDSA scalar of the full field length, or the
   * 32-byte ML-DSA seed ξ of FIPS 204 (the compact form RFC 9881 also uses).
   */
  readonly privateKeySize: number;
  /** Signature size: exact for EdDSA and ML-DSA, the DER maximum for ECDSA. */
  readonly maxSignatureSize: number;
  /** How signatures are encoded. */
  readonly encoding: SignatureEncoding;
}

const hashSize: Readonly<Record<HashName, number>> = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };

/**
 * The output size of a registry hash.
 *
 * @param name - a hash name
 * @returns its output size in bytes
 * @example
 * ```ts
 * hashOutputSize("SHA-384"); // 48
 * ```
 */
export function hashOutputSize(name: HashName): number {
  return hashSize[name];
}

const kem = (
  id: KemId,
  name: string,
  publicKeySize: number,
  privateKeySize: number,
  encapsulationSize: number,
  kind: "dh" | "pq" = "dh",
): KemInfo =>
  Object.freeze({
    id,
    name,
    publicKeySize,
    privateKeySize,
    encapsulationSize,
    kind,
    // RFC 9180 §7.1.1: the NIST-curve DHKEMs serialize SEC1 uncompressed points.
    publicKeyFormat: id >= 0x0010 && id <= 0x0012 ? "sec1" : "raw",
  });

/**
 * Every registered HPKE KEM by id (RFC 9180 §7.1 table: Npk, Nsk, Nenc; draft-ietf-hpke-pq for
 * ML-KEM, whose sizes are FIPS 203's, and X-Wing, whose are draft-connolly-cfrg-xwing-kem's).
 *
 * @example
 * ```ts
 * KEMS[0x0020].name; // "DHKEM(X25519, HKDF-SHA256)"
 * ```
 */
export const KEMS: Readonly<Record<KemId, KemInfo>> = Object.freeze({
  [KemId.DHKEM_P256_HKDF_SHA256]: kem(0x0010, "DHKEM(P-256, HKDF-SHA256)", 65, 32, 65),
  [KemId.DHKEM_P384_HKDF_SHA384]: kem(0x0011, "DHKEM(P-384, HKDF-SHA384)", 97, 48, 97),
  [KemId.DHKEM_P521_HKDF_SHA512]: kem(0x0012, "DHKEM(P-521, HKDF-SHA512)", 133, 66, 133),
  [KemId.DHKEM_X25519_HKDF_SHA256]: kem(0x0020, "DHKEM(X25519, HKDF-SHA256)", 32, 32, 32),
  [KemId.DHKEM_X448_HKDF_SHA512]: kem(0x0021, "DHKEM(X448, HKDF-SHA512)", 56, 56, 56),
  [KemId.ML_KEM_512]: kem(0x0040, "ML-KEM-512", 800, 64, 768, "pq"),
  [KemId.ML_KEM_768]: kem(0x0041, "ML-KEM-768", 1184, 64, 1088, "pq"),
  [KemId.ML_KEM_1024]: kem(0x0042, "ML-KEM-1024", 1568, 64, 1568, "pq"),
  [KemId.X_WING]: kem(0x647a, "X-Wing (MLKEM768-X25519)", 1216, 32, 1120, "pq"),
});

/**
 * Every registered HPKE KDF by id (RFC 9180 §7.2).
 *
 * @example
 * ```ts
 * KDFS[0x0003].hash; // "SHA-512"
 * ```
 */
export const KDFS: Readonly<Record<KdfId, KdfInfo>> = Object.freeze({
  [KdfId.HKDF_SHA256]: Object.freeze({ id: 0x0001, name: "HKDF-SHA256", hash: "SHA-256", size: 32 }),
  [KdfId.HKDF_SHA384]: Object.freeze({ id: 0x0002, name: "HKDF-SHA384", hash: "SHA-384", size: 48 }),
  [KdfId.HKDF_SHA512]: Object.freeze({ id: 0x0003, name: "HKDF-SHA512", hash: "SHA-512", size: 64 }),
});

/**
 * Every registered HPKE AEAD by id (RFC 9180 §7.3).
 *
 * @example
 * ```ts
 * AEADS[0x0002].keySize; // 32
 * ```
 */
export const AEADS: Readonly<Record<AeadId, AeadInfo>> = Object.freeze({
  [AeadId.AES_128_GCM]: Object.freeze({
    id: 0x0001,
    name: "AES-128-GCM",
    keySize: 16,
    nonceSize: 12,
    tagSize: 16,
  }),
  [AeadId.AES_256_GCM]: Object.freeze({
    id: 0x0002,
    name: "AES-256-GCM",
    keySize: 32,
    nonceSize: 12,
    tagSize: 16,
  }),
  [AeadId.CHACHA20_POLY1305]: Object.freeze({
    id: 0x0003,
    name: "ChaCha20Poly1305",
    keySize: 32,
    nonceSize: 12,
    tagSize: 16,
  }),
});

const sig = (
  name: SignatureName,
  publicKeySize: number,
  privateKeySize: number,
  maxSignatureSize: number,
  encoding: SignatureEncoding,
): SignatureSchemeInfo =>
  Object.freeze({
    scheme: SignatureScheme[name],
    name,
    publicKeySize,
    privateKeySize,
    maxSignatureSize,
    encoding,
  });

/**
 * Every registered signature scheme by TLS name. ECDSA maxima are DER ECDSA-Sig-Value sizes: two
 * INTEGERs of at most (scalar size + 1) bytes under a SEQUENCE header (P-521: r, s < 2^521 need
 * no sign byte).
 *
 * @example
 * ```ts
 * SIGNATURE_SCHEMES.ed448.publicKeySize; // 57
 * ```
 */
export const SIGNATURE_SCHEMES: Readonly<Record<SignatureName, SignatureSchemeInfo>> = Object.freeze({
  ecdsa_secp256r1_sha256: sig("ecdsa_secp256r1_sha256", 65, 32, 72, "der"),
  ecdsa_secp384r1_sha384: sig("ecdsa_secp384r1_sha384", 97, 48, 104, "der"),
  ecdsa_secp521r1_sha512: sig("ecdsa_secp521r1_sha512", 133, 66, 139, "der"),
  ed25519: sig("ed25519", 32, 32, 64, "eddsa"),
  ed448: sig("ed448", 57, 57, 114, "eddsa"),
  // FIPS 204 Table 2: pk 1312 / 1952 / 2592 bytes, signature 2420 / 3309 / 4627 bytes.
  mldsa44: sig("mldsa44", 1312, 32, 2420, "mldsa"),
  mldsa65: sig("mldsa65", 1952, 32, 3309, "mldsa"),
  mldsa87: sig("mldsa87", 2592, 32, 4627, "mldsa"),
});
