/**
 * @module errors
 * The directory's stable error codes, the HTTP status each one is answered with, and the helper
 * that raises them as `@mlskit/errors` category classes. Key-package validation failures keep the
 * code of `validateKeyPackage` (`KEY_PACKAGE_*`, listed in docs/validation-matrix.md) and are
 * answered with 422.
 */
import {
  defineErrorCodes,
  type ErrorCodeOf,
  MlsError,
  StorageError,
  UsageError,
  ValidationError,
} from "@mlskit/errors";

/**
 * Every error code the directory answers with, besides the `KEY_PACKAGE_*` codes of
 * `validateKeyPackage`. Sent as `{ "error": { "code", "message" } }`.
 *
 * @example
 * ```ts
 * if (body.error.code === DirectoryErrorCode.rateLimited) await sleep(retryAfter * 1000);
 * ```
 */
export const DirectoryErrorCode = defineErrorCodes("DIRECTORY_", {
  /** 401: no `Authorization: Bearer …` header. */
  missingToken: "DIRECTORY_MISSING_TOKEN",
  /** 401: the bearer token belongs to no client. */
  invalidToken: "DIRECTORY_INVALID_TOKEN",
  /** 400: a request parameter or JSON body is wrong (details name it). */
  invalidRequest: "DIRECTORY_INVALID_REQUEST",
  /** 413: the body is larger than the configured limit. */
  bodyTooLarge: "DIRECTORY_BODY_TOO_LARGE",
  /** 415: the body's content type is not the one the endpoint takes. */
  unsupportedMediaType: "DIRECTORY_UNSUPPORTED_MEDIA_TYPE",
  /** 400: a publish body holds no key package. */
  emptyBatch: "DIRECTORY_EMPTY_BATCH",
  /** 400: a key package of the batch does not decode (details: index, path, offset). */
  malformedKeyPackage: "DIRECTORY_MALFORMED_KEY_PACKAGE",
  /** 403: a package's credential is not the one the publishing client is registered with. */
  credentialMismatch: "DIRECTORY_CREDENTIAL_MISMATCH",
  /** 409: a package with the same KeyPackageRef is already stored, or appears twice in the batch. */
  duplicateKeyPackage: "DIRECTORY_DUPLICATE_KEY_PACKAGE",
  /** 422: a batch holds two last-resort packages of one cipher suite. */
  multipleLastResort: "DIRECTORY_MULTIPLE_LAST_RESORT",
  /** 403: storing the batch would exceed the client's quota of stored packages. */
  quotaExceeded: "DIRECTORY_QUOTA_EXCEEDED",
  /** 400: the directory does not serve this cipher suite. */
  unsupportedCipherSuite: "DIRECTORY_UNSUPPORTED_CIPHER_SUITE",
  /** 429: too many claims by this client for this user; see `Retry-After`. */
  rateLimited: "DIRECTORY_RATE_LIMITED",
  /** 404: no client is registered for this user. */
  userNotFound: "DIRECTORY_USER_NOT_FOUND",
  /** 404: the client has no key package with this ref. */
  keyPackageNotFound: "DIRECTORY_KEY_PACKAGE_NOT_FOUND",
  /** 404: claimed as `application/mls-message`, and no client of the user had a package left. */
  noKeyPackageAvailable: "DIRECTORY_NO_KEY_PACKAGE_AVAILABLE",
  /** 404: no such endpoint. */
  notFound: "DIRECTORY_NOT_FOUND",
  /** 409 (admin): a client with this user and client id, or with this credential, exists. */
  clientExists: "DIRECTORY_CLIENT_EXISTS",
  /** Admin: no client with this user and client id. */
  clientNotFound: "DIRECTORY_CLIENT_NOT_FOUND",
  /** 503: the database cannot be reached or failed. */
  storageFailure: "DIRECTORY_STORAGE_FAILURE",
  /** The database schema is newer than this code knows. */
  schemaTooNew: "DIRECTORY_SCHEMA_TOO_NEW",
  /** 500: a bug. */
  internal: "DIRECTORY_INTERNAL_ERROR",
});
/** One of the values of {@link DirectoryErrorCode}. */
export type DirectoryErrorCode = ErrorCodeOf<typeof DirectoryErrorCode>;

const STATUS: Readonly<Record<DirectoryErrorCode, number>> = Object.freeze({
  DIRECTORY_MISSING_TOKEN: 401,
  DIRECTORY_INVALID_TOKEN: 401,
  DIRECTORY_INVALID_REQUEST: 400,
  DIRECTORY_BODY_TOO_LARGE: 413,
  DIRECTORY_UNSUPPORTED_MEDIA_TYPE: 415,
  DIRECTORY_EMPTY_BATCH: 400,
  DIRECTORY_MALFORMED_KEY_PACKAGE: 400,
  DIRECTORY_CREDENTIAL_MISMATCH: 403,
  DIRECTORY_DUPLICATE_KEY_PACKAGE: 409,
  DIRECTORY_MULTIPLE_LAST_RESORT: 422,
  DIRECTORY_QUOTA_EXCEEDED: 403,
  DIRECTORY_UNSUPPORTED_CIPHER_SUITE: 400,
  DIRECTORY_RATE_LIMITED: 429,
  DIRECTORY_USER_NOT_FOUND: 404,
  DIRECTORY_KEY_PACKAGE_NOT_FOUND: 404,
  DIRECTORY_NO_KEY_PACKAGE_AVAILABLE: 404,
  DIRECTORY_NOT_FOUND: 404,
  DIRECTORY_CLIENT_EXISTS: 409,
  DIRECTORY_CLIENT_NOT_FOUND: 404,
  DIRECTORY_STORAGE_FAILURE: 503,
  DIRECTORY_SCHEMA_TOO_NEW: 503,
  DIRECTORY_INTERNAL_ERROR: 500,
});

/**
 * The HTTP status the directory answers an error code with: the table above for
 * {@link DirectoryErrorCode}, 422 for a `ValidationError` of another package (a key package that
 * fails `validateKeyPackage`), 400 for a `CodecError`, 500 otherwise.
 *
 * @param error - a thrown value
 * @returns the HTTP status
 * @example
 * ```ts
 * httpStatusOf(new UsageError(DirectoryErrorCode.rateLimited, "slow down")); // 429
 * ```
 */
export function httpStatusOf(error: unknown): number {
  if (!MlsError.is(error)) return 500;
  const known = (STATUS as Record<string, number | undefined>)[error.code];
  if (known !== undefined) return known;
  if (error.category === "validation") return 422;
  if (error.category === "codec") return 400;
  return 500;
}

type Details = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Raise a directory error of the category that fits its code.
 * @internal
 */
export function directoryError(
  code: DirectoryErrorCode,
  message: string,
  details: Details = {},
  cause?: unknown,
): MlsError {
  const options = { details, ...(cause === undefined ? {} : { cause }) };
  switch (code) {
    case DirectoryErrorCode.malformedKeyPackage:
    case DirectoryErrorCode.multipleLastResort:
    case DirectoryErrorCode.credentialMismatch:
    case DirectoryErrorCode.duplicateKeyPackage:
      return new ValidationError(code, message, options);
    case DirectoryErrorCode.storageFailure:
    case DirectoryErrorCode.schemaTooNew:
      return new StorageError(code, message, options);
    default:
      return new UsageError(code, message, options);
  }
}
