/**
 * @module errors
 * The stable error codes owned by @mlskit/credentials-x509. Every rejection of
 * {@link createX509Validator} is a `ValidationError` carrying one of them; `details` says which
 * certificate (`certificate`: its index in the credential, or `"trust-anchor"`) and why, never
 * key bytes.
 */
import { defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";

/**
 * Stable codes of the `ValidationError`s thrown by an X.509 validator. When the validator runs
 * inside `validateKeyPackage`, the code is kept and `details.check` is set to `"KP-19"`.
 *
 * @example
 * ```ts
 * import { MlsError } from "@mlskit/errors";
 * import { X509ErrorCode } from "@mlskit/credentials-x509";
 * try {
 *   await validator.validate(credential, signatureKey, { now });
 * } catch (e) {
 *   if (MlsError.is(e, X509ErrorCode.certificateExpired)) console.log("renew the certificate");
 * }
 * ```
 */
export const X509ErrorCode = defineErrorCodes("X509_", {
  /** The credential is not of type x509 (and basic credentials are not allowed). */
  notX509Credential: "X509_NOT_X509_CREDENTIAL",
  /** A certificate is not a single well-formed DER X.509 certificate (or its extensions are broken). */
  malformedCertificate: "X509_MALFORMED_CERTIFICATE",
  /** A key or signature algorithm (or curve, or point format) this validator does not support. */
  unsupportedAlgorithm: "X509_UNSUPPORTED_ALGORITHM",
  /** RFC 9420 §5.3: the end-entity certificate's public key differs from `signature_key`. */
  keyMismatch: "X509_KEY_MISMATCH",
  /**
   * RFC 9420 §5.3: the credential's chain is ordered — each certificate after the first is the
   * issuer of the one before it — and this one is not (its subject is not that certificate's
   * issuer name): an unrelated, misplaced or repeated certificate.
   */
  chainOutOfOrder: "X509_CHAIN_OUT_OF_ORDER",
  /** The chain ends at a self-signed certificate, or at an issuer, that is not a trust anchor. */
  untrustedRoot: "X509_UNTRUSTED_ROOT",
  /** A certificate names an issuer whose key does not verify its signature (wrong issuer, forged or corrupted signature, loop). */
  brokenChain: "X509_BROKEN_CHAIN",
  /** An issuing certificate lacks `basicConstraints` cA=TRUE, or has a keyUsage without keyCertSign. */
  notACa: "X509_NOT_A_CA",
  /** The path is longer than an issuer's `pathLenConstraint` or the validator's `maxChainLength`. */
  pathLengthExceeded: "X509_PATH_LENGTH_EXCEEDED",
  /** A certificate has a critical extension this validator does not process (RFC 5280 §4.2). */
  unsupportedCriticalExtension: "X509_UNSUPPORTED_CRITICAL_EXTENSION",
  /** The end-entity certificate has a keyUsage extension without digitalSignature. */
  invalidKeyUsage: "X509_INVALID_KEY_USAGE",
  /** A certificate of the path has expired at `now` (`notAfter < now`). */
  certificateExpired: "X509_CERTIFICATE_EXPIRED",
  /** A certificate of the path is not valid yet at `now` (`notBefore > now`). */
  certificateNotYetValid: "X509_CERTIFICATE_NOT_YET_VALID",
  /** The application's `identity` hook refused the end-entity certificate's subject or names. */
  identityRejected: "X509_IDENTITY_REJECTED",
});
/**
 * One of the values of {@link X509ErrorCode}.
 *
 * @example
 * ```ts
 * import type { X509ErrorCode } from "@mlskit/credentials-x509";
 * const code: X509ErrorCode = "X509_UNTRUSTED_ROOT";
 * ```
 */
export type X509ErrorCode = ErrorCodeOf<typeof X509ErrorCode>;
