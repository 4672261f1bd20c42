/**
 * @module @mlskit/credentials-x509
 * X.509 credentials for MLS (RFC 9420 §5.3): a `CredentialValidator` that builds and verifies a
 * certificate path to the application's trust anchors, checks it at the injected time, binds the
 * end-entity key to the leaf's `signature_key` and hands the subject and names to an identity
 * hook. Certificates are parsed with pkijs; signatures are verified with WebCrypto.
 */

export { describeCertificate } from "./describe-certificate.js";
export { X509ErrorCode } from "./errors.js";
export type { X509CertificateSummary, X509IdentityInfo, X509SubjectAltName } from "./identity-info.js";
export { signatureKeyFromCertificate } from "./signature-key-from-certificate.js";
export { createX509Validator, type X509ValidatorOptions } from "./validator.js";
