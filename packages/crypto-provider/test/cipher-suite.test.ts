import { describe, expect, it } from "vitest";
import {
  AEADS,
  AeadId,
  CIPHER_SUITES,
  CipherSuite,
  cipherSuiteInfo,
  HASH_NAMES,
  hashOutputSize,
  KDFS,
  KdfId,
  KEMS,
  KemId,
  SIGNATURE_SCHEMES,
  SignatureScheme,
} from "../src/index.js";

describe("CipherSuite registry", () => {
  it("holds the seven RFC 9420 §17.1 suites by name, frozen", () => {
    expect(Object.values(CipherSuite)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519).toBe(1);
    expect(CipherSuite.MLS_256_DHKEMP384_AES256GCM_SHA384_P384).toBe(7);
    expect(Object.isFrozen(CipherSuite)).toBe(true);
    expect(Object.isFrozen(CIPHER_SUITES)).toBe(true);
    for (const row of CIPHER_SUITES) expect(Object.isFrozen(row)).toBe(true);
  });

  it("names every row after its registry key", () => {
    for (const [name, id] of Object.entries(CipherSuite)) expect(cipherSuiteInfo(id)?.name).toBe(name);
  });

  it("returns undefined for reserved, unknown, GREASE and private-use ids", () => {
    for (const id of [0, 8, 0x0a0a, 0xeaea, 0xf000, 0xffff, -1, 1.5, Number.NaN]) {
      expect(cipherSuiteInfo(id)).toBeUndefined();
    }
  });

  // Sizes observed in the official vectors (keypackage-notes §1.6) and RFC 9180 §7.
  const table: [number, number, number, number, number, number, number, string, number, number][] = [
    // id, hpkePk, hpkeSk, sigPk, sigSk, maxSig, Nh, sig, kem, aead
    [1, 32, 32, 32, 32, 64, 32, "ed25519", 0x0020, 0x0001],
    [2, 65, 32, 65, 32, 72, 32, "ecdsa_secp256r1_sha256", 0x0010, 0x0001],
    [3, 32, 32, 32, 32, 64, 32, "ed25519", 0x0020, 0x0003],
    [4, 56, 56, 57, 57, 114, 64, "ed448", 0x0021, 0x0002],
    [5, 133, 66, 133, 66, 139, 64, "ecdsa_secp521r1_sha512", 0x0012, 0x0002],
    [6, 56, 56, 57, 57, 114, 64, "ed448", 0x0021, 0x0003],
    [7, 97, 48, 97, 48, 104, 48, "ecdsa_secp384r1_sha384", 0x0011, 0x0002],
  ];
  for (const [id, hpk, hsk, spk, ssk, sig, nh, sigName, kem, aead] of table) {
    it(`suite ${id} sizes and ids`, () => {
      const i = cipherSuiteInfo(id)!;
      expect([i.hpkePublicKeySize, i.hpkePrivateKeySize, i.kemOutputSize]).toEqual([hpk, hsk, hpk]);
      expect([i.signaturePublicKeySize, i.signaturePrivateKeySize, i.maxSignatureSize]).toEqual([
        spk,
        ssk,
        sig,
      ]);
      expect(i.hashSize).toBe(nh);
      expect(i.signatureName).toBe(sigName);
      expect(i.signatureEncoding).toBe(sigName.startsWith("ecdsa") ? "der" : "eddsa");
      expect(i.kemId).toBe(kem);
      expect(i.aeadId).toBe(aead);
      expect(i.kdfId).toBe(nh === 32 ? 1 : nh === 48 ? 2 : 3);
      expect(i.kdfSize).toBe(nh);
      expect([i.aeadKeySize, i.aeadNonceSize, i.aeadTagSize]).toEqual([aead === 1 ? 16 : 32, 12, 16]);
      expect(i.securityLevel).toBe(id <= 3 ? 128 : 256);
      expect(i.name).toContain(`MLS_${i.securityLevel}_`);
    });
  }
});

describe("algorithm registries", () => {
  it("key every row by its own id, frozen", () => {
    for (const id of Object.values(KemId)) expect(KEMS[id].id).toBe(id);
    for (const id of Object.values(KdfId)) expect(KDFS[id].id).toBe(id);
    for (const id of Object.values(AeadId)) expect(AEADS[id].id).toBe(id);
    for (const [name, scheme] of Object.entries(SignatureScheme)) {
      expect(SIGNATURE_SCHEMES[name as keyof typeof SignatureScheme].scheme).toBe(scheme);
    }
    for (const table of [
      KemId,
      KdfId,
      AeadId,
      SignatureScheme,
      KEMS,
      KDFS,
      AEADS,
      SIGNATURE_SCHEMES,
      HASH_NAMES,
    ]) {
      expect(Object.isFrozen(table)).toBe(true);
    }
  });

  it("RFC 9180 §7.2: each KDF's Nh is its hash's output size", () => {
    for (const kdf of Object.values(KDFS)) expect(kdf.size).toBe(hashOutputSize(kdf.hash));
    expect(HASH_NAMES.map(hashOutputSize)).toEqual([32, 48, 64]);
  });

  it("every suite row carries the sizes of the algorithm rows it names", () => {
    for (const s of CIPHER_SUITES) {
      const kem = KEMS[s.kemId];
      expect([s.hpkePublicKeySize, s.hpkePrivateKeySize, s.kemOutputSize]).toEqual([
        kem.publicKeySize,
        kem.privateKeySize,
        kem.encapsulationSize,
      ]);
      expect(s.kdfSize).toBe(KDFS[s.kdfId].size);
      expect(s.aeadKeySize).toBe(AEADS[s.aeadId].keySize);
      const sig = SIGNATURE_SCHEMES[s.signatureName];
      expect([s.signatureScheme, s.signaturePublicKeySize, s.maxSignatureSize]).toEqual([
        sig.scheme,
        sig.publicKeySize,
        sig.maxSignatureSize,
      ]);
    }
  });
});
