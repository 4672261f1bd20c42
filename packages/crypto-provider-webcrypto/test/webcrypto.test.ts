/**
 * @module webcrypto.test
 * Specifics of the webcrypto provider: key encodings and scalar handling, DER ECDSA checked by
 * node:crypto, the imported-key caches, the once-per-runtime probes, options, a runtime without
 * SubtleCrypto, and the native ChaCha20-Poly1305 AEAD against `@hpke/chacha20poly1305`.
 */
import { createCipheriv, createDecipheriv, createPublicKey, verify as nodeVerify } from "node:crypto";
import { Chacha20Poly1305 } from "@hpke/chacha20poly1305";
import { toHex } from "@mlskit/codec";
import { CryptoErrorCode, cipherSuiteInfo } from "@mlskit/crypto-provider";
import { ecdsaDerToRaw } from "@mlskit/crypto-provider/kit";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nativeChaCha20Poly1305 } from "../src/chacha20-poly1305.js";
import {
  createWebCryptoProvider,
  detectNativeAlgorithms,
  OPTIONAL_ALGORITHMS,
  type OptionalAlgorithm,
} from "../src/index.js";
import { nistCurve, normalizeScalar } from "../src/keys.js";

const provider = createWebCryptoProvider();
const subtle = globalThis.crypto.subtle;
const msg = new TextEncoder().encode("webcrypto specifics");

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return MlsError.is(e) ? e.code : e instanceof Error ? e.name : typeof e;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("key encodings", () => {
  it("the hard-coded group orders are those of P-256, P-384 and P-521", () => {
    for (const [name, curve] of [
      ["P-256", p256],
      ["P-384", p384],
      ["P-521", p521],
    ] as const) {
      const { order, size } = nistCurve(name);
      expect(order.length).toBe(size);
      expect(BigInt(`0x${toHex(order)}`)).toBe(curve.Point.CURVE().n);
    }
  });

  it("scalars: left-padded when short, rejected when 0, >= n, empty or too long", async () => {
    const curve = nistCurve("P-256");
    const n = curve.order;
    const nMinus1 = n.slice();
    nMinus1[31]! -= 1;
    expect(toHex(normalizeScalar(nMinus1, curve, "ECDSA"))).toBe(toHex(nMinus1));
    expect(toHex(normalizeScalar(new Uint8Array([1]), curve, "ECDSA"))).toBe(`${"00".repeat(31)}01`);
    const nPlus1 = n.slice();
    nPlus1[31]! += 1;
    for (const bad of [new Uint8Array(32), n, nPlus1, new Uint8Array(0), new Uint8Array(33).fill(1)]) {
      let code = "none";
      try {
        normalizeScalar(bad, curve, "ECDSA");
      } catch (e) {
        code = MlsError.is(e) ? e.code : "other";
      }
      expect(code).toBe(CryptoErrorCode.invalidPrivateKey);
    }
  });

  it("P-521: keys with their leading zero byte dropped (65 bytes) work for ECDSA and HPKE", async () => {
    const suite = await provider.getCipherSuite(5);
    let kp = await suite.signature.generateKeyPair();
    while (kp.privateKey[0] !== 0) kp = await suite.signature.generateKeyPair();
    const sig = await suite.signature.sign(kp.privateKey.subarray(1), msg);
    expect(await suite.signature.verify(kp.publicKey, msg, sig)).toBe(true);
    let fill = 0;
    let hkp = await suite.hpke.deriveKeyPair(new Uint8Array(66).fill(fill));
    while (hkp.privateKey[0] !== 0) hkp = await suite.hpke.deriveKeyPair(new Uint8Array(66).fill(++fill));
    const ct = await suite.hpke.seal(hkp.publicKey, msg, msg, msg);
    const back = await suite.hpke.open(hkp.privateKey.subarray(1), ct.kemOutput, msg, msg, ct.ciphertext);
    expect(toHex(back)).toBe(toHex(msg));
  });

  it("ECDSA signatures are DER that node:crypto verifies; keys are SEC1 uncompressed", async () => {
    for (const [id, crv, hash] of [
      [2, "P-256", "sha256"],
      [7, "P-384", "sha384"],
      [5, "P-521", "sha512"],
    ] as const) {
      const suite = await provider.getCipherSuite(id);
      const size = nistCurve(crv).size;
      const kp = await suite.signature.generateKeyPair();
      expect(kp.publicKey[0]).toBe(0x04);
      const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
      const key = createPublicKey({
        key: {
          kty: "EC",
          crv,
          x: b64(kp.publicKey.subarray(1, 1 + size)),
          y: b64(kp.publicKey.subarray(1 + size)),
        },
        format: "jwk",
      });
      for (let i = 0; i < 4; i++) {
        const sig = await suite.signature.sign(kp.privateKey, msg);
        expect(sig[0]).toBe(0x30);
        expect(sig.length).toBeLessThanOrEqual(cipherSuiteInfo(id)!.maxSignatureSize);
        expect(nodeVerify(hash, msg, { key, dsaEncoding: "der" }, sig)).toBe(true);
        // Raw r‖s (what WebCrypto itself speaks) is not a valid wire signature.
        const raw = ecdsaDerToRaw(sig, size);
        expect(await suite.signature.verify(kp.publicKey, msg, raw)).toBe(false);
      }
    }
  });

  it("no CryptoKey crosses the interface: keys, signatures and ciphertexts are Uint8Arrays", async () => {
    for (const id of provider.supportedCipherSuites()) {
      const suite = await provider.getCipherSuite(id);
      const s = await suite.signature.generateKeyPair();
      const h = await suite.hpke.generateKeyPair();
      const ct = await suite.hpke.seal(h.publicKey, msg, msg, msg);
      for (const v of [s.publicKey, s.privateKey, h.publicKey, h.privateKey, ct.kemOutput, ct.ciphertext]) {
        expect(Object.getPrototypeOf(v)).toBe(Uint8Array.prototype);
      }
      expect(Object.getPrototypeOf(await suite.signature.sign(s.privateKey, msg))).toBe(Uint8Array.prototype);
    }
  });
});

describe("imported-key caches", () => {
  for (const id of [1, 2, 4, 5]) {
    it(`suite ${id}: a signer's key is imported once, re-imported when its bytes change`, async () => {
      const suite = await provider.getCipherSuite(id);
      const kp = await nobleCryptoProvider.getCipherSuite(id).then((s) => s.signature.generateKeyPair());
      const other = await nobleCryptoProvider.getCipherSuite(id).then((s) => s.signature.generateKeyPair());
      const importKey = vi.spyOn(subtle, "importKey");
      const privateKey = kp.privateKey.slice();
      for (let i = 0; i < 5; i++) await suite.signature.sign(privateKey, msg);
      const pkcs8Imports = () => importKey.mock.calls.filter((c) => c[0] === "pkcs8").length;
      const expected = (await provider.describeCipherSuite(id)).signature === "webcrypto" ? 1 : 0;
      expect(pkcs8Imports()).toBe(expected);
      // Same bytes in another array: one more import; the first array still hits.
      await suite.signature.sign(kp.privateKey.slice(), msg);
      await suite.signature.sign(privateKey, msg);
      expect(pkcs8Imports()).toBe(2 * expected);
      // Changed in place: the cache notices and signs with the new key.
      privateKey.set(other.privateKey);
      const sig = await suite.signature.sign(privateKey, msg);
      expect(await suite.signature.verify(other.publicKey, msg, sig)).toBe(true);
      expect(await suite.signature.verify(kp.publicKey, msg, sig)).toBe(false);
      expect(pkcs8Imports()).toBe(3 * expected);
    });
  }

  it("an invalid ECDSA key is rejected every time, never cached", async () => {
    const suite = await provider.getCipherSuite(2);
    const zero = new Uint8Array(32);
    for (let i = 0; i < 3; i++) {
      expect(await codeOf(suite.signature.sign(zero, msg))).toBe(CryptoErrorCode.invalidPrivateKey);
    }
    const kp = await suite.signature.generateKeyPair();
    zero.set(kp.privateKey);
    expect(await suite.signature.verify(kp.publicKey, msg, await suite.signature.sign(zero, msg))).toBe(true);
  });

  it("a verifier's public key is imported once for repeated verifications", async () => {
    const suite = await provider.getCipherSuite(2);
    const kp = await suite.signature.generateKeyPair();
    const sig = await suite.signature.sign(kp.privateKey, msg);
    const importKey = vi.spyOn(subtle, "importKey");
    for (let i = 0; i < 5; i++)
      expect(await suite.signature.verify(kp.publicKey.slice(), msg, sig)).toBe(true);
    expect(importKey.mock.calls.filter((c) => c[0] === "raw").length).toBe(1);
  });
});

describe("probes and options", () => {
  it("Ed25519 and X25519 are native on Node ≥ 20.19; describeCipherSuite follows the probes", async () => {
    const native = await detectNativeAlgorithms();
    expect(Object.keys(native)).toEqual([...OPTIONAL_ALGORITHMS]);
    expect(native.Ed25519 && native.X25519).toBe(true);
    const where = (alg: OptionalAlgorithm) => (native[alg] ? "webcrypto" : "fallback");
    expect(await provider.describeCipherSuite(1)).toEqual({
      id: 1,
      hash: "webcrypto",
      kdf: "webcrypto",
      kem: "webcrypto",
      aead: "webcrypto",
      signature: "webcrypto",
    });
    expect((await provider.describeCipherSuite(3)).aead).toBe(where("ChaCha20-Poly1305"));
    expect((await provider.describeCipherSuite(4)).signature).toBe(where("Ed448"));
    expect((await provider.describeCipherSuite(6)).kem).toBe(where("X448"));
    for (const id of [2, 5, 7]) {
      expect(Object.values(await provider.describeCipherSuite(id)).filter((v) => v === "fallback")).toEqual(
        [],
      );
    }
  });

  it("the suite is decided once: building it again in a new provider makes no SubtleCrypto call", async () => {
    await createWebCryptoProvider().getCipherSuite(6);
    const spies = (["importKey", "sign", "deriveBits", "encrypt", "generateKey"] as const).map((m) =>
      vi.spyOn(subtle, m),
    );
    const fresh = createWebCryptoProvider();
    await fresh.getCipherSuite(6);
    await fresh.getCipherSuite(6);
    expect(spies.map((s) => s.mock.calls.length)).toEqual([0, 0, 0, 0, 0]);
  });

  it("forceFallback moves the optional algorithms to the pure-JS code", async () => {
    const p = createWebCryptoProvider({ forceFallback: ["Ed25519", "X448"], name: "forced" });
    expect(p.name).toBe("forced");
    expect((await p.describeCipherSuite(1)).signature).toBe("fallback");
    expect((await p.describeCipherSuite(1)).kem).toBe("webcrypto");
    expect((await p.describeCipherSuite(4)).kem).toBe("fallback");
    const all = createWebCryptoProvider({ forceFallback: OPTIONAL_ALGORITHMS });
    expect(await all.describeCipherSuite(6)).toMatchObject({
      kem: "fallback",
      aead: "fallback",
      signature: "fallback",
    });
  });

  it("malformed options are TypeError / RangeError; unknown suites reject with UNSUPPORTED_CIPHER_SUITE", async () => {
    expect(() => createWebCryptoProvider(null as never)).toThrow(TypeError);
    expect(() => createWebCryptoProvider({ forceFallback: "Ed448" as never })).toThrow(TypeError);
    const unknown = () => createWebCryptoProvider({ forceFallback: ["Ed999" as OptionalAlgorithm] });
    expect(unknown).toThrow(RangeError);
    // The message lists OPTIONAL_ALGORITHMS, in order: the eleven the README's table names.
    expect(unknown).toThrow(
      '"forceFallback" expected entries of Ed25519, Ed448, X25519, X448, ChaCha20-Poly1305, ML-DSA-44, ML-DSA-65, ML-DSA-87, ML-KEM-512, ML-KEM-768, ML-KEM-1024, got Ed999',
    );
    expect(() => createWebCryptoProvider({ name: 1 as never })).toThrow(TypeError);
    expect(await codeOf(provider.getCipherSuite("1" as never))).toBe("TypeError");
    expect(await codeOf(provider.describeCipherSuite(0x0a0a))).toBe(CryptoErrorCode.unsupportedCipherSuite);
  });

  it("without SubtleCrypto (an insecure browser context) no suite is supported", async () => {
    vi.stubGlobal("crypto", { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
    const p = createWebCryptoProvider();
    expect(p.supportedCipherSuites()).toEqual([]);
    expect(await codeOf(p.getCipherSuite(1))).toBe(CryptoErrorCode.unsupportedCipherSuite);
  });
});

describe("native ChaCha20-Poly1305 AEAD", () => {
  // A SubtleCrypto stand-in with RFC 8439 ChaCha20-Poly1305 from node:crypto (Node 20 has it in
  // node:crypto but not in Web Crypto), to check the adapter byte for byte against @hpke's.
  const keys = new WeakMap<object, Uint8Array>();
  const fake = {
    async importKey(_f: string, raw: Uint8Array) {
      const k = {};
      keys.set(k, raw.slice());
      return k;
    },
    async encrypt(p: { iv: Uint8Array; additionalData: Uint8Array }, k: object, data: Uint8Array) {
      const c = createCipheriv("chacha20-poly1305", keys.get(k)!, p.iv, { authTagLength: 16 });
      c.setAAD(p.additionalData);
      return new Uint8Array(Buffer.concat([c.update(data), c.final(), c.getAuthTag()])).buffer;
    },
    async decrypt(p: { iv: Uint8Array; additionalData: Uint8Array }, k: object, data: Uint8Array) {
      const d = createDecipheriv("chacha20-poly1305", keys.get(k)!, p.iv, { authTagLength: 16 });
      d.setAAD(p.additionalData);
      d.setAuthTag(data.subarray(data.length - 16));
      return new Uint8Array(Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()])).buffer;
    },
  } as unknown as SubtleCrypto;

  it("seals like @hpke/chacha20poly1305 and opens its output; tampering fails", async () => {
    const aead = nativeChaCha20Poly1305(fake);
    const reference = new Chacha20Poly1305();
    expect([aead.id, aead.keySize, aead.nonceSize, aead.tagSize]).toEqual([
      reference.id,
      reference.keySize,
      reference.nonceSize,
      reference.tagSize,
    ]);
    const key = nobleCryptoProvider.randomBytes(32);
    const iv = nobleCryptoProvider.randomBytes(12);
    const ours = aead.createEncryptionContext(key.slice());
    const theirs = reference.createEncryptionContext(key.slice());
    for (const n of [0, 1, 64, 1000]) {
      const pt = nobleCryptoProvider.randomBytes(n);
      const ct = new Uint8Array(await ours.seal(iv, pt, msg));
      expect(toHex(ct)).toBe(toHex(new Uint8Array(await theirs.seal(iv, pt, msg))));
      expect(toHex(new Uint8Array(await ours.open(iv, ct, msg)))).toBe(toHex(pt));
      ct[0]! ^= 1;
      expect(await codeOf(ours.open(iv, ct, msg))).not.toBe("resolved");
    }
  });
});
