/**
 * @module post-quantum.test
 * Key packages of every provisional post-quantum suite, with no per-suite code outside the
 * providers: created, encoded, decoded and validated (every KP check runs; sizes come from the
 * registry row), with the same KeyPackageRef from the bundle and from `keyPackageRef`; and the
 * format checks refuse keys of another suite's size. (Across providers: the differential tests of
 * each provider package, which sit above this one.)
 */
import { toHex } from "@mlskit/codec";
import { CIPHER_SUITES } from "@mlskit/crypto-provider";
import { describe, expect, it } from "vitest";
import {
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  KeyPackageErrorCode,
  keyPackageRef,
  validateKeyPackage,
} from "../src/index.js";
import { codeOf, fixture, NOW, provider, tamper } from "./helpers.js";

const PQ = CIPHER_SUITES.filter((s) => s.provisional !== undefined);

describe("post-quantum key packages", () => {
  for (const info of PQ) {
    const hex = `0x${info.id.toString(16).padStart(4, "0")}`;
    it(`${hex} ${info.name}: create, encode, decode, validate and ref`, async () => {
      const { bundle } = await fixture(info.id);
      const bytes = encodeKeyPackageMessage(bundle.keyPackage);
      // 3–15 KB: two KEM public keys, a signature key and two signatures of this suite's sizes.
      expect(bytes.length).toBeGreaterThan(2 * info.hpkePublicKeySize + info.signaturePublicKeySize);
      expect(bytes.length).toBeLessThan(16_000);
      const decoded = decodeKeyPackageMessage(bytes);
      const kp = await validateKeyPackage(decoded, { provider, now: NOW, expectedCipherSuite: info.id });
      expect(toHex(await keyPackageRef(kp, provider))).toBe(toHex(bundle.ref));
      expect(bundle.initPrivateKey.length).toBe(info.hpkePrivateKeySize);
      expect(decoded.initKey.length).toBe(info.hpkePublicKeySize);
      expect(decoded.leafNode.signatureKey.length).toBe(info.signaturePublicKeySize);
      expect(decoded.signature.length).toBeLessThanOrEqual(info.maxSignatureSize);
    });
  }

  // The format checks on the largest suite: keys one byte short, and keys of a classical size.
  it("0x0906: KP-06, KP-07, KP-08 refuse keys of the wrong size; KP-18 a tampered ML-DSA signature", async () => {
    const { bundle, signatureKeyPair } = await fixture(0x0906);
    const kp = bundle.keyPackage;
    const sk = signatureKeyPair.privateKey;
    const opts = { provider, now: NOW };
    const short = await tamper(kp, sk, (k) => {
      k.initKey = k.initKey.subarray(1);
    });
    expect(await codeOf(validateKeyPackage(short, opts))).toBe(KeyPackageErrorCode.invalidInitKey);
    const classical = await tamper(kp, sk, (k) => {
      k.leafNode.encryptionKey = new Uint8Array(32).fill(9);
    });
    expect(await codeOf(validateKeyPackage(classical, opts))).toBe(KeyPackageErrorCode.invalidEncryptionKey);
    const sigKey = await tamper(kp, sk, (k) => {
      k.leafNode.signatureKey = k.leafNode.signatureKey.subarray(0, 32);
    });
    expect(await codeOf(validateKeyPackage(sigKey, opts))).toBe(KeyPackageErrorCode.invalidSignatureKey);
    const badSig = { ...kp, signature: kp.signature.map((b, i) => (i === 100 ? b ^ 1 : b)) };
    expect(await codeOf(validateKeyPackage(badSig, opts))).toBe(KeyPackageErrorCode.invalidSignature);
  });
});
