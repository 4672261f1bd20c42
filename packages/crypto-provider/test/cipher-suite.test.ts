import { describe, expect, it } from "vitest";
import { CIPHER_SUITES, CipherSuite, cipherSuiteInfo, GREASE_VALUES, isGrease } from "../src/index.js";

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
      expect(i.securityLevel).toBe(id <= 3 ? 128 : 256);
      expect(i.name).toContain(`MLS_${i.securityLevel}_`);
    });
  }
});

describe("GREASE (RFC 9420 §13.5)", () => {
  it("lists the 15 values 0x0A0A + 0x1010*i", () => {
    expect(GREASE_VALUES).toEqual([
      0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a, 0x9a9a, 0xaaaa, 0xbaba, 0xcaca,
      0xdada, 0xeaea,
    ]);
    expect(Object.isFrozen(GREASE_VALUES)).toBe(true);
  });
  it("isGrease holds exactly for those values over the whole uint16 range", () => {
    const set = new Set(GREASE_VALUES);
    const mismatches: number[] = [];
    for (let v = 0; v <= 0xffff; v++) if (isGrease(v) !== set.has(v)) mismatches.push(v);
    expect(mismatches).toEqual([]);
    expect(isGrease(0xfafa)).toBe(false);
    expect(isGrease(0x1a1a0)).toBe(false);
    expect(isGrease(2570.5)).toBe(false);
  });
});
