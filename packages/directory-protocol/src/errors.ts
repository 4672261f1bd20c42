/**
 * @module errors
 * The directory's stable error codes, each with the HTTP status it is answered with and the
 * `@mlskit/errors` category it is raised as — on the server when it throws, and on the client
 * when it rebuilds the error from the answer. Key-package validation failures keep the code of
 * `validateKeyPackage` (`KEY_PACKAGE_*`, listed in docs/validation-matrix.md) and are answered
 * with 422.
 */
import {
  defineErrorCodes,
  type ErrorCategory,
  type ErrorCodeOf,
  type ErrorDetails,
  type MlsError,
  StorageError,
  UsageError,
  ValidationError,
} from "@mlskit/errors";

/**
 * Every error code the directory answers with, besides the `KEY_PACKAGE_*` codes of
 * `validateKeyPackage`. Sent as `{ "error": { "code", "message", "details" } }`.
 *
 * @example
 * ```ts
 * if (MlsError.is(e, DirectoryErrorCode.rateLimited)) await sleep(Number(e.details.retryAfterSeconds) * 1000);
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
  /** 405: the endpoint exists with other methods (see `Allow`). */
  methodNotAllowed: "DIRECTORY_METHOD_NOT_ALLOWED",
  /** 422: a package's lifetime has already ended by the directory's clock (it could never be claimed). */
  keyPackageExpired: "DIRECTORY_KEY_PACKAGE_EXPIRED",
  /**
   * 409 (admin): a client with this user and client id exists (`details.conflict: "client"`), or
   * another client holds this credential (`"credential"`, with `holderUserId`, `holderClientId`).
   */
  clientExists: "DIRECTORY_CLIENT_EXISTS",
  /** Admin: no client with this user and client id. */
  clientNotFound: "DIRECTORY_CLIENT_NOT_FOUND",
  /** 503: the database cannot be reached or failed. */
  storageFailure: "DIRECTORY_STORAGE_FAILURE",
  /** The database schema is newer than this code knows. */
  schemaTooNew: "DIRECTORY_SCHEMA_TOO_NEW",
  /** 500: a bug. */
  internal: "DIRECTORY_INTERNAL_ERROR",
  /** 400 (MIMI): a KeyMaterialRequest body does not decode (details: codecCode, path, offset). */
  malformedMimiRequest: "DIRECTORY_MALFORMED_MIMI_REQUEST",
  /** 400 (MIMI): the request's `targetUser` is not the user named in the path. */
  mimiTargetMismatch: "DIRECTORY_MIMI_TARGET_MISMATCH",
  /** 403 (MIMI): the requesting user belongs to no peer provider the operator registered. */
  mimiUnknownProvider: "DIRECTORY_MIMI_UNKNOWN_PROVIDER",
  /** 403 (MIMI): the requester's credential is not accepted (details: provider, reason). */
  mimiRequesterRejected: "DIRECTORY_MIMI_REQUESTER_REJECTED",
  /** 404 (MIMI): no routing record for this KeyPackageRef (never handed out, used, or expired). */
  keyPackageRouteNotFound: "DIRECTORY_KEY_PACKAGE_ROUTE_NOT_FOUND",
});
/** One of the values of {@link DirectoryErrorCode}. */
export type DirectoryErrorCode = ErrorCodeOf<typeof DirectoryErrorCode>;

/** How a code travels: the HTTP status it is answered with and the category it is raised as. */
interface CodeSpec {
  readonly status: number;
  readonly category: Extract<ErrorCategory, "validation" | "usage" | "storage">;
}

const SPECS: Readonly<Record<DirectoryErrorCode, CodeSpec>> = Object.freeze({
  DIRECTORY_MISSING_TOKEN: { status: 401, category: "usage" },
  DIRECTORY_INVALID_TOKEN: { status: 401, category: "usage" },
  DIRECTORY_INVALID_REQUEST: { status: 400, category: "usage" },
  DIRECTORY_BODY_TOO_LARGE: { status: 413, category: "usage" },
  DIRECTORY_UNSUPPORTED_MEDIA_TYPE: { status: 415, category: "usage" },
  DIRECTORY_EMPTY_BATCH: { status: 400, category: "usage" },
  DIRECTORY_MALFORMED_KEY_PACKAGE: { status: 400, category: "validation" },
  DIRECTORY_CREDENTIAL_MISMATCH: { status: 403, category: "validation" },
  DIRECTORY_DUPLICATE_KEY_PACKAGE: { status: 409, category: "validation" },
  DIRECTORY_MULTIPLE_LAST_RESORT: { status: 422, category: "validation" },
  DIRECTORY_QUOTA_EXCEEDED: { status: 403, category: "usage" },
  DIRECTORY_UNSUPPORTED_CIPHER_SUITE: { status: 400, category: "usage" },
  DIRECTORY_RATE_LIMITED: { status: 429, category: "usage" },
  DIRECTORY_USER_NOT_FOUND: { status: 404, category: "usage" },
  DIRECTORY_KEY_PACKAGE_NOT_FOUND: { status: 404, category: "usage" },
  DIRECTORY_NO_KEY_PACKAGE_AVAILABLE: { status: 404, category: "usage" },
  DIRECTORY_NOT_FOUND: { status: 404, category: "usage" },
  DIRECTORY_METHOD_NOT_ALLOWED: { status: 405, category: "usage" },
  DIRECTORY_KEY_PACKAGE_EXPIRED: { status: 422, category: "validation" },
  DIRECTORY_CLIENT_EXISTS: { status: 409, category: "usage" },
  DIRECTORY_CLIENT_NOT_FOUND: { status: 404, category: "usage" },
  DIRECTORY_STORAGE_FAILURE: { status: 503, category: "storage" },
  DIRECTORY_SCHEMA_TOO_NEW: { status: 503, category: "storage" },
  DIRECTORY_INTERNAL_ERROR: { status: 500, category: "storage" },
  DIRECTORY_MALFORMED_MIMI_REQUEST: { status: 400, category: "validation" },
  DIRECTORY_MIMI_TARGET_MISMATCH: { status: 400, category: "validation" },
  DIRECTORY_MIMI_UNKNOWN_PROVIDER: { status: 403, category: "usage" },
  DIRECTORY_MIMI_REQUESTER_REJECTED: { status: 403, category: "usage" },
  DIRECTORY_KEY_PACKAGE_ROUTE_NOT_FOUND: { status: 404, category: "usage" },
});

/**
 * Whether a string is one of the directory's own codes.
 *
 * @param code - any code
 * @returns true for a value of {@link DirectoryErrorCode}
 * @example
 * ```ts
 * isDirectoryErrorCode("DIRECTORY_RATE_LIMITED"); // true
 * isDirectoryErrorCode("KEY_PACKAGE_EXPIRED"); // false
 * ```
 */
export function isDirectoryErrorCode(code: string): code is DirectoryErrorCode {
  return Object.hasOwn(SPECS, code);
}

/**
 * The HTTP status the directory answers one of its codes with.
 *
 * @param code - a value of {@link DirectoryErrorCode}
 * @returns the status, e.g. 429 for `DIRECTORY_RATE_LIMITED`
 * @example
 * ```ts
 * directoryErrorStatus(DirectoryErrorCode.userNotFound); // 404
 * ```
 */
export function directoryErrorStatus(code: DirectoryErrorCode): number {
  return SPECS[code].status;
}

/**
 * Raise a directory code as the `@mlskit/errors` class of its category (`ValidationError`,
 * `UsageError` or `StorageError`): the server throws these, the client rebuilds them from answers.
 *
 * @param code - a value of {@link DirectoryErrorCode}
 * @param message - one line, never key bytes
 * @param details - structured context (index, field, status, …)
 * @param cause - the underlying error
 * @returns the error, to throw
 * @example
 * ```ts
 * throw directoryError(DirectoryErrorCode.userNotFound, `no user "carol"`);
 * ```
 */
export function directoryError(
  code: DirectoryErrorCode,
  message: string,
  details: ErrorDetails = {},
  cause?: unknown,
): MlsError {
  const options = { details, ...(cause === undefined ? {} : { cause }) };
  switch (SPECS[code].category) {
    case "validation":
      return new ValidationError(code, message, options);
    case "storage":
      return new StorageError(code, message, options);
    default:
      return new UsageError(code, message, options);
  }
}
