/**
 * @module encryption
 * Encryption at rest: AES-256-GCM through WebCrypto (`globalThis.crypto.subtle`, a platform API
 * of Node ≥ 20 and of browsers) with a caller-supplied 32-byte key, a random 12-byte nonce per
 * record, and a key check stored in the backend's meta so that a wrong key is refused before
 * anything is read or written.
 *
 * The key id (8 bytes) is `SHA-256("mlskit keystore key id v1" || key)[0..8]`: it names the key in
 * every record so that a record sealed under another key reports `STORE_WRONG_ENCRYPTION_KEY`
 * rather than corruption. It reveals nothing usable about a random 256-bit key.
 *
 * ```tls
 * struct {
 *     uint8 algorithm;            // 1 = AES-256-GCM
 *     opaque key_id[8];
 *     opaque nonce[12];
 *     opaque ciphertext<V>;       // AES-256-GCM(key, nonce, aad = "mlskit keystore key check v1", 32 zero bytes)
 * } KeyCheck;                     // meta "key-check"
 * ```
 */
import {
  bytesEqual,
  type CodecType,
  decode,
  encode,
  fixedOpaque,
  opaque,
  struct,
  uint8,
  utf8,
} from "@mlskit/codec";
import { KeyStoreErrorCode, storageError } from "./errors.js";

/** Size in bytes of an encryption key (AES-256). @internal */
export const ENCRYPTION_KEY_SIZE = 32;
/** Size in bytes of an AES-GCM nonce. @internal */
export const NONCE_SIZE = 12;
/** Size in bytes of a key id. @internal */
export const KEY_ID_SIZE = 8;
/** `KeyCheck.algorithm` and `StoredRecord.protection` value for AES-256-GCM. @internal */
export const AES_256_GCM = 1;
/** Meta name of the key check. @internal */
export const KEY_CHECK_META = "key-check";

const KEY_ID_LABEL = utf8("mlskit keystore key id v1");
const KEY_CHECK_AAD = utf8("mlskit keystore key check v1");

/** The parsed {@link KeyCheck} meta value. @internal */
export const keyCheckCodec = struct({
  algorithm: uint8,
  keyId: fixedOpaque(KEY_ID_SIZE),
  nonce: fixedOpaque(NONCE_SIZE),
  ciphertext: opaque,
});

/** An imported AES-GCM key: opaque here, only passed back to {@link RecordSubtle}. @internal */
export type AesKeyHandle = object;

/** AES-GCM parameters of `encrypt` / `decrypt` (WebCrypto's `AesGcmParams`). @internal */
export interface AesGcmParamsLike {
  readonly name: "AES-GCM";
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly additionalData: Uint8Array<ArrayBuffer>;
  readonly tagLength: 128;
}

/**
 * The part of WebCrypto's `SubtleCrypto` the key stores use (SHA-256, AES-256-GCM), written out
 * structurally: these declarations are published, and a consumer without the DOM lib (a Node
 * project with `lib: ["es2022"]`) has no `SubtleCrypto` type. The runtime's `crypto.subtle` is
 * one of these.
 * @internal
 */
export interface RecordSubtle {
  digest(algorithm: "SHA-256", data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  importKey(
    format: "raw",
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { readonly name: "AES-GCM" },
    extractable: false,
    keyUsages: ("encrypt" | "decrypt")[],
  ): Promise<AesKeyHandle>;
  encrypt(params: AesGcmParamsLike, key: AesKeyHandle, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  decrypt(params: AesGcmParamsLike, key: AesKeyHandle, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/** Access WebCrypto or fail with a clear code. @internal */
export function subtle(): RecordSubtle {
  const s = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (s === undefined) {
    throw storageError(
      KeyStoreErrorCode.webCryptoUnavailable,
      "encryption at rest needs WebCrypto (globalThis.crypto.subtle), which this runtime lacks",
    );
  }
  return s;
}

/** Fill a fresh array with secure random bytes. @internal */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

// WebCrypto takes BufferSource; pass plain ArrayBuffer-backed views.
const buf = (b: Uint8Array): Uint8Array<ArrayBuffer> => b as Uint8Array<ArrayBuffer>;

/**
 * An imported record key: AES-256-GCM seal/open with a fixed key id. The raw key is imported as a
 * non-extractable `CryptoKey` and not kept.
 * @internal
 */
export interface RecordCipher {
  /** The 8-byte key id written into every record. */
  readonly keyId: Uint8Array;
  /** Encrypt `plaintext`; returns a fresh random nonce and the ciphertext (with tag). */
  seal(aad: Uint8Array, plaintext: Uint8Array): Promise<{ nonce: Uint8Array; ciphertext: Uint8Array }>;
  /** Decrypt; resolves `undefined` when authentication fails. */
  open(nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array | undefined>;
}

/**
 * Check a caller-supplied key: a `Uint8Array` of 32 bytes.
 *
 * @param key - the candidate
 * @param name - argument name for messages
 * @throws TypeError / RangeError
 * @internal
 */
export function checkEncryptionKey(key: unknown, name = "encryptionKey"): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array)) throw new TypeError(`"${name}" expected Uint8Array`);
  if (key.length !== ENCRYPTION_KEY_SIZE) {
    throw new RangeError(`"${name}" expected Uint8Array of length ${ENCRYPTION_KEY_SIZE}, got ${key.length}`);
  }
}

/**
 * Import a 32-byte key for record encryption.
 *
 * @param key - the raw key (not modified, not kept)
 * @returns the cipher
 * @internal
 */
export async function importRecordKey(key: Uint8Array): Promise<RecordCipher> {
  checkEncryptionKey(key);
  const s = subtle();
  const idInput = new Uint8Array(KEY_ID_LABEL.length + key.length);
  idInput.set(KEY_ID_LABEL);
  idInput.set(key, KEY_ID_LABEL.length);
  const keyId = new Uint8Array(await s.digest("SHA-256", idInput)).slice(0, KEY_ID_SIZE);
  idInput.fill(0);
  const copy = key.slice();
  const cryptoKey = await s.importKey("raw", copy, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  copy.fill(0);
  return Object.freeze({
    keyId,
    async seal(aad: Uint8Array, plaintext: Uint8Array) {
      const nonce = randomBytes(NONCE_SIZE);
      const ciphertext = new Uint8Array(
        await s.encrypt(
          { name: "AES-GCM", iv: buf(nonce), additionalData: buf(aad), tagLength: 128 },
          cryptoKey,
          buf(plaintext),
        ),
      );
      return { nonce, ciphertext };
    },
    async open(nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array) {
      try {
        return new Uint8Array(
          await s.decrypt(
            { name: "AES-GCM", iv: buf(nonce), additionalData: buf(aad), tagLength: 128 },
            cryptoKey,
            buf(ciphertext),
          ),
        );
      } catch {
        return undefined;
      }
    },
  });
}

/**
 * A new key check value for `cipher` (stored as meta `"key-check"`).
 *
 * @param cipher - the store's cipher
 * @returns the encoded {@link KeyCheck}
 * @internal
 */
export async function makeKeyCheck(cipher: RecordCipher): Promise<Uint8Array> {
  const { nonce, ciphertext } = await cipher.seal(KEY_CHECK_AAD, new Uint8Array(32));
  return encode(keyCheckCodec, { algorithm: AES_256_GCM, keyId: cipher.keyId, nonce, ciphertext });
}

/**
 * Whether `cipher` opens the stored key check.
 *
 * @param cipher - the candidate key
 * @param value - the stored meta value
 * @returns true for the right key
 * @throws StorageError STORE_CORRUPT_RECORD when the value does not decode
 * @internal
 */
export async function verifyKeyCheck(cipher: RecordCipher, value: Uint8Array): Promise<boolean> {
  let check: CodecType<typeof keyCheckCodec>;
  try {
    check = decode(keyCheckCodec, value, "KeyCheck");
  } catch (e) {
    throw storageError(KeyStoreErrorCode.corruptRecord, "the stored key check does not decode", {}, e);
  }
  if (check.algorithm !== AES_256_GCM || !bytesEqual(check.keyId, cipher.keyId)) return false;
  const plain = await cipher.open(check.nonce, KEY_CHECK_AAD, check.ciphertext);
  return plain !== undefined && plain.length === 32 && plain.every((b) => b === 0);
}
