/**
 * @module errors
 * The stable error codes of the key store layer. Every failure is a `StorageError` (or a
 * `TypeError`/`RangeError` for wrong arguments); `details.ref` names the affected KeyPackageRef in
 * hex where there is one. Messages never contain key bytes.
 */
import { defineErrorCodes, type ErrorCodeOf, StorageError } from "@mlskit/errors";

/**
 * Codes of the `StorageError`s thrown by `@mlskit/keystore` and its backends.
 *
 * @example
 * ```ts
 * import { MlsError } from "@mlskit/errors";
 * import { KeyStoreErrorCode } from "@mlskit/keystore";
 * try {
 *   await openSqliteKeyStore({ path, encryptionKey: wrongKey });
 * } catch (e) {
 *   if (MlsError.is(e, KeyStoreErrorCode.wrongEncryptionKey)) console.error("wrong passphrase");
 * }
 * ```
 */
export const KeyStoreErrorCode = defineErrorCodes("STORE_", {
  /** The store was closed; open it again. */
  closed: "STORE_CLOSED",
  /** The store is encrypted with another key (detected by the key check before anything is read or written). */
  wrongEncryptionKey: "STORE_WRONG_ENCRYPTION_KEY",
  /** The store is encrypted and was opened without `encryptionKey`. */
  encryptionKeyRequired: "STORE_ENCRYPTION_KEY_REQUIRED",
  /** The store holds unencrypted records and was opened with a key: use `rekey(key)` to encrypt it. */
  notEncrypted: "STORE_NOT_ENCRYPTED",
  /** A stored record does not decode, fails authentication, or does not belong to its key. */
  corruptRecord: "STORE_CORRUPT_RECORD",
  /** A stored record has a format version newer than this library reads. */
  unsupportedRecordVersion: "STORE_UNSUPPORTED_RECORD_VERSION",
  /** The database schema is newer than this library (written by a later version). */
  schemaTooNew: "STORE_SCHEMA_TOO_NEW",
  /**
   * A reservation's `commit()` found the package no longer held by it: the lease expired and
   * another caller took or reserved the package, or it was deleted. Nothing was consumed.
   */
  reservationLost: "STORE_RESERVATION_LOST",
  /** A reservation's `commit()` after its `release()`: the package was already given back. */
  reservationReleased: "STORE_RESERVATION_RELEASED",
  /** The backend failed (I/O error, lock timeout, quota exceeded); `cause` has the original error. */
  backendFailure: "STORE_BACKEND_FAILURE",
  /** WebCrypto (`globalThis.crypto.subtle`) is not available in this runtime. */
  webCryptoUnavailable: "STORE_WEBCRYPTO_UNAVAILABLE",
});
/** One of the values of {@link KeyStoreErrorCode}. */
export type KeyStoreErrorCode = ErrorCodeOf<typeof KeyStoreErrorCode>;

/**
 * Build a `StorageError` with a key store code.
 *
 * @param code - a {@link KeyStoreErrorCode}
 * @param message - human-readable, without key bytes
 * @param details - non-secret context (e.g. `{ ref: "ab12…" }`)
 * @param cause - the underlying error
 * @returns the error (to be thrown)
 * @example
 * ```ts
 * throw storageError(KeyStoreErrorCode.closed, "the key store is closed");
 * ```
 */
export function storageError(
  code: KeyStoreErrorCode,
  message: string,
  details: Record<string, string | number | bigint | boolean | undefined> = {},
  cause?: unknown,
): StorageError {
  return new StorageError(code, message, cause === undefined ? { details } : { details, cause });
}
