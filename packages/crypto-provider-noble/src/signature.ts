/**
 * @module signature
 * The signature schemes of RFC 9420 §5.1.2 over `@noble/curves`: Ed25519 and Ed448 (RFC 8032,
 * pure, empty context) and ECDSA on P-256/P-384/P-521 with SHA-256/384/512, DER-encoded signatures
 * and uncompressed SEC1 public keys; ML-DSA-44/65/87 (FIPS 204) over `@noble/post-quantum`.
 */
import {
  type CipherSuiteInfo,
  CryptoErrorCode,
  type KeyPair,
  type SignatureImpl,
} from "@mlskit/crypto-provider";
import {
  assertBytes,
  createMlDsaImpl,
  cryptoError,
  ecdsaDerToRaw,
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
    case "ed25519":
      return eddsa(ed25519, 32, 32);
    case "ed448":
      return eddsa(ed448, 57, 57);
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

type EdCurve = typeof ed25519;

function eddsa(curve: EdCurve, secretSize: number, publicSize: number): SignatureImpl {
  const checkSecret = (privateKey: Uint8Array): void => {
    if (privateKey.length !== secretSize) {
      throw cryptoError(
        CryptoErrorCode.invalidPrivateKey,
        `EdDSA private key must be ${secretSize} bytes, got ${privateKey.length}`,
      );
    }
  };
  return Object.freeze({
    async generateKeyPair(): Promise<KeyPair> {
      // RFC 8032 §5.1.5 / §5.2.5: the private key is a uniformly random seed.
      const privateKey = randomBytes(secretSize);
      return { publicKey: curve.getPublicKey(privateKey), privateKey };
    },
    async sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
      assertBytes(privateKey, "privateKey");
      assertBytes(message, "message");
      checkSecret(privateKey);
      // RFC 9420 §5.1.2: pure EdDSA; Ed448 with an empty context (noble's default).
      return curve.sign(message, privateKey);
    },
    async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
      assertBytes(publicKey, "publicKey");
      assertBytes(message, "message");
      assertBytes(signature, "signature");
      if (publicKey.length !== publicSize || signature.length !== 2 * publicSize) return false;
      try {
        // RFC 8032 §5.1.7: strict decoding (zip215 off rejects non-canonical points and S >= L).
        return curve.verify(signature, message, publicKey, { zip215: false });
      } catch {
        return false;
      }
    },
  });
}

type WeierstrassCurve = typeof p256;

function ecdsa(curve: WeierstrassCurve, scalarSize: number): SignatureImpl {
  const publicSize = 1 + 2 * scalarSize;
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
      assertBytes(privateKey, "privateKey");
      assertBytes(message, "message");
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
      assertBytes(publicKey, "publicKey");
      assertBytes(message, "message");
      assertBytes(signature, "signature");
      // RFC 9420 §5.1.1: signature keys are uncompressed points only.
      if (publicKey.length !== publicSize || publicKey[0] !== 0x04) return false;
      let raw: Uint8Array;
      try {
        raw = ecdsaDerToRaw(signature, scalarSize);
      } catch {
        return false;
      }
      try {
        // High-S signatures from other implementations are valid ECDSA: lowS is not enforced.
        return curve.verify(raw, message, publicKey, { prehash: true, lowS: false, format: "compact" });
      } catch {
        return false;
      }
    },
  });
}
