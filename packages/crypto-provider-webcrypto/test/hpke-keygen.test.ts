/**
 * @module hpke-keygen.test
 * HPKE GenerateKeyPair read back through one JWK export (native KEMs): for every suite the public
 * key is the one `@noble/curves` computes from the private key, in SerializePublicKey's form,
 * and the private key has SerializePrivateKey's form (full-length P-curve scalars, clamped
 * X25519/X448 scalars).
 */
import { cipherSuiteInfo } from "@mlskit/crypto-provider";
import { clampXKey } from "@mlskit/crypto-provider/kit";
import { x448 } from "@noble/curves/ed448.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { describe, expect, it } from "vitest";
import { createWebCryptoProvider } from "../src/index.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function publicFromPrivate(kemId: number, sk: Uint8Array): Uint8Array {
  switch (kemId) {
    case 0x0010:
      return p256.getPublicKey(sk, false);
    case 0x0011:
      return p384.getPublicKey(sk, false);
    case 0x0012:
      return p521.getPublicKey(sk, false);
    case 0x0020:
      return x25519.getPublicKey(sk);
    default:
      return x448.getPublicKey(sk);
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
          if (info.kemId === 0x0020 || info.kemId === 0x0021) {
            expect(hex(kp.privateKey)).toBe(hex(clampXKey(kp.privateKey, info.hpkePrivateKeySize)));
          } else {
            expect(kp.publicKey[0]).toBe(0x04);
          }
          seen.add(hex(kp.publicKey));
        }
        expect(seen.size).toBe(8);
      });
    }
  }
});
