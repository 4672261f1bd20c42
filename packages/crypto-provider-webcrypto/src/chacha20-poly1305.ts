/**
 * @module chacha20-poly1305
 * ChaCha20-Poly1305 (RFC 8439) as an `@hpke/core` AEAD on SubtleCrypto, for runtimes whose Web
 * Crypto has it (WICG "Modern Algorithms in WebCrypto"; measured: Chromium 156 and Node 24.21 have
 * it, Node 20.20 does not). Used only when the probe finds it native; otherwise
 * `@hpke/chacha20poly1305` (pure JS) is.
 */
import { type AeadEncryptionContext, AeadId, type AeadInterface } from "@hpke/core";
import { bufferSource } from "./bytes.js";

const NAME = "ChaCha20-Poly1305";

function bytesOf(v: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v);
}

/**
 * Build the HPKE AEAD (id 0x0003) on the given SubtleCrypto.
 *
 * @param subtle - a SubtleCrypto that implements ChaCha20-Poly1305
 * @returns an `@hpke/core` AEAD
 * @example
 * ```ts
 * const suite = new CipherSuite({ kem, kdf, aead: nativeChaCha20Poly1305(crypto.subtle) });
 * ```
 * @internal
 */
export function nativeChaCha20Poly1305(subtle: SubtleCrypto): AeadInterface {
  return Object.freeze({
    id: AeadId.Chacha20Poly1305,
    keySize: 32,
    nonceSize: 12,
    tagSize: 16,
    createEncryptionContext(key: ArrayBufferLike | ArrayBufferView): AeadEncryptionContext {
      const raw = bytesOf(key).slice();
      let imported: Promise<CryptoKey> | undefined;
      const cryptoKey = (): Promise<CryptoKey> => {
        imported ??= subtle
          // WICG "Modern Algorithms in WebCrypto": symmetric keys of new algorithms are "raw-secret".
          .importKey("raw-secret" as "raw", bufferSource(raw), { name: NAME }, false, ["encrypt", "decrypt"])
          .finally(() => raw.fill(0));
        return imported;
      };
      const params = (iv: ArrayBufferLike | ArrayBufferView, aad: ArrayBufferLike | ArrayBufferView) => ({
        name: NAME,
        iv: bufferSource(bytesOf(iv)),
        additionalData: bufferSource(bytesOf(aad)),
      });
      return {
        async seal(iv, data, aad) {
          return subtle.encrypt(params(iv, aad), await cryptoKey(), bufferSource(bytesOf(data)));
        },
        async open(iv, data, aad) {
          return subtle.decrypt(params(iv, aad), await cryptoKey(), bufferSource(bytesOf(data)));
        },
      };
    },
  });
}
