/**
 * @module errors
 * The stable error codes of @mlskit/mimi. Malformed bytes are `CodecError`s with the codec's own
 * codes (field path and offset in `details`); what decodes but breaks a rule of the draft is a
 * `ValidationError` with one of these codes.
 */

import { defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";

/**
 * Codes of the `ValidationError`s (and `UsageError`s) thrown by @mlskit/mimi.
 *
 * @example
 * ```ts
 * import { MlsError } from "@mlskit/errors";
 * import { MimiErrorCode } from "@mlskit/mimi";
 * if (MlsError.is(e, MimiErrorCode.invalidSignature)) console.log("forged request");
 * ```
 */
export const MimiErrorCode = defineErrorCodes("MIMI_", {
  /** A KeyMaterialRequest lists no acceptable cipher suite (the draft asks for a non-empty list). */
  emptyCipherSuites: "MIMI_EMPTY_CIPHER_SUITES",
  /** A KeyMaterialRequest lists a cipher suite twice. */
  duplicateCipherSuite: "MIMI_DUPLICATE_CIPHER_SUITE",
  /** `key_material_request_signature` does not verify with `requesterSignatureKey`. */
  invalidSignature: "MIMI_INVALID_SIGNATURE",
  /** No acceptable cipher suite of the request has a signature scheme this provider supports. */
  unsupportedSignatureScheme: "MIMI_UNSUPPORTED_SIGNATURE_SCHEME",
  /** A MIMI directory document without a usable `keyMaterial` URL template. */
  badDirectory: "MIMI_BAD_DIRECTORY",
  /** A returned KeyPackage is of a cipher suite the request did not list as acceptable. */
  unacceptableCipherSuite: "MIMI_UNACCEPTABLE_CIPHER_SUITE",
  /** A returned KeyPackage's leaf capabilities miss a type the request required. */
  missingRequiredCapabilities: "MIMI_MISSING_REQUIRED_CAPABILITIES",
  /** A KeyMaterialResponse whose user code and client entries contradict each other, or that answers another request. */
  inconsistentResponse: "MIMI_INCONSISTENT_RESPONSE",
});
/** One of the values of {@link MimiErrorCode}. */
export type MimiErrorCode = ErrorCodeOf<typeof MimiErrorCode>;
