/**
 * @module eddsa-impl
 * {@link createEdDsaImpl}: the one adapter from a pure-JS EdDSA (RFC 8032; in practice
 * `@noble/curves`' `ed25519` and `ed448`) to mlskit's {@link SignatureImpl}, shared by the providers
 * that run EdDSA in JS (the noble provider always, the WebCrypto provider where SubtleCrypto lacks
 * the curve). The curve is described structurally ({@link EdDsaLike}), so this package imports no
 * crypto library.
 */
import type { KeyPair, SignatureImpl } from "./crypto-provider.js";
import { CryptoErrorCode, cryptoError } from "./errors.js";
import { assertPrivateKeySize } from "./private-keys.js";
import { secureRandomBytes } from "./random.js";
import { assertSignArgs, assertVerifyArgs } from "./signature-args.js";

/**
 * The EdDSA operations {@link createEdDsaImpl} uses: what `@noble/curves`' `ed25519` and `ed448`
 * provide.
 *
 * @example
 * ```ts
 * import { ed25519 } from "@noble/curves/ed25519.js";
 * const curve: EdDsaLike = ed25519;
 * ```
 */
export interface EdDsaLike {
  /** RFC 8032 §5.1.5 / §5.2.5: the public key of a seed. */
  getPublicKey(secretKey: Uint8Array): Uint8Array;
  /** RFC 8032 §5.1.6 / §5.2.6: pure EdDSA (Ed448 with an empty context). */
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  /** RFC 8032 §5.1.7 / §5.2.7, strict when `zip215` is false. */
  verify(
    signature: Uint8Array,
    message: Uint8Array,
    publicKey: Uint8Array,
    opts?: { zip215?: boolean },
  ): boolean;
}

/**
 * Build the {@link SignatureImpl} of EdDSA on one curve from a pure-JS implementation.
 *
 * - `generateKeyPair`: a fresh seed of `size` bytes (from `crypto.getRandomValues`) and its public key;
 * - `sign`: a private key that is not `size` bytes is `INVALID_PRIVATE_KEY`; a library failure
 *   `SIGN_FAILED`;
 * - `verify`: `false` for a public key of the wrong size, a signature that is not `2 × size`
 *   bytes, and anything the library refuses (strict decoding: non-canonical points and S ≥ L);
 *   `TypeError` only for non-`Uint8Array` arguments.
 *
 * @param curve - the curve's implementation
 * @param size - the seed and public-key size: 32 (Ed25519) or 57 (Ed448)
 * @returns a frozen {@link SignatureImpl}
 * @example
 * ```ts
 * import { ed25519 } from "@noble/curves/ed25519.js";
 * import { createEdDsaImpl } from "@mlskit/crypto-provider/kit";
 *
 * const signature = createEdDsaImpl(ed25519, 32);
 * const kp = await signature.generateKeyPair();
 * ```
 */
export function createEdDsaImpl(curve: EdDsaLike, size: number): SignatureImpl {
  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      // RFC 8032 §5.1.5 / §5.2.5: the private key is a uniformly random seed.
      const privateKey = secureRandomBytes(size);
      return { publicKey: curve.getPublicKey(privateKey), privateKey };
    },
    async sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
      assertSignArgs(privateKey, message);
      assertPrivateKeySize(privateKey, size, "EdDSA");
      try {
        // RFC 9420 §5.1.2: pure EdDSA; Ed448 with an empty context (noble's default).
        return curve.sign(message, privateKey);
      } catch (e) {
        throw cryptoError(CryptoErrorCode.signFailed, "signing failed", {}, e);
      }
    },
    async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
      assertVerifyArgs(publicKey, message, signature);
      if (publicKey.length !== size || signature.length !== 2 * size) return false;
      try {
        // RFC 8032 §5.1.7: strict decoding (zip215 off rejects non-canonical points and S >= L).
        return curve.verify(signature, message, publicKey, { zip215: false });
      } catch {
        return false;
      }
    },
  });
}
