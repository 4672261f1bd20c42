/**
 * @module @mlskit/errors
 * Error classes shared by every mlskit package: few classes, many stable codes.
 */
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
