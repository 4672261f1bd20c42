/**
 * @module credential-validator
 * The hook through which an application's Authentication Service judges credentials
 * (RFC 9420 §5.3.1), and the pairings of a credential with its signature key.
 */
import type { Credential } from "./credential.js";

/**
 * A signature key pair in the encoding of the cipher suite's signature scheme (RFC 9420 §5.1.2).
 * The private key is secret: never log it, and wipe it (`privateKey.fill(0)`) when done.
 *
 * @example
 * ```ts
 * import type { SignatureKeyPair } from "@mlskit/credentials";
 * const pair: SignatureKeyPair = await suite.signature.generateKeyPair();
 * ```
 */
export interface SignatureKeyPair {
  /** `SignaturePublicKey`, the value that goes into `LeafNode.signature_key`. */
  readonly publicKey: Uint8Array;
  /** The matching private key. */
  readonly privateKey: Uint8Array;
}

/**
 * A credential together with the public signature key it binds; the pair a leaf node carries
 * (`LeafNode.credential`, `LeafNode.signature_key`, RFC 9420 §7.2).
 *
 * @example
 * ```ts
 * import { basicCredential, type CredentialWithKey } from "@mlskit/credentials";
 * const alice: CredentialWithKey = { credential: basicCredential("alice"), signatureKey: pair.publicKey };
 * ```
 */
export interface CredentialWithKey {
  readonly credential: Credential;
  readonly signatureKey: Uint8Array;
}

/**
 * What a {@link CredentialValidator} is told besides the credential.
 *
 * @example
 * ```ts
 * import type { CredentialValidationContext } from "@mlskit/credentials";
 * const ctx: CredentialValidationContext = { now: BigInt(Math.floor(Date.now() / 1000)) };
 * ```
 */
export interface CredentialValidationContext {
  /** Current time, seconds since the Unix epoch (injected, so tests control the clock). */
  readonly now: bigint;
}

/**
 * Application hook that validates a credential with the Authentication Service (RFC 9420 §5.3.1):
 * for instance it checks an X.509 chain and that the end-entity certificate's key equals
 * `signatureKey` (§5.3), or looks up a basic identity. It resolves to accept and throws a
 * `ValidationError` (see {@link CredentialErrorCode}) to reject.
 *
 * @example
 * ```ts
 * import { ValidationError } from "@mlskit/errors";
 * import { CredentialErrorCode, credentialIdentityString, isBasicCredential, type CredentialValidator } from "@mlskit/credentials";
 *
 * const allowList = new Set(["alice", "bob"]);
 * const validator: CredentialValidator = {
 *   async validate(credential) {
 *     if (!isBasicCredential(credential)) {
 *       throw new ValidationError(CredentialErrorCode.unsupportedType, "only basic credentials are accepted");
 *     }
 *     if (!allowList.has(credentialIdentityString(credential))) {
 *       throw new ValidationError(CredentialErrorCode.rejected, "unknown identity");
 *     }
 *   },
 * };
 * ```
 */
export interface CredentialValidator {
  /**
   * @param credential - the credential to judge
   * @param signatureKey - the signature public key presented with it (`LeafNode.signature_key`)
   * @param ctx - validation context (current time)
   * @throws ValidationError to reject the credential
   */
  validate(credential: Credential, signatureKey: Uint8Array, ctx: CredentialValidationContext): Promise<void>;
}
