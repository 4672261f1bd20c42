/**
 * @module hpke-keygen.test
 * HPKE GenerateKeyPair read back through one JWK export (native KEMs): for every suite the public
 * key is the one `@noble/curves` computes from the private key, in SerializePublicKey's form,
 * and the private key has SerializePrivateKey's form (full-length P-curve scalars, clamped
 * X25519/X448 scalars).
 */
import { cipherSuiteInfo, KEMS, KemId } from "@mlskit/crypto-provider";
import { clampXKey } from "@mlskit/crypto-provider/kit";
import { x448 } from "@noble/curves/ed448.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { ml_kem768_x25519 } from "@noble/post-quantum/hybrid.js";
import { ml_kem512, ml_kem768, ml_kem1024 } from "@noble/post-quantum/ml-kem.js";
import { describe, expect, it } from "vitest";
import { createWebCryptoProvider } from "../src/index.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** The public key of a private key, computed independently of the provider (noble's curves and KEMs). */
function publicFromPrivate(kemId: KemId, sk: Uint8Array): Uint8Array {
  switch (kemId) {
    case KemId.DHKEM_P256_HKDF_SHA256:
      return p256.getPublicKey(sk, false);
    case KemId.DHKEM_P384_HKDF_SHA384:
      return p384.getPublicKey(sk, false);
    case KemId.DHKEM_P521_HKDF_SHA512:
      return p521.getPublicKey(sk, false);
    case KemId.DHKEM_X25519_HKDF_SHA256:
      return x25519.getPublicKey(sk);
    case KemId.DHKEM_X448_HKDF_SHA512:
      return x448.getPublicKey(sk);
    // FIPS 203 KeyGen of the seed d‖z, and X-Wing's of its seed, in @noble/post-quantum: another
    // implementation than the @hpke modules (or SubtleCrypto) that made the key.
    case KemId.ML_KEM_512:
      return ml_kem512.keygen(sk).publicKey;
    case KemId.ML_KEM_768:
      return ml_kem768.keygen(sk).publicKey;
    case KemId.ML_KEM_1024:
      return ml_kem1024.keygen(sk).publicKey;
    case KemId.X_WING:
      return ml_kem768_x25519.keygen(sk).publicKey;
  }
}

describe("HPKE generateKeyPair", () => {
  for (const forceFallback of [[], ["X25519", "X448"]] as const) {
    const provider = createWebCryptoProvider({ forceFallback: [...forceFallback] });
    const where = forceFallback.length === 0 ? "runtime KEMs" : "X25519/X448 fallback";
    for (const id of provider.supportedCipherSuites()) {
      it(`suite ${id} (${where}): the public key belongs to the private key, both in wire form`, async () => {
        const info = cipherSuiteInfo(id)!;
        const suite = await provider.getCipherSuite(id);
        const seen = new Set<string>();
        for (let i = 0; i < 8; i++) {
          const kp = await suite.hpke.generateKeyPair();
          expect(kp.publicKey.length).toBe(info.hpkePublicKeySize);
          expect(kp.privateKey.length).toBe(info.hpkePrivateKeySize);
          expect(hex(kp.publicKey)).toBe(hex(publicFromPrivate(info.kemId, kp.privateKey)));
          if (info.kemId === KemId.DHKEM_X25519_HKDF_SHA256 || info.kemId === KemId.DHKEM_X448_HKDF_SHA512) {
            expect(hex(kp.privateKey)).toBe(hex(clampXKey(kp.privateKey, info.hpkePrivateKeySize)));
          } else if (KEMS[info.kemId].kind === "dh") {
            expect(kp.publicKey[0]).toBe(0x04);
          }
          seen.add(hex(kp.publicKey));
        }
        expect(seen.size).toBe(8);
      });
    }
  }
});
