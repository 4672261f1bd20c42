/**
 * @module aead
 * The suite AEAD (RFC 9180 §7.3) in OpenSSL through `node:crypto`: AES-128-GCM, AES-256-GCM
 * (NIST SP 800-38D) and ChaCha20-Poly1305 (RFC 8439), one synchronous `createCipheriv` /
 * `createDecipheriv` per call with a 16-byte tag appended to the ciphertext (RFC 5116 §2.1).
 * Argument checks and error codes are `createAeadImpl` of `@mlskit/crypto-provider`.
 */
import { createCipheriv, createDecipheriv } from "node:crypto";
import { AeadId, type AeadImpl, type CipherSuiteInfo } from "@mlskit/crypto-provider";
import { createAeadImpl } from "@mlskit/crypto-provider/kit";

const TAG = 16;

/** OpenSSL's cipher name of each registry AEAD (RFC 9180 §7.3 ids). */
const OPENSSL = {
  [AeadId.AES_128_GCM]: "aes-128-gcm",
  [AeadId.AES_256_GCM]: "aes-256-gcm",
  [AeadId.CHACHA20_POLY1305]: "chacha20-poly1305",
} as const satisfies Record<AeadId, string>;

type Algorithm = (typeof OPENSSL)[AeadId];

// The ternaries only pick node's typed overload (GCM vs ChaCha20-Poly1305); the calls are equal.
function cipherOf(algorithm: Algorithm, key: Uint8Array, nonce: Uint8Array) {
  return algorithm === "chacha20-poly1305"
    ? createCipheriv(algorithm, key, nonce, { authTagLength: TAG })
    : createCipheriv(algorithm, key, nonce, { authTagLength: TAG });
}

function decipherOf(algorithm: Algorithm, key: Uint8Array, nonce: Uint8Array) {
  return algorithm === "chacha20-poly1305"
    ? createDecipheriv(algorithm, key, nonce, { authTagLength: TAG })
    : createDecipheriv(algorithm, key, nonce, { authTagLength: TAG });
}

/**
 * The {@link AeadImpl} of a registry suite.
 *
 * @param info - the suite's registry row
 * @returns the suite's AEAD
 * @example
 * ```ts
 * const aead = nodeAead(cipherSuiteInfo(1)!);
 * const ct = await aead.seal(key, nonce, aad, plaintext);
 * ```
 * @internal
 */
export function nodeAead(info: CipherSuiteInfo): AeadImpl {
  const algorithm = OPENSSL[info.aeadId];
  return createAeadImpl(info, {
    seal(key, nonce, aad, plaintext) {
      const cipher = cipherOf(algorithm, key, nonce);
      cipher.setAAD(aad, { plaintextLength: plaintext.length });
      const out = new Uint8Array(plaintext.length + TAG);
      const head = cipher.update(plaintext);
      out.set(head, 0);
      const tail = cipher.final();
      out.set(tail, head.length);
      out.set(cipher.getAuthTag(), head.length + tail.length);
      return out;
    },
    open(key, nonce, aad, ciphertext) {
      const body = ciphertext.length - TAG;
      const decipher = decipherOf(algorithm, key, nonce);
      decipher.setAuthTag(ciphertext.subarray(body));
      decipher.setAAD(aad, { plaintextLength: body });
      const out = new Uint8Array(body);
      const head = decipher.update(ciphertext.subarray(0, body));
      out.set(head, 0);
      try {
        // final() throws when the tag does not authenticate: the unauthenticated bytes are wiped.
        out.set(decipher.final(), head.length);
      } catch (e) {
        out.fill(0);
        head.fill(0);
        throw e;
      }
      return out;
    },
  });
}
