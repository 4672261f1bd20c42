/**
 * @module errors
 * The stable error codes owned by @mlskit/extensions. Malformed extension data is a `CodecError`
 * with the codes of `@mlskit/codec`; these codes name broken rules about extension lists.
 */
import { defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";

/**
 * Stable codes of the `ValidationError`s thrown by this package.
 *
 * @example
 * ```ts
 * import { MlsError } from "@mlskit/errors";
 * import { ExtensionErrorCode } from "@mlskit/extensions";
 * if (MlsError.is(e, ExtensionErrorCode.duplicateType)) console.error(e.details.extensionType);
 * ```
 */
export const ExtensionErrorCode = defineErrorCodes("EXTENSION_", {
  /** RFC 9420 §13.4: a list of extensions holds two extensions of one type. */
  duplicateType: "EXTENSION_DUPLICATE_TYPE",
  /** RFC 9420 §17.3 "Message(s)" column / §13.5: the extension may not appear in this message. */
  notAllowedInContext: "EXTENSION_NOT_ALLOWED_IN_CONTEXT",
});
/**
 * One of the values of {@link ExtensionErrorCode}.
 *
 * @example
 * ```ts
 * import type { ExtensionErrorCode } from "@mlskit/extensions";
 * const code: ExtensionErrorCode = "EXTENSION_DUPLICATE_TYPE";
 * ```
 */
export type ExtensionErrorCode = ErrorCodeOf<typeof ExtensionErrorCode>;
