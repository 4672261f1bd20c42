/**
 * @module @mlskit/errors
 * Error classes shared by every mlskit package: few classes, many stable codes, each declared once
 * in its package's registry ({@link defineErrorCodes}).
 */
export { defineErrorCodes, type ErrorCodeOf, errorCodePrefix } from "./error-codes.js";
export {
  CodecError,
  CryptoError,
  ErrorCategory,
  type ErrorDetails,
  MlsError,
  type MlsErrorOptions,
  StorageError,
  UsageError,
  ValidationError,
} from "./mls-error.js";
