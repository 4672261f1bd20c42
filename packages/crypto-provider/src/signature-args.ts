/**
 * @module signature-args
 * The checks every {@link SignatureImpl} makes on its arguments, written once so that every
 * provider answers a caller's mistake the same way: a non-`Uint8Array` argument is a `TypeError`
 * naming it. (A private key of the wrong size is `INVALID_PRIVATE_KEY`, from `assertPrivateKeySize`
 * in private-keys; `verify` answers `false` for a key or signature of the wrong size: that is the
 * provider's own check, after these.)
 */
import { assertBytes } from "./assert.js";
import type { SignatureImpl } from "./crypto-provider.js";

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
