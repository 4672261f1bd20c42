/**
 * @module aead
 * The suite AEAD (RFC 9180 §7.3) in `@noble/ciphers`: AES-128-GCM and AES-256-GCM (NIST SP
 * 800-38D) and ChaCha20-Poly1305 (RFC 8439), pure JS like the rest of this provider. Argument
 * checks and error codes are `createAeadImpl` of `@mlskit/crypto-provider`.
 */
import { type AeadImpl, type CipherSuiteInfo, createAeadImpl } from "@mlskit/crypto-provider";
import { gcm } from "@noble/ciphers/aes.js";
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";

/**
 * The {@link AeadImpl} of a registry suite (AEAD 0x0001, 0x0002 or 0x0003).
 *
 * @param info - the suite's registry row
 * @returns the suite's AEAD
 * @example
 * ```ts
 * const aead = nobleAead(cipherSuiteInfo(1)!);
 * const ct = await aead.seal(key, nonce, aad, plaintext);
 * ```
 * @internal
 */
export function nobleAead(info: CipherSuiteInfo): AeadImpl {
  // Both key sizes of AES-GCM go through `gcm`: the key length picks AES-128 or AES-256.
  const cipher = info.aeadId === 0x0003 ? chacha20poly1305 : gcm;
  return createAeadImpl(info, {
    seal: (key, nonce, aad, plaintext) => cipher(key, nonce, aad).encrypt(plaintext),
    open: (key, nonce, aad, ciphertext) => cipher(key, nonce, aad).decrypt(ciphertext),
  });
}
