import { describe, expect, it } from "vitest";
import {
  AEADS,
  AeadId,
  CIPHER_SUITES,
  CipherSuite,
  cipherSuiteCodePoints,
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
  it("holds the seven RFC 9420 §17.1 suites by name, frozen, without a provisional mark", () => {
    expect(Object.values(CipherSuite).slice(0, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const id of [1, 2, 3, 4, 5, 6, 7]) expect(cipherSuiteInfo(id)?.provisional).toBeUndefined();
    expect(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519).toBe(1);
    expect(CipherSuite.MLS_256_DHKEMP384_AES256GCM_SHA384_P384).toBe(7);
    expect(Object.isFrozen(CipherSuite)).toBe(true);
    expect(Object.isFrozen(CIPHER_SUITES)).toBe(true);
    for (const row of CIPHER_SUITES) expect(Object.isFrozen(row)).toBe(true);
  });

  it("names every row after its registry key", () => {
    for (const [name, id] of Object.entries(CipherSuite)) expect(cipherSuiteInfo(id)?.name).toBe(name);
  });

  it("lists rows ascending by id, one per code point", () => {
    const ids = CIPHER_SUITES.map((s) => s.id);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  });

  it("a name maps to one definition; a definition may carry several code points", () => {
    const definition = (s: (typeof CIPHER_SUITES)[number]) => {
      const { id: _id, provisional: _p, ...rest } = s;
      return JSON.stringify(rest);
    };
    for (const s of CIPHER_SUITES) {
      const codePoints = cipherSuiteCodePoints(s.name);
      expect(codePoints).toContain(s.id);
      expect(codePoints[0]).toBe(CipherSuite[s.name as keyof typeof CipherSuite]);
      for (const other of codePoints) expect(definition(cipherSuiteInfo(other)!)).toBe(definition(s));
    }
    expect(cipherSuiteCodePoints("MLS_256_MLKEM1024_AES256GCM_SHA512_MLDSA87")).toEqual([0x0906, 0xf00f]);
    expect(cipherSuiteCodePoints("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519")).toEqual([1]);
    expect(cipherSuiteCodePoints("nope")).toEqual([]);
  });

  it("marks every post-quantum row provisional with its source", () => {
    const pq = CIPHER_SUITES.filter((s) => s.id > 7);
    expect(pq.map((s) => s.id)).toEqual([
      0x0042, 0x004d, 0x004e, 0x004f, 0x0050, 0x0051, 0x0052, 0x0906, 0x0907, 0xf007, 0xf008, 0xf009, 0xf00a,
      0xf00b, 0xf00c, 0xf00d, 0xf00e, 0xf00f, 0xf010, 0xf011, 0xf012, 0xf042,
    ]);
    for (const s of pq) {
      expect(s.provisional?.source).toMatch(/^(OpenMLS|ts-mls 2\.0)/);
      expect(KEMS[s.kemId].kind).toBe("pq");
    }
    // X-Wing suites say which HPKE KEM id peers put in the HPKE suite id.
    for (const s of pq.filter(
      (r) => r.kemId === KemId.X_WING && r.provisional?.source.startsWith("OpenMLS"),
    )) {
      expect(s.provisional?.note).toContain("0x647a");
    }
  });

  // draft-ietf-mls-pq-ciphersuites §IANA (KEM, KDF, AEAD, hash, signature), OpenMLS's code points.
  const pqTable: [number, number, number, number, string, string][] = [
    [0x004f, 0x647a, 1, 1, "SHA-256", "ed25519"], // TBD1
    [0x004e, 0x647a, 2, 2, "SHA-384", "ed25519"], // TBD2
    [0xf042, 0x0041, 2, 2, "SHA-384", "ed25519"], // TBD6
    [0x0050, 0x0041, 2, 2, "SHA-384", "ecdsa_secp256r1_sha256"], // TBD7
    [0x0042, 0x0042, 2, 2, "SHA-384", "ecdsa_secp384r1_sha384"], // TBD8
    [0x0052, 0x647a, 2, 3, "SHA-384", "mldsa44"], // TBD9
    [0x0051, 0x0041, 2, 2, "SHA-384", "mldsa65"], // TBD10
    [0x0907, 0x0042, 2, 2, "SHA-384", "mldsa87"], // TBD11
  ];
  for (const [id, kem, kdf, aead, hash, sig] of pqTable) {
    it(`provisional suite 0x${id.toString(16).padStart(4, "0")} matches the draft's definition`, () => {
      const s = cipherSuiteInfo(id)!;
      expect([s.kemId, s.kdfId, s.aeadId, s.hashName, s.signatureName]).toEqual([kem, kdf, aead, hash, sig]);
    });
  }

  it("post-quantum sizes: ML-KEM (FIPS 203), X-Wing, ML-DSA (FIPS 204)", () => {
    const sizes = (id: number) => {
      const s = cipherSuiteInfo(id)!;
      return [
        s.hpkePublicKeySize,
        s.hpkePrivateKeySize,
        s.kemOutputSize,
        s.signaturePublicKeySize,
        s.maxSignatureSize,
      ];
    };
    expect(sizes(0x004f)).toEqual([1216, 32, 1120, 32, 64]);
    expect(sizes(0x0051)).toEqual([1184, 64, 1088, 1952, 3309]);
    expect(sizes(0x0052)).toEqual([1216, 32, 1120, 1312, 2420]);
    expect(sizes(0x0906)).toEqual([1568, 64, 1568, 2592, 4627]);
    expect(sizes(0xf007)).toEqual([800, 64, 768, 32, 64]);
    expect(cipherSuiteInfo(0xf007)!.aeadId).toBe(2); // as ts-mls computes it
    expect(cipherSuiteInfo(0xf009)!.kdfSize).toBe(64); // HKDF-SHA512 with a SHA-384 hash
    expect(cipherSuiteInfo(0xf009)!.hashSize).toBe(48);
    expect(cipherSuiteInfo(0x0051)!.signatureEncoding).toBe("mldsa");
  });

  it("returns undefined for reserved, unknown, GREASE and private-use ids", () => {
    for (const id of [0, 8, 0x0a0a, 0xeaea, 0xf000, 0xf013, 0xffff, -1, 1.5, Number.NaN]) {
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
      expect(s.kdfHashName).toBe(KDFS[s.kdfId].hash);
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
