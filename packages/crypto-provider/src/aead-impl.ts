/**
 * @module aead-impl
 * {@link createAeadImpl}: the one adapter from a provider's raw AEAD functions to mlskit's
 * {@link AeadImpl}, written once for every provider. It holds what a provider must not get wrong:
 * arguments are checked by name (key and nonce of exactly Nk and Nn bytes, RFC 9180 §7.3), every
 * authentication failure is one `CryptoError` code (`AEAD_OPEN_FAILED`) with the library's error
 * as its cause, and a ciphertext shorter than its tag never reaches the library.
 */
import { assertBytes } from "./assert.js";
import type { CipherSuiteInfo } from "./cipher-suite.js";
import type { AeadImpl } from "./crypto-provider.js";
import { CryptoErrorCode, cryptoError } from "./errors.js";

/** The tag size Nt of every AEAD of the registry (RFC 9180 §7.3: AES-GCM and ChaCha20Poly1305). */
const TAG_SIZE = 16;

/**
 * A provider's raw AEAD: seal and open with arguments already checked. `open` throws (anything)
 * when authentication fails; {@link createAeadImpl} turns that into `AEAD_OPEN_FAILED`.
 *
 * @example
 * ```ts
 * import { gcm } from "@noble/ciphers/aes.js";
 * const aes: AeadFunctions = {
 *   seal: (key, nonce, aad, pt) => gcm(key, nonce, aad).encrypt(pt),
 *   open: (key, nonce, aad, ct) => gcm(key, nonce, aad).decrypt(ct),
 * };
 * ```
 */
export interface AeadFunctions {
  /** Encrypt: ciphertext ‖ 16-byte tag, as a plain `Uint8Array` (not a `Buffer`). */
  seal(
    key: Uint8Array,
    nonce: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
  ): Uint8Array | Promise<Uint8Array>;
  /** Decrypt and authenticate; throws on any authentication failure. A plain `Uint8Array`. */
  open(
    key: Uint8Array,
    nonce: Uint8Array,
    aad: Uint8Array,
    ciphertext: Uint8Array,
  ): Uint8Array | Promise<Uint8Array>;
}

/**
 * Build the {@link AeadImpl} of one cipher suite from raw AEAD functions. Sizes come from the
 * suite's registry row (`aeadKeySize`, `aeadNonceSize`); the tag is 16 bytes.
 *
 * - `seal` / `open`: a non-`Uint8Array` argument is a `TypeError`, a key or nonce of the wrong
 *   length a `RangeError` (both name the argument, never its bytes);
 * - `open`: a ciphertext shorter than the tag, and any failure of `fns.open`, is `CryptoError`
 *   `AEAD_OPEN_FAILED` (the library's error kept as `cause`).
 *
 * @param info - the suite's registry row
 * @param fns - the provider's raw seal and open
 * @returns a frozen {@link AeadImpl}
 * @throws TypeError for malformed arguments
 * @example
 * ```ts
 * import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
 * import { cipherSuiteInfo, createAeadImpl } from "@mlskit/crypto-provider";
 *
 * const aead = createAeadImpl(cipherSuiteInfo(3)!, {
 *   seal: (key, nonce, aad, pt) => chacha20poly1305(key, nonce, aad).encrypt(pt),
 *   open: (key, nonce, aad, ct) => chacha20poly1305(key, nonce, aad).decrypt(ct),
 * });
 * const ct = await aead.seal(key, nonce, aad, plaintext);
 * ```
 */
export function createAeadImpl(
  info: Pick<CipherSuiteInfo, "id" | "aeadKeySize" | "aeadNonceSize">,
  fns: AeadFunctions,
): AeadImpl {
  if (typeof info !== "object" || info === null || !Number.isInteger(info.aeadKeySize)) {
    throw new TypeError(`"info" expected a CipherSuiteInfo`);
  }
  if (
    typeof fns !== "object" ||
    fns === null ||
    typeof fns.seal !== "function" ||
    typeof fns.open !== "function"
  ) {
    throw new TypeError(`"fns" expected { seal, open } functions`);
  }
  const { aeadKeySize: keySize, aeadNonceSize: nonceSize } = info;
  const seal = fns.seal.bind(fns);
  const open = fns.open.bind(fns);
  const details = { cipherSuite: info.id };

  function check(key: unknown, nonce: unknown, aad: unknown, data: unknown, dataName: string): void {
    assertBytes(key, "key", keySize);
    assertBytes(nonce, "nonce", nonceSize);
    assertBytes(aad, "aad");
    assertBytes(data, dataName);
  }

  return Object.freeze({
    keySize,
    nonceSize,
    tagSize: TAG_SIZE,
    async seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) {
      check(key, nonce, aad, plaintext, "plaintext");
      return seal(key, nonce, aad, plaintext);
    },
    async open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array) {
      check(key, nonce, aad, ciphertext, "ciphertext");
      if (ciphertext.length < TAG_SIZE) {
        throw cryptoError(
          CryptoErrorCode.aeadOpenFailed,
          `AEAD ciphertext must hold a ${TAG_SIZE}-byte tag, got ${ciphertext.length} bytes`,
          details,
        );
      }
      try {
        return await open(key, nonce, aad, ciphertext);
      } catch (e) {
        // One code for every failure: wrong key, nonce or aad, tampered ciphertext or tag.
        throw cryptoError(CryptoErrorCode.aeadOpenFailed, "AEAD Open failed", details, e);
      }
    },
  });
}
