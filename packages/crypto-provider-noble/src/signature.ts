/**
 * @module signature
 * The signature schemes of RFC 9420 §5.1.2 over `@noble/curves`: Ed25519 and Ed448 (RFC 8032,
 * pure, empty context) and ECDSA on P-256/P-384/P-521 with SHA-256/384/512, DER-encoded signatures
 * and uncompressed SEC1 public keys; ML-DSA-44/65/87 (FIPS 204) over `@noble/post-quantum`.
 */
import type { CipherSuiteInfo, KeyPair, SignatureImpl } from "@mlskit/crypto-provider";
import {
  assertSignArgs,
  assertVerifyArgs,
  createEdDsaImpl,
  createMlDsaImpl,
  ecdsaVerifyInput,
  secureRandomBytes as randomBytes,
} from "@mlskit/crypto-provider/kit";
import { ed448 } from "@noble/curves/ed448.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { normalizeScalar } from "./keys.js";

/**
 * The {@link SignatureImpl} of a TLS signature scheme.
 *
 * @param info - the suite's registry row
 * @returns the implementation
 * @example
 * ```ts
 * const sig = nobleSignature(cipherSuiteInfo(1)!);
 * const kp = await sig.generateKeyPair();
 * ```
 */
export function nobleSignature(info: CipherSuiteInfo): SignatureImpl {
  switch (info.signatureName) {
    // RFC 8032 in @noble/curves, through the shared pure-JS EdDSA adapter.
    case "ed25519":
      return createEdDsaImpl(ed25519, 32);
    case "ed448":
      return createEdDsaImpl(ed448, 57);
    case "ecdsa_secp256r1_sha256":
      return ecdsa(p256, 32);
    case "ecdsa_secp384r1_sha384":
      return ecdsa(p384, 48);
    case "ecdsa_secp521r1_sha512":
      return ecdsa(p521, 66);
    // FIPS 204 in @noble/post-quantum, through the shared ML-DSA adapter (seed keys, pure signing).
    case "mldsa44":
      return createMlDsaImpl(info, ml_dsa44);
    case "mldsa65":
      return createMlDsaImpl(info, ml_dsa65);
    case "mldsa87":
      return createMlDsaImpl(info, ml_dsa87);
  }
}

type WeierstrassCurve = typeof p256;

function ecdsa(curve: WeierstrassCurve, scalarSize: number): SignatureImpl {
  const seedSize = curve.lengths.seed ?? scalarSize + (scalarSize >> 1);
  const importSecret = (privateKey: Uint8Array): Uint8Array =>
    normalizeScalar(curve, privateKey, scalarSize, "ECDSA");
  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      const seed = randomBytes(seedSize);
      const privateKey = curve.utils.randomSecretKey(seed);
      seed.fill(0);
      // RFC 9420 §5.1.1 / RFC 8446 §4.2.8.2: uncompressed point 0x04 ‖ X ‖ Y.
      return { publicKey: curve.getPublicKey(privateKey, false), privateKey };
    },
    async sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
      assertSignArgs(privateKey, message);
      const sk = importSecret(privateKey);
      try {
        // RFC 9420 §5.1.2 + RFC 8446 §4.2.3: ECDSA over the suite hash, DER ECDSA-Sig-Value.
        // Deterministic k (RFC 6979); low-S output is valid DER for every verifier.
        return curve.sign(message, sk, { prehash: true, format: "der" });
      } finally {
        sk.fill(0);
      }
    },
    async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
      assertVerifyArgs(publicKey, message, signature);
      const raw = ecdsaVerifyInput(publicKey, signature, scalarSize);
      if (raw === undefined) return false;
      try {
        // High-S signatures from other implementations are valid ECDSA: lowS is not enforced.
        return curve.verify(raw, message, publicKey, { prehash: true, lowS: false, format: "compact" });
      } catch {
        return false;
      }
    },
  });
}
