/**
 * @module record
 * The versioned binary record format of every key store, TLS-encoded with `@mlskit/codec`. A
 * record starts with its format version and record type, so any later version can still read
 * today's bytes (a golden test pins them). No JSON of in-memory objects.
 *
 * ```tls
 * enum { key_package_bundle(1), signature_key_pair(2), (255) } RecordType;
 * enum { none(0), aes_256_gcm(1), (255) } Protection;
 *
 * struct {
 *     uint16 version;                    // 1
 *     RecordType record_type;
 *     Protection protection;
 *     select (protection) {
 *         case none:        opaque body<V>; opaque checksum[16];
 *         case aes_256_gcm: opaque key_id[8]; opaque nonce[12]; opaque ciphertext<V>;
 *     };
 * } StoredRecord;
 *
 * // body, or the plaintext of ciphertext, by record_type:
 * struct {
 *     opaque ref<V>;                     // KeyPackageRef
 *     opaque key_package<V>;             // the KeyPackage struct (RFC 9420 §10), not an MLSMessage
 *     opaque init_private_key<V>;        // HPKE SerializePrivateKey
 *     opaque encryption_private_key<V>;  // HPKE SerializePrivateKey
 *     uint8 flags;                       // bit 0: last resort; other bits 0
 *     uint64 created_at;                 // seconds since the epoch
 * } KeyPackageBundleRecord;
 *
 * struct {
 *     uint16 cipher_suite;
 *     Credential credential;             // RFC 9420 §5.3
 *     opaque public_key<V>;              // SignaturePublicKey
 *     opaque private_key<V>;
 *     uint64 created_at;
 * } SignatureKeyPairRecord;
 *
 * // Binds a record to its header and to the key it is stored under: the AES-256-GCM additional
 * // data, and for unprotected records the input of checksum = SHA-256(RecordAad || body)[0..16]
 * // (key_id all zero), which detects damaged or misplaced records.
 * struct {
 *     opaque label<V> = "mlskit keystore record";
 *     uint16 version; RecordType record_type; Protection protection; opaque key_id[8];
 *     opaque record_key<V>;              // the KeyPackageRef, or the signature key id
 * } RecordAad;
 * ```
 */
import {
  type CodecType,
  decode,
  encode,
  fixedOpaque,
  opaque,
  Reader,
  struct,
  uint8,
  uint16,
  uint64,
  utf8,
  Writer,
} from "@mlskit/codec";
import { credentialCodec } from "@mlskit/credentials";
import { AES_256_GCM, KEY_ID_SIZE, NONCE_SIZE, type RecordCipher, subtle } from "./encryption.js";
import { KeyStoreErrorCode, storageError } from "./errors.js";

/**
 * The record format version this library writes (and the highest it reads). Records of an older
 * version stay readable forever; a newer one gives `STORE_UNSUPPORTED_RECORD_VERSION`.
 *
 * @example
 * ```ts
 * import { RECORD_FORMAT_VERSION } from "@mlskit/keystore";
 * console.log(`records are written in format v${RECORD_FORMAT_VERSION}`);
 * ```
 */
export const RECORD_FORMAT_VERSION = 1;

/** `RecordType` values. @internal */
export const RecordType = Object.freeze({ keyPackageBundle: 1, signatureKeyPair: 2 } as const);
/** One of the values of {@link RecordType}. @internal */
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/** `Protection` values. @internal */
export const Protection = Object.freeze({ none: 0, aes256gcm: AES_256_GCM } as const);

const FLAG_LAST_RESORT = 0x01;

/** Codec of `KeyPackageBundleRecord` (flags as a number). @internal */
export const keyPackageBundleRecordCodec = struct({
  ref: opaque,
  keyPackage: opaque,
  initPrivateKey: opaque,
  encryptionPrivateKey: opaque,
  flags: uint8,
  createdAt: uint64,
});
/** A decoded `KeyPackageBundleRecord`. @internal */
export type KeyPackageBundleRecord = CodecType<typeof keyPackageBundleRecordCodec>;

/** Codec of `SignatureKeyPairRecord`. @internal */
export const signatureKeyPairRecordCodec = struct({
  cipherSuite: uint16,
  credential: credentialCodec,
  publicKey: opaque,
  privateKey: opaque,
  createdAt: uint64,
});
/** A decoded `SignatureKeyPairRecord`. @internal */
export type SignatureKeyPairRecord = CodecType<typeof signatureKeyPairRecordCodec>;

const aadCodec = struct({
  label: opaque,
  version: uint16,
  recordType: uint8,
  protection: uint8,
  keyId: fixedOpaque(KEY_ID_SIZE),
  recordKey: opaque,
});
const AAD_LABEL = utf8("mlskit keystore record");
const CHECKSUM_SIZE = 16;
const NO_KEY_ID = new Uint8Array(KEY_ID_SIZE);

async function checksum(recordType: number, recordKey: Uint8Array, body: Uint8Array): Promise<Uint8Array> {
  const a = aad(recordType, Protection.none, NO_KEY_ID, recordKey);
  const input = new Uint8Array(a.length + body.length);
  input.set(a);
  input.set(body, a.length);
  const digest = new Uint8Array(await subtle().digest("SHA-256", input as Uint8Array<ArrayBuffer>));
  input.fill(0);
  return digest.slice(0, CHECKSUM_SIZE);
}

/** Flags byte of a bundle record. @internal */
export function bundleFlags(lastResort: boolean): number {
  return lastResort ? FLAG_LAST_RESORT : 0;
}

/** Whether the flags byte says last resort; unknown bits make the record corrupt. @internal */
export function flagsLastResort(flags: number): boolean {
  if ((flags & ~FLAG_LAST_RESORT) !== 0) throw new RangeError(`unknown record flags 0x${flags.toString(16)}`);
  return (flags & FLAG_LAST_RESORT) !== 0;
}

/** Encode a bundle record body. @internal */
export function encodeBundleRecord(r: KeyPackageBundleRecord): Uint8Array {
  return encode(keyPackageBundleRecordCodec, r);
}
/** Decode a bundle record body (views into `bytes`). @internal */
export function decodeBundleRecord(bytes: Uint8Array): KeyPackageBundleRecord {
  return decode(keyPackageBundleRecordCodec, bytes, "KeyPackageBundleRecord");
}
/** Encode a signature key pair record body. @internal */
export function encodeSignatureRecord(r: SignatureKeyPairRecord): Uint8Array {
  return encode(signatureKeyPairRecordCodec, r);
}
/** Decode a signature key pair record body (views into `bytes`). @internal */
export function decodeSignatureRecord(bytes: Uint8Array): SignatureKeyPairRecord {
  return decode(signatureKeyPairRecordCodec, bytes, "SignatureKeyPairRecord");
}

function aad(recordType: number, protection: number, keyId: Uint8Array, recordKey: Uint8Array): Uint8Array {
  return encode(aadCodec, {
    label: AAD_LABEL,
    version: RECORD_FORMAT_VERSION,
    recordType,
    protection,
    keyId,
    recordKey,
  });
}

/**
 * Wrap a record body in a `StoredRecord`, encrypting it when `cipher` is given.
 *
 * @param recordType - the body's type
 * @param recordKey - the key the record is stored under (bound as associated data)
 * @param body - the encoded body (not modified; the caller wipes it)
 * @param cipher - the store's cipher, or undefined for an unencrypted store
 * @returns the stored bytes
 * @internal
 */
export async function sealRecord(
  recordType: RecordType,
  recordKey: Uint8Array,
  body: Uint8Array,
  cipher: RecordCipher | undefined,
): Promise<Uint8Array> {
  const w = new Writer();
  w.uint16(RECORD_FORMAT_VERSION);
  w.uint8(recordType);
  if (cipher === undefined) {
    w.uint8(Protection.none);
    w.varint(body.length);
    w.bytes(body);
    w.bytes(await checksum(recordType, recordKey, body));
  } else {
    const { nonce, ciphertext } = await cipher.seal(
      aad(recordType, Protection.aes256gcm, cipher.keyId, recordKey),
      body,
    );
    w.uint8(Protection.aes256gcm);
    w.bytes(cipher.keyId);
    w.bytes(nonce);
    w.varint(ciphertext.length);
    w.bytes(ciphertext);
  }
  return w.finish();
}

/**
 * Unwrap a `StoredRecord`: check version and type, decrypt when protected.
 *
 * @param stored - the stored bytes
 * @param recordType - the expected type
 * @param recordKey - the key it is stored under
 * @param cipher - the store's cipher, or undefined
 * @param details - error details naming the record (e.g. `{ ref }`)
 * @returns the body, a fresh array the caller owns (and wipes)
 * @throws StorageError STORE_CORRUPT_RECORD, STORE_UNSUPPORTED_RECORD_VERSION,
 *   STORE_WRONG_ENCRYPTION_KEY, STORE_ENCRYPTION_KEY_REQUIRED
 * @internal
 */
export async function openRecord(
  stored: Uint8Array,
  recordType: RecordType,
  recordKey: Uint8Array,
  cipher: RecordCipher | undefined,
  details: Record<string, string>,
): Promise<Uint8Array> {
  const what = Object.values(details).join(" ");
  let header: { version: number; type: number; protection: number; rest: Reader };
  try {
    const r = new Reader(stored);
    header = { version: r.uint16(), type: r.uint8(), protection: r.uint8(), rest: r };
  } catch (e) {
    throw storageError(KeyStoreErrorCode.corruptRecord, `record ${what} is truncated`, details, e);
  }
  if (header.version > RECORD_FORMAT_VERSION || header.version === 0) {
    throw storageError(
      KeyStoreErrorCode.unsupportedRecordVersion,
      `record ${what} has format version ${header.version}; this library reads up to ${RECORD_FORMAT_VERSION}`,
      { ...details, version: header.version },
    );
  }
  if (header.type !== recordType) {
    throw storageError(
      KeyStoreErrorCode.corruptRecord,
      `record ${what} has type ${header.type}, expected ${recordType}`,
      details,
    );
  }
  const r = header.rest;
  try {
    if (header.protection === Protection.none) {
      if (cipher !== undefined) {
        throw storageError(
          KeyStoreErrorCode.corruptRecord,
          `record ${what} is not encrypted in an encrypted store`,
          details,
        );
      }
      const body = r.opaque();
      const sum = r.bytes(CHECKSUM_SIZE);
      if (r.remaining !== 0) throw new RangeError("trailing bytes");
      const expected = await checksum(recordType, recordKey, body);
      if (!sum.every((b, i) => b === expected[i])) {
        throw storageError(KeyStoreErrorCode.corruptRecord, `record ${what} fails its checksum`, details);
      }
      return body.slice(); // a copy: the caller wipes it
    }
    if (header.protection !== Protection.aes256gcm) throw new RangeError(`protection ${header.protection}`);
    const keyId = r.bytes(KEY_ID_SIZE);
    const nonce = r.bytes(NONCE_SIZE);
    const ciphertext = r.opaque();
    if (r.remaining !== 0) throw new RangeError("trailing bytes");
    if (cipher === undefined) {
      throw storageError(
        KeyStoreErrorCode.encryptionKeyRequired,
        `record ${what} is encrypted and the store was opened without a key`,
        details,
      );
    }
    if (!keyId.every((b, i) => b === cipher.keyId[i])) {
      throw storageError(
        KeyStoreErrorCode.wrongEncryptionKey,
        `record ${what} is encrypted under another key`,
        details,
      );
    }
    const body = await cipher.open(nonce, aad(recordType, header.protection, keyId, recordKey), ciphertext);
    if (body === undefined) {
      throw storageError(KeyStoreErrorCode.corruptRecord, `record ${what} fails authentication`, details);
    }
    return body;
  } catch (e) {
    if (e instanceof Error && "code" in e && typeof e.code === "string" && e.code.startsWith("STORE_"))
      throw e;
    throw storageError(KeyStoreErrorCode.corruptRecord, `record ${what} is malformed`, details, e);
  }
}
