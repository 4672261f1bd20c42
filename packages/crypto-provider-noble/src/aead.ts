/**
 * @module aead
 * The suite AEAD (RFC 9180 §7.3) in `@noble/ciphers`: AES-128-GCM and AES-256-GCM (NIST SP
 * 800-38D) and ChaCha20-Poly1305 (RFC 8439), pure JS like the rest of this provider. Argument
 * checks and error codes are `createAeadImpl` of `@mlskit/crypto-provider`.
 */
import { AeadId, type AeadImpl, type CipherSuiteInfo } from "@mlskit/crypto-provider";
import { createAeadImpl } from "@mlskit/crypto-provider/kit";
import { gcm } from "@noble/ciphers/aes.js";
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";

// Both key sizes of AES-GCM go through `gcm`: the key length picks AES-128 or AES-256.
const CIPHERS: Readonly<Record<AeadId, typeof gcm | typeof chacha20poly1305>> = {
  [AeadId.AES_128_GCM]: gcm,
  [AeadId.AES_256_GCM]: gcm,
  [AeadId.CHACHA20_POLY1305]: chacha20poly1305,
};

/**
 * The {@link AeadImpl} of a registry suite.
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
  const cipher = CIPHERS[info.aeadId];
  return createAeadImpl(info, {
    seal: (key, nonce, aad, plaintext) => cipher(key, nonce, aad).encrypt(plaintext),
    open: (key, nonce, aad, ciphertext) => cipher(key, nonce, aad).decrypt(ciphertext),
  });
}
