/**
 * @module aead
 * The suite AEAD (RFC 9180 §7.3) on SubtleCrypto: AES-128-GCM and AES-256-GCM always, and
 * ChaCha20-Poly1305 (RFC 8439) where the runtime's Web Crypto has it, else the bundled pure-JS
 * `@hpke/chacha20poly1305`. The same `@hpke/core` AEAD object the suite's HPKE uses (one choice
 * of backend per suite), wrapped by `createAeadImpl` of `@mlskit/crypto-provider` for argument
 * checks and error codes.
 */
import type { AeadInterface } from "@hpke/core";
import type { AeadImpl, CipherSuiteInfo } from "@mlskit/crypto-provider";
import { createAeadImpl } from "@mlskit/crypto-provider/kit";

/**
 * The {@link AeadImpl} of a suite from the `@hpke/core` AEAD its HPKE uses.
 *
 * @param info - the suite's registry row
 * @param aead - the suite's AEAD (see `aeadOf` in `hpke.ts`)
 * @returns the suite's AEAD
 * @example
 * ```ts
 * const aead = webCryptoAead(cipherSuiteInfo(1)!, new Aes128Gcm());
 * const ct = await aead.seal(key, nonce, aad, plaintext);
 * ```
 * @internal
 */
export function webCryptoAead(info: CipherSuiteInfo, aead: AeadInterface): AeadImpl {
  // One encryption context per call: a Welcome's key is used once, so nothing is worth caching.
  return createAeadImpl(info, {
    async seal(key, nonce, aad, plaintext) {
      return new Uint8Array(await aead.createEncryptionContext(key).seal(nonce, plaintext, aad));
    },
    async open(key, nonce, aad, ciphertext) {
      return new Uint8Array(await aead.createEncryptionContext(key).open(nonce, ciphertext, aad));
    },
  });
}
