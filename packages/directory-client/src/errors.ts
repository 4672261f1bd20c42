/**
 * @module errors
 * How the client reports failures. An error answer of the directory is thrown with the
 * directory's own stable code in the category the protocol gives it (the same class the server
 * threw: `DirectoryErrorCode` of `@mlskit/directory-protocol`); a `KEY_PACKAGE_*` validation
 * code (422) as `ValidationError`; any other code by its status: 5xx as `StorageError`, the rest
 * as `UsageError`. `details.status` holds the HTTP status, `details.retryAfterSeconds` the
 * `Retry-After` of a 429.
 */
import { directoryError, isDirectoryErrorCode } from "@mlskit/directory-protocol";
import {
  defineErrorCodes,
  type ErrorCodeOf,
  type MlsError,
  StorageError,
  UsageError,
  ValidationError,
} from "@mlskit/errors";

/**
 * The client's own codes (the directory's are passed through as they come).
 *
 * @example
 * ```ts
 * if (MlsError.is(e, DirectoryClientErrorCode.unreachable)) retryLater();
 * ```
 */
export const DirectoryClientErrorCode = defineErrorCodes("DIRECTORY_", {
  /** The directory could not be reached (network error, timeout). */
  unreachable: "DIRECTORY_UNREACHABLE",
  /** The directory answered something that is not its API (wrong URL, a proxy's error page). */
  badResponse: "DIRECTORY_BAD_RESPONSE",
  /** `topUp`: no signature key pair was given, and the store holds none for the credential and suite. */
  noSignatureKey: "DIRECTORY_TOP_UP_NO_SIGNATURE_KEY",
});
/** One of the values of {@link DirectoryClientErrorCode}. */
export type DirectoryClientErrorCode = ErrorCodeOf<typeof DirectoryClientErrorCode>;

/**
 * Build the error for a directory's error answer.
 * @internal
 */
export function errorFromResponse(status: number, body: unknown, retryAfter: string | null): MlsError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (typeof err?.code !== "string") {
    return new StorageError(
      DirectoryClientErrorCode.badResponse,
      `the directory answered HTTP ${status} without an error body`,
      { details: { status } },
    );
  }
  const details: Record<string, string | number | boolean | undefined> = { status };
  if (typeof err.details === "object" && err.details !== null) {
    for (const [k, v] of Object.entries(err.details)) {
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") details[k] = v;
    }
  }
  if (retryAfter !== null && /^\d+$/.test(retryAfter)) details.retryAfterSeconds = Number(retryAfter);
  const message = typeof err.message === "string" ? err.message : err.code;
  if (isDirectoryErrorCode(err.code)) return directoryError(err.code, message, details);
  const options = { details };
  if (status >= 500) return new StorageError(err.code, message, options);
  if (status === 422) return new ValidationError(err.code, message, options);
  return new UsageError(err.code, message, options);
}
