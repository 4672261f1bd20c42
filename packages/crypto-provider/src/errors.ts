/**
 * @module errors
 * The stable error codes of `@mlskit/crypto-provider` and of every provider that implements it.
 * Crypto failures are thrown as `CryptoError` (from `@mlskit/errors`) carrying one of these codes;
 * wrong argument types are `TypeError`/`RangeError`. Messages never contain key bytes.
 */
import { CryptoError, defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";

/**
 * Stable codes of the crypto layer, shared by all providers so callers can branch on them.
 *
 * @example
 * ```ts
 * import { MlsError } from "@mlskit/errors";
 * import { CryptoErrorCode } from "@mlskit/crypto-provider";
 * try {
 *   await provider.getCipherSuite(0x0a0a);
 * } catch (e) {
 *   if (MlsError.is(e, CryptoErrorCode.unsupportedCipherSuite)) console.log("not supported");
 * }
 * ```
 */
// The one registry without a prefix: these codes name crypto operations (`HPKE_OPEN_FAILED`,
// `INVALID_PUBLIC_KEY`) and predate the prefix rule; `UNSUPPORTED_CIPHER_SUITE` is in the public API
// contract, so they are kept as they are. docs/error-codes.md lists the exception.
export const CryptoErrorCode = defineErrorCodes("", {
  /** The provider does not implement this cipher suite (unknown, GREASE or private-use id). */
  unsupportedCipherSuite: "UNSUPPORTED_CIPHER_SUITE",
  /** A private key has the wrong length or is not a valid scalar for the curve. */
  invalidPrivateKey: "INVALID_PRIVATE_KEY",
  /** A public key has the wrong length or is not a valid point (RFC 9180 §7.1.4 validation). */
  invalidPublicKey: "INVALID_PUBLIC_KEY",
  /** A signature is not a well-formed encoding (e.g. non-canonical DER for ECDSA). */
  invalidSignatureEncoding: "INVALID_SIGNATURE_ENCODING",
  /** HPKE key derivation (RFC 9180 §7.1.3 DeriveKeyPair) failed. */
  keyDerivationFailed: "KEY_DERIVATION_FAILED",
  /** Signing failed. */
  signFailed: "SIGN_FAILED",
  /** HPKE SealBase failed (most often: the recipient public key is invalid). */
  hpkeSealFailed: "HPKE_SEAL_FAILED",
  /** HPKE OpenBase failed: wrong key, wrong info/aad, or tampered kem output or ciphertext. */
  hpkeOpenFailed: "HPKE_OPEN_FAILED",
  /** AEAD Open failed: wrong key, nonce or aad, or a tampered or truncated ciphertext. */
  aeadOpenFailed: "AEAD_OPEN_FAILED",
});
/** One of the values of {@link CryptoErrorCode}. */
export type CryptoErrorCode = ErrorCodeOf<typeof CryptoErrorCode>;

/**
 * Build a `CryptoError` with a code from {@link CryptoErrorCode}.
 *
 * @param code - the stable code
 * @param message - what failed, never key bytes
 * @param details - optional non-secret context (e.g. `{ cipherSuite: 2 }`)
 * @param cause - the underlying error, kept as `cause`
 * @returns the error, to be thrown
 * @example
 * ```ts
 * throw cryptoError(CryptoErrorCode.invalidPublicKey, "HPKE public key is not a valid P-256 point", { cipherSuite: 2 });
 * ```
 */
export function cryptoError(
  code: CryptoErrorCode,
  message: string,
  details?: Readonly<Record<string, string | number | boolean | undefined>>,
  cause?: unknown,
): CryptoError {
  return new CryptoError(code, message, {
    ...(details === undefined ? {} : { details }),
    ...(cause === undefined ? {} : { cause }),
  });
}
