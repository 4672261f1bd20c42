/**
 * @module cipher-suite
 * The MLS cipher-suite registry of RFC 9420 §17.1 as data: the `CipherSuite` ids by name, and one
 * {@link CipherSuiteInfo} row per suite with its HPKE (RFC 9180) ids, hash, signature scheme and the
 * byte sizes every layer checks against, composed from the algorithm rows of `algorithms.ts`.
 * Adding a suite (e.g. a post-quantum one) means adding a row.
 */
import type { HashName, SignatureEncoding, SignatureName, SignatureScheme } from "./algorithms.js";
import { AEADS, AeadId, hashOutputSize, KDFS, KdfId, KEMS, KemId, SIGNATURE_SCHEMES } from "./algorithms.js";

/**
 * The cipher suites by name: the seven of RFC 9420 §17.1, then the post-quantum suites that
 * deployed code uses under provisional code points (see {@link CIPHER_SUITES} for their sources).
 * A name maps to one definition; when a definition carries several code points (an implementation's
 * private one, a later IANA assignment) the name maps to the preferred one and
 * {@link cipherSuiteCodePoints} lists them all. Wire values stay plain `number`s, so GREASE and
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
  // Provisional (OpenMLS, draft-ietf-mls-pq-ciphersuites TBD1–TBD11 where noted in the rows).
  MLS_192_MLKEM1024_AES256GCM_SHA384_P384: 0x0042,
  MLS_256_XWING_CHACHA20POLY1305_SHA256_Ed25519: 0x004d,
  MLS_128_MLKEM768X25519_AES256GCM_SHA384_Ed25519: 0x004e,
  MLS_128_MLKEM768X25519_AES128GCM_SHA256_Ed25519: 0x004f,
  MLS_128_MLKEM768_AES256GCM_SHA384_P256: 0x0050,
  MLS_192_MLKEM768_AES256GCM_SHA384_MLDSA65: 0x0051,
  MLS_128_MLKEM768X25519_CHACHA20POLY1305_SHA384_MLDSA44: 0x0052,
  MLS_256_MLKEM1024_AES256GCM_SHA512_MLDSA87: 0x0906,
  MLS_256_MLKEM1024_AES256GCM_SHA384_MLDSA87: 0x0907,
  MLS_128_MLKEM768_AES256GCM_SHA384_Ed25519: 0xf042,
  // Provisional (ts-mls 2.0, private-use range).
  MLS_128_MLKEM512_AES128GCM_SHA256_Ed25519: 0xf007,
  MLS_128_MLKEM512_CHACHA20POLY1305_SHA256_Ed25519: 0xf008,
  MLS_256_MLKEM768_AES256GCM_SHA384_Ed25519: 0xf009,
  MLS_256_MLKEM768_CHACHA20POLY1305_SHA384_Ed25519: 0xf00a,
  MLS_256_MLKEM1024_AES256GCM_SHA512_Ed25519: 0xf00b,
  MLS_256_MLKEM1024_CHACHA20POLY1305_SHA512_Ed25519: 0xf00c,
  MLS_256_XWING_AES256GCM_SHA512_Ed25519: 0xf00d,
  MLS_256_XWING_CHACHA20POLY1305_SHA512_Ed25519: 0xf00e,
  MLS_256_MLKEM1024_CHACHA20POLY1305_SHA512_MLDSA87: 0xf010,
  MLS_256_XWING_AES256GCM_SHA512_MLDSA87: 0xf011,
  MLS_256_XWING_CHACHA20POLY1305_SHA512_MLDSA87: 0xf012,
} as const);
/** One of the values of {@link CipherSuite}. */
export type CipherSuite = (typeof CipherSuite)[keyof typeof CipherSuite];
/** One of the names (keys) of {@link CipherSuite}. */
export type CipherSuiteName = keyof typeof CipherSuite;

/**
 * Where a provisional code point comes from. IANA has not assigned the post-quantum suites'
 * values (draft-ietf-mls-pq-ciphersuites TBD1–TBD11); a row with this field uses the value that
 * deployed code uses, and may change: when IANA assigns a value, it becomes a row of its own with
 * the same name and definition (see {@link cipherSuiteCodePoints}), and this row stays for
 * interoperability until its source drops it.
 *
 * @example
 * ```ts
 * cipherSuiteInfo(0x004f)?.provisional?.source; // "OpenMLS (draft-ietf-mls-pq-ciphersuites TBD1)"
 * ```
 */
export interface ProvisionalCodePoint {
  /** The implementation (and draft value) this code point is taken from. */
  readonly source: string;
  /** What an implementer must know beside the row, e.g. which HPKE KEM id peers use. */
  readonly note?: string;
}

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
  /**
   * The KDF's own hash, e.g. `SHA-256` for HKDF-SHA256: the suite hash ({@link hashName}) in every
   * RFC 9420 suite, not in every provisional one (ts-mls's use HKDF-SHA512 whatever the hash).
   */
  readonly kdfHashName: HashName;
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
  /** HPKE public key encoding: `"sec1"` (uncompressed point, the P-curves) or `"raw"`. */
  readonly hpkePublicKeyFormat: "sec1" | "raw";
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
  /** `"eddsa"` (fixed-size R‖S), `"der"` (ECDSA-Sig-Value, variable size) or `"mldsa"` (FIPS 204). */
  readonly signatureEncoding: SignatureEncoding;
  /** Present when the code point is provisional (not assigned by IANA): its source. */
  readonly provisional?: ProvisionalCodePoint;
}

function row(
  id: number,
  name: CipherSuiteName,
  kemId: KemId,
  aeadId: AeadId,
  kdfId: KdfId,
  hashName: HashName,
  signatureName: SignatureName,
  provisional?: ProvisionalCodePoint,
): CipherSuiteInfo {
  // The LVL part of the name (RFC 9420 §17.1 naming).
  const securityLevel = Number(/^MLS_(\d+)_/.exec(name)![1]);
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
    kdfHashName: kdf.hash,
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
    hpkePublicKeyFormat: kem.publicKeyFormat,
    signatureScheme: sig.scheme,
    signatureName,
    signaturePublicKeySize: sig.publicKeySize,
    signaturePrivateKeySize: sig.privateKeySize,
    maxSignatureSize: sig.maxSignatureSize,
    signatureEncoding: sig.encoding,
    ...(provisional === undefined ? {} : { provisional: Object.freeze(provisional) }),
  });
}

const { DHKEM_P256_HKDF_SHA256: P256, DHKEM_P384_HKDF_SHA384: P384, DHKEM_P521_HKDF_SHA512: P521 } = KemId;
const { DHKEM_X25519_HKDF_SHA256: X25519, DHKEM_X448_HKDF_SHA512: X448 } = KemId;
const { ML_KEM_512: MLKEM512, ML_KEM_768: MLKEM768, ML_KEM_1024: MLKEM1024, X_WING: XWING } = KemId;
const { HKDF_SHA256, HKDF_SHA384, HKDF_SHA512 } = KdfId;
const { AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305: CHACHA } = AeadId;

// OpenMLS's X-Wing suites: the HPKE KEM id inside HPKE's suite_id (RFC 9180 §5.1) is X-Wing's
// 0x647a since OpenMLS 0.7.2 / 0.8 (hpke-rs ≥ 0.5, which deprecated its "XWingDraft06Obsolete"
// 0x004D); OpenMLS 0.7.0 and 0.7.1 (hpke-rs 0.3) put 0x004D there, so their Welcomes to these
// suites do not open here. ts-mls 2.0 (@hpke/hybridkem-x-wing) also uses 0x647a.
const OPENMLS = (tbd?: string, note?: string): ProvisionalCodePoint => ({
  source: tbd === undefined ? "OpenMLS" : `OpenMLS (draft-ietf-mls-pq-ciphersuites ${tbd})`,
  ...(note === undefined ? {} : { note }),
});
const XWING_NOTE =
  "HPKE KEM id 0x647a (X-Wing), as OpenMLS ≥ 0.7.2 and ts-mls 2.0; OpenMLS ≤ 0.7.1 used 0x004D";
// ts-mls 2.0 (ts-mls@2.0.0-rc.10, src/crypto/ciphersuite.ts `ciphersuiteValues`): its own
// definitions, taken as its code computes them. Every one uses HKDF-SHA512 as the KDF (the MLS
// key schedule's too), whatever the hash; 0xF007 uses AES-256-GCM although its name says AES128.
const TS_MLS: ProvisionalCodePoint = { source: "ts-mls 2.0 (private use)" };
const TS_MLS_F007: ProvisionalCodePoint = {
  source: "ts-mls 2.0 (private use)",
  note: "ts-mls computes AES-256-GCM and HKDF-SHA512 for this suite, not the AES-128-GCM its name says",
};

/**
 * One row per code point, ascending by id: the seven suites of RFC 9420 §17.1 (the table of §5.1),
 * then the post-quantum suites under the provisional code points deployed code uses, each with
 * its {@link ProvisionalCodePoint} source. The same definition may appear under several code
 * points with one name (OpenMLS's 0x0906 and ts-mls's 0xF00F).
 *
 * @example
 * ```ts
 * for (const s of CIPHER_SUITES) console.log(s.id, s.name, s.provisional?.source ?? "RFC 9420");
 * ```
 */
// biome-ignore format: one row per code point, read as a table
export const CIPHER_SUITES: readonly CipherSuiteInfo[] = Object.freeze([
  row(0x0001, "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519", X25519, AES_128_GCM, HKDF_SHA256, "SHA-256", "ed25519"),
  row(0x0002, "MLS_128_DHKEMP256_AES128GCM_SHA256_P256", P256, AES_128_GCM, HKDF_SHA256, "SHA-256", "ecdsa_secp256r1_sha256"),
  row(0x0003, "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519", X25519, CHACHA, HKDF_SHA256, "SHA-256", "ed25519"),
  row(0x0004, "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448", X448, AES_256_GCM, HKDF_SHA512, "SHA-512", "ed448"),
  row(0x0005, "MLS_256_DHKEMP521_AES256GCM_SHA512_P521", P521, AES_256_GCM, HKDF_SHA512, "SHA-512", "ecdsa_secp521r1_sha512"),
  row(0x0006, "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448", X448, CHACHA, HKDF_SHA512, "SHA-512", "ed448"),
  row(0x0007, "MLS_256_DHKEMP384_AES256GCM_SHA384_P384", P384, AES_256_GCM, HKDF_SHA384, "SHA-384", "ecdsa_secp384r1_sha384"),
  row(0x0042, "MLS_192_MLKEM1024_AES256GCM_SHA384_P384", MLKEM1024, AES_256_GCM, HKDF_SHA384, "SHA-384", "ecdsa_secp384r1_sha384", OPENMLS("TBD8")),
  row(0x004d, "MLS_256_XWING_CHACHA20POLY1305_SHA256_Ed25519", XWING, CHACHA, HKDF_SHA256, "SHA-256", "ed25519", OPENMLS(undefined, XWING_NOTE)),
  row(0x004e, "MLS_128_MLKEM768X25519_AES256GCM_SHA384_Ed25519", XWING, AES_256_GCM, HKDF_SHA384, "SHA-384", "ed25519", OPENMLS("TBD2", XWING_NOTE)),
  row(0x004f, "MLS_128_MLKEM768X25519_AES128GCM_SHA256_Ed25519", XWING, AES_128_GCM, HKDF_SHA256, "SHA-256", "ed25519", OPENMLS("TBD1", XWING_NOTE)),
  row(0x0050, "MLS_128_MLKEM768_AES256GCM_SHA384_P256", MLKEM768, AES_256_GCM, HKDF_SHA384, "SHA-384", "ecdsa_secp256r1_sha256", OPENMLS("TBD7")),
  row(0x0051, "MLS_192_MLKEM768_AES256GCM_SHA384_MLDSA65", MLKEM768, AES_256_GCM, HKDF_SHA384, "SHA-384", "mldsa65", OPENMLS("TBD10")),
  row(0x0052, "MLS_128_MLKEM768X25519_CHACHA20POLY1305_SHA384_MLDSA44", XWING, CHACHA, HKDF_SHA384, "SHA-384", "mldsa44", OPENMLS("TBD9", XWING_NOTE)),
  row(0x0906, "MLS_256_MLKEM1024_AES256GCM_SHA512_MLDSA87", MLKEM1024, AES_256_GCM, HKDF_SHA512, "SHA-512", "mldsa87", OPENMLS()),
  row(0x0907, "MLS_256_MLKEM1024_AES256GCM_SHA384_MLDSA87", MLKEM1024, AES_256_GCM, HKDF_SHA384, "SHA-384", "mldsa87", OPENMLS("TBD11")),
  row(0xf007, "MLS_128_MLKEM512_AES128GCM_SHA256_Ed25519", MLKEM512, AES_256_GCM, HKDF_SHA512, "SHA-256", "ed25519", TS_MLS_F007),
  row(0xf008, "MLS_128_MLKEM512_CHACHA20POLY1305_SHA256_Ed25519", MLKEM512, CHACHA, HKDF_SHA512, "SHA-256", "ed25519", TS_MLS),
  row(0xf009, "MLS_256_MLKEM768_AES256GCM_SHA384_Ed25519", MLKEM768, AES_256_GCM, HKDF_SHA512, "SHA-384", "ed25519", TS_MLS),
  row(0xf00a, "MLS_256_MLKEM768_CHACHA20POLY1305_SHA384_Ed25519", MLKEM768, CHACHA, HKDF_SHA512, "SHA-384", "ed25519", TS_MLS),
  row(0xf00b, "MLS_256_MLKEM1024_AES256GCM_SHA512_Ed25519", MLKEM1024, AES_256_GCM, HKDF_SHA512, "SHA-512", "ed25519", TS_MLS),
  row(0xf00c, "MLS_256_MLKEM1024_CHACHA20POLY1305_SHA512_Ed25519", MLKEM1024, CHACHA, HKDF_SHA512, "SHA-512", "ed25519", TS_MLS),
  row(0xf00d, "MLS_256_XWING_AES256GCM_SHA512_Ed25519", XWING, AES_256_GCM, HKDF_SHA512, "SHA-512", "ed25519", TS_MLS),
  row(0xf00e, "MLS_256_XWING_CHACHA20POLY1305_SHA512_Ed25519", XWING, CHACHA, HKDF_SHA512, "SHA-512", "ed25519", TS_MLS),
  row(0xf00f, "MLS_256_MLKEM1024_AES256GCM_SHA512_MLDSA87", MLKEM1024, AES_256_GCM, HKDF_SHA512, "SHA-512", "mldsa87", TS_MLS),
  row(0xf010, "MLS_256_MLKEM1024_CHACHA20POLY1305_SHA512_MLDSA87", MLKEM1024, CHACHA, HKDF_SHA512, "SHA-512", "mldsa87", TS_MLS),
  row(0xf011, "MLS_256_XWING_AES256GCM_SHA512_MLDSA87", XWING, AES_256_GCM, HKDF_SHA512, "SHA-512", "mldsa87", TS_MLS),
  row(0xf012, "MLS_256_XWING_CHACHA20POLY1305_SHA512_MLDSA87", XWING, CHACHA, HKDF_SHA512, "SHA-512", "mldsa87", TS_MLS),
  row(0xf042, "MLS_128_MLKEM768_AES256GCM_SHA384_Ed25519", MLKEM768, AES_256_GCM, HKDF_SHA384, "SHA-384", "ed25519", OPENMLS("TBD6", "OpenMLS's private-use value, kept from its former AIR_128_MLKEM768_AES256GCM_SHA384_Ed25519")),
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

const BY_NAME: ReadonlyMap<string, readonly number[]> = new Map(
  Object.keys(CipherSuite).map((name) => [
    name,
    Object.freeze(CIPHER_SUITES.filter((s) => s.name === name).map((s) => s.id)),
  ]),
);

/**
 * Every code point that carries a suite's definition: one name, one definition, and the values
 * deployed code and IANA use for it (the preferred one, {@link CipherSuite}'s, first).
 *
 * @param name - a suite name
 * @returns its code points, or an empty array for an unknown name
 * @example
 * ```ts
 * cipherSuiteCodePoints("MLS_256_MLKEM1024_AES256GCM_SHA512_MLDSA87"); // [0x0906, 0xf00f]
 * ```
 */
export function cipherSuiteCodePoints(name: string): readonly number[] {
  const ids = BY_NAME.get(name);
  if (ids === undefined) return [];
  const preferred = CipherSuite[name as CipherSuiteName];
  return Object.freeze([preferred, ...ids.filter((id) => id !== preferred)]);
}
