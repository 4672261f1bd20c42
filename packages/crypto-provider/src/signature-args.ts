/**
 * @module signature-args
 * The checks every {@link SignatureImpl} makes on its arguments, written once so that every
 * provider answers a caller's mistake the same way: a non-`Uint8Array` argument is a `TypeError`
 * naming it; a private key of the wrong size is `INVALID_PRIVATE_KEY`. (`verify` answers `false`
 * for a key or signature of the wrong size: that is the provider's own check, after these.)
 */
import { assertBytes } from "./assert.js";
import type { SignatureImpl } from "./crypto-provider.js";
import { CryptoErrorCode, cryptoError } from "./errors.js";

/**
 * Check the arguments of {@link SignatureImpl.sign}.
 *
 * @param privateKey - the private key
 * @param message - the message
 * @throws TypeError when either is not a Uint8Array
 * @example
 * ```ts
 * assertSignArgs(privateKey, message);
 * ```
 */
export function assertSignArgs(privateKey: Uint8Array, message: Uint8Array): void {
  assertBytes(privateKey, "privateKey");
  assertBytes(message, "message");
}

/**
 * Check the arguments of {@link SignatureImpl.verify}.
 *
 * @param publicKey - the public key
 * @param message - the message
 * @param signature - the signature
 * @throws TypeError when any is not a Uint8Array
 * @example
 * ```ts
 * assertVerifyArgs(publicKey, message, signature);
 * ```
 */
export function assertVerifyArgs(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): void {
  assertBytes(publicKey, "publicKey");
  assertBytes(message, "message");
  assertBytes(signature, "signature");
}

/**
 * Check that a signature private key has its scheme's one size (an EdDSA seed, RFC 8032 §5.1.5).
 *
 * @param privateKey - the private key
 * @param size - the size it must have
 * @param scheme - the scheme's name, for the message (e.g. `"EdDSA"`)
 * @throws CryptoError `INVALID_PRIVATE_KEY` for any other size
 * @example
 * ```ts
 * assertPrivateKeySize(privateKey, 32, "EdDSA");
 * ```
 */
export function assertPrivateKeySize(privateKey: Uint8Array, size: number, scheme: string): void {
  if (privateKey.length !== size) {
    throw cryptoError(
      CryptoErrorCode.invalidPrivateKey,
      `${scheme} private key must be ${size} bytes, got ${privateKey.length}`,
    );
  }
}
