/**
 * @module errors
 * The stable error codes owned by @mlskit/credentials. Decoding failures are `CodecError`s with the
 * codes of `@mlskit/codec`; these codes are for credential validation.
 */
import { defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";

/**
 * Stable codes for `ValidationError`s about credentials. A {@link CredentialValidator} should
 * throw one of these (or a code of its own) so callers can tell why a credential was refused.
 *
 * @example
 * ```ts
 * import { ValidationError } from "@mlskit/errors";
 * import { CredentialErrorCode } from "@mlskit/credentials";
 * throw new ValidationError(CredentialErrorCode.rejected, "identity not known to the AS");
 * ```
 */
export const CredentialErrorCode = defineErrorCodes("CREDENTIAL_", {
  /** RFC 9420 §5.3.1: the Authentication Service refused the credential. */
  rejected: "CREDENTIAL_REJECTED",
  /** The validator does not accept credentials of this type. */
  unsupportedType: "CREDENTIAL_UNSUPPORTED_TYPE",
  /** RFC 9420 §5.3: the credential does not bind the leaf's signature key (e.g. an x509 SPKI mismatch). */
  signatureKeyMismatch: "CREDENTIAL_SIGNATURE_KEY_MISMATCH",
});
/**
 * One of the values of {@link CredentialErrorCode}.
 *
 * @example
 * ```ts
 * import type { CredentialErrorCode } from "@mlskit/credentials";
 * const code: CredentialErrorCode = "CREDENTIAL_REJECTED";
 * ```
 */
export type CredentialErrorCode = ErrorCodeOf<typeof CredentialErrorCode>;
