/**
 * @module @mlskit/credentials
 * MLS credentials (RFC 9420 §5.3): the `CredentialType` registry, the `Credential` union (basic,
 * x509, and any other type kept as opaque bytes), its codec, signature key pair types and the
 * `CredentialValidator` hook for the application's Authentication Service.
 */
export {
  type BasicCredential,
  basicCredential,
  type Certificate,
  type Credential,
  credentialCodec,
  credentialIdentityString,
  credentialsEqual,
  isBasicCredential,
  isUnknownCredential,
  isX509Credential,
  type UnknownCredential,
  type X509Credential,
  x509Credential,
} from "./credential.js";
export { CredentialType } from "./credential-type.js";
export type {
  CredentialValidationContext,
  CredentialValidator,
  CredentialWithKey,
  SignatureKeyPair,
} from "./credential-validator.js";
export { CredentialErrorCode } from "./errors.js";
