/**
 * @module signature
 * The signature schemes of RFC 9420 §5.1.2 on `node:crypto`'s synchronous one-shot `sign` and
 * `verify` (OpenSSL): Ed25519 and Ed448 (RFC 8032, pure, empty context) and ECDSA on
 * P-256/P-384/P-521 with SHA-256/384/512. Node signs ECDSA straight into the DER that RFC 9420
 * puts on the wire; incoming DER signatures are parsed by the shared strict parser
 * (`ecdsaVerifyInput`, the same rules for every provider) and verified as r‖s. Private keys are
 * imported once per key array ({@link PrivateKeyCache}), public keys once per value
 * ({@link PublicKeyCache}).
 */
import { type KeyObject, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { CryptoErrorCode, type KeyPair, type SignatureImpl } from "@mlskit/crypto-provider";
import {
  assertPrivateKeySize,
  assertSignArgs,
  assertVerifyArgs,
  cryptoError,
  ecdsaVerifyInput,
} from "@mlskit/crypto-provider/kit";
import { PrivateKeyCache, PublicKeyCache } from "./key-cache.js";
import {
  base64Url,
  generateNistKeyPair,
  generateOkpKeyPair,
  importNistPrivateKey,
  importNistPublicKey,
  importOkpPrivateKey,
  importOkpPublicKey,
  NIST_SIZE,
  type NistCurve,
  nistPublicKey,
  OKP_SIZE,
  plainBytes,
} from "./keys.js";

function signFailed(e: unknown): never {
  throw cryptoError(CryptoErrorCode.signFailed, "signing failed", {}, e);
}

/**
 * EdDSA (RFC 8032) on Ed25519 or Ed448.
 *
 * @param curve - "Ed25519" or "Ed448"
 * @returns the implementation
 * @example
 * ```ts
 * const sig = nodeEdDsa("Ed25519");
 * const kp = await sig.generateKeyPair();
 * ```
 * @internal
 */
export function nodeEdDsa(curve: "Ed25519" | "Ed448"): SignatureImpl {
  const size = OKP_SIZE[curve];
  const privateKeys = new PrivateKeyCache();
  const publicKeys = new PublicKeyCache();
  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      return generateOkpKeyPair(curve);
    },
    async sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
      assertSignArgs(privateKey, message);
      assertPrivateKeySize(privateKey, size, "EdDSA");
      const key = privateKeys.get(privateKey, (seed) => importOkpPrivateKey(curve, seed));
      // RFC 9420 §5.1.2: pure EdDSA (no prehash); Ed448 with an empty context, OpenSSL's default.
      try {
        return plainBytes(nodeSign(null, message, key));
      } catch (e) {
        signFailed(e);
      }
    },
    async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
      assertVerifyArgs(publicKey, message, signature);
      if (publicKey.length !== size || signature.length !== 2 * size) return false;
      try {
        const x = base64Url(publicKey);
        const key = publicKeys.get(x, () => importOkpPublicKey(curve, publicKey, x));
        // OpenSSL decodes A and R strictly and rejects S >= L (RFC 8032 §5.1.7, §5.2.7).
        return nodeVerify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  });
}

/** The suite hash of each ECDSA curve (RFC 9420 §17.1), in OpenSSL's names. */
const ECDSA_HASH: Readonly<Record<NistCurve, string>> = Object.freeze({
  "P-256": "sha256",
  "P-384": "sha384",
  "P-521": "sha512",
});

/**
 * ECDSA with the curve's suite hash; signatures are DER ECDSA-Sig-Value (RFC 8446 §4.2.3).
 *
 * @param curve - the curve
 * @returns the implementation
 * @example
 * ```ts
 * const sig = nodeEcdsa("P-256");
 * const kp = await sig.generateKeyPair();
 * ```
 * @internal
 */
export function nodeEcdsa(curve: NistCurve): SignatureImpl {
  const size = NIST_SIZE[curve];
  const hash = ECDSA_HASH[curve];
  const privateKeys = new PrivateKeyCache();
  const publicKeys = new PublicKeyCache();
  const load = (scalar: Uint8Array): KeyObject => {
    // Range check first (OpenSSL's PKCS#8 import does not refuse 0 or n), then import.
    nistPublicKey(curve, scalar, "ECDSA");
    return importNistPrivateKey(curve, scalar);
  };
  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      return generateNistKeyPair(curve);
    },
    async sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
      assertSignArgs(privateKey, message);
      const key = privateKeys.get(privateKey, (bytes) => {
        // Some implementations drop a scalar's leading zero bytes (the official passive-client
        // vectors hold 65-byte P-521 keys): left-pad shorter keys to the field size.
        if (bytes.length === 0 || bytes.length > size) {
          throw cryptoError(
            CryptoErrorCode.invalidPrivateKey,
            `ECDSA private key must be at most ${size} bytes, got ${bytes.length}`,
          );
        }
        const scalar = new Uint8Array(size);
        scalar.set(bytes, size - bytes.length);
        try {
          return load(scalar);
        } finally {
          scalar.fill(0);
        }
      });
      // RFC 9420 §5.1.2 + RFC 8446 §4.2.3: ECDSA over the suite hash, DER on the wire.
      try {
        return plainBytes(nodeSign(hash, message, { key, dsaEncoding: "der" }));
      } catch (e) {
        signFailed(e);
      }
    },
    async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
      assertVerifyArgs(publicKey, message, signature);
      const raw = ecdsaVerifyInput(publicKey, signature, size);
      if (raw === undefined) return false;
      try {
        const key = publicKeys.get(base64Url(publicKey), () => importNistPublicKey(curve, publicKey));
        // High-S signatures from other implementations are valid ECDSA; OpenSSL accepts them.
        return nodeVerify(hash, message, { key, dsaEncoding: "ieee-p1363" }, raw);
      } catch {
        return false;
      }
    },
  });
}
