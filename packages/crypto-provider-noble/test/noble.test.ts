import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { fromHex, toHex, Writer } from "@mlskit/codec";
import { CIPHER_SUITES, CryptoErrorCode } from "@mlskit/crypto-provider";
import { clampXKey, ecdsaDerToRaw, ecdsaRawToDer } from "@mlskit/crypto-provider/kit";
import { MlsError } from "@mlskit/errors";
import { type CryptoBasicsCase, loadVectors } from "@mlskit/test-vectors";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { describe, expect, it } from "vitest";
import { nobleCryptoProvider as provider } from "../src/index.js";

const vectors = loadVectors<CryptoBasicsCase[]>("crypto-basics.json");
const vector = (id: number) => vectors.find((v) => v.cipher_suite === id)!;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return MlsError.is(e) ? e.code : (e as Error).name;
  }
}

const ORDERS: Record<number, { n: bigint; size: number; crv: string; hash: string }> = {
  2: { n: p256.Point.Fn.ORDER, size: 32, crv: "P-256", hash: "sha256" },
  7: { n: p384.Point.Fn.ORDER, size: 48, crv: "P-384", hash: "sha384" },
  5: { n: p521.Point.Fn.ORDER, size: 66, crv: "P-521", hash: "sha512" },
};
/** `struct { opaque a<V>; opaque b<V>; }`, the shape of SignContent and EncryptContext. */
function twoVectors(a: Uint8Array, b: Uint8Array): Uint8Array {
  const w = new Writer();
  w.withLength(() => w.bytes(a));
  w.withLength(() => w.bytes(b));
  return w.finish();
}
const big = (b: Uint8Array) => BigInt(`0x${toHex(b) || "0"}`);
const bytes = (n: bigint, size: number) => fromHex(n.toString(16).padStart(2 * size, "0"));
const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");

describe("provider object", () => {
  it("caches one frozen impl per suite", async () => {
    for (const id of provider.supportedCipherSuites()) {
      const a = await provider.getCipherSuite(id);
      expect(await provider.getCipherSuite(id)).toBe(a);
      expect(Object.isFrozen(a)).toBe(true);
    }
    // Every registry row, post-quantum ones included.
    expect(provider.supportedCipherSuites()).toEqual(CIPHER_SUITES.map((s) => s.id));
  });
  it("rejects non-numbers with TypeError and odd numbers as unsupported", async () => {
    expect(await codeOf(provider.getCipherSuite("1" as unknown as number))).toBe("TypeError");
    for (const id of [1.5, -1, 8, 0x1a1a]) {
      expect(await codeOf(provider.getCipherSuite(id))).toBe(CryptoErrorCode.unsupportedCipherSuite);
    }
  });
  it("randomBytes checks n and fills beyond the 65536-byte getRandomValues limit", () => {
    const r = provider.randomBytes(200_000);
    expect(r.length).toBe(200_000);
    expect(r.subarray(150_000, 150_064).some((x) => x !== 0)).toBe(true);
    expect(() => provider.randomBytes(-1)).toThrow(RangeError);
    expect(() => provider.randomBytes("8" as unknown as number)).toThrow(TypeError);
  });
});

describe("ECDSA (suites 2, 5, 7)", () => {
  for (const id of [2, 5, 7]) {
    const { n, size, crv, hash } = ORDERS[id]!;
    it(`suite ${id}: accepts high-S signatures and produces low-S DER`, async () => {
      const suite = await provider.getCipherSuite(id);
      const kp = await suite.signature.generateKeyPair();
      const msg = new Uint8Array([1, 2, 3]);
      const sig = await suite.signature.sign(kp.privateKey, msg);
      const raw = ecdsaDerToRaw(sig, size);
      const s = big(raw.subarray(size));
      expect(s <= n / 2n).toBe(true);
      const high = ecdsaRawToDer(new Uint8Array([...raw.subarray(0, size), ...bytes(n - s, size)]));
      expect(await suite.signature.verify(kp.publicKey, msg, high)).toBe(true);
    });

    it(`suite ${id}: interoperates with node:crypto in both directions`, async () => {
      const suite = await provider.getCipherSuite(id);
      const kp = await suite.signature.generateKeyPair();
      const jwk = {
        kty: "EC",
        crv,
        x: b64u(kp.publicKey.subarray(1, 1 + size)),
        y: b64u(kp.publicKey.subarray(1 + size)),
        d: b64u(kp.privateKey),
      };
      const priv = createPrivateKey({ key: jwk, format: "jwk" });
      const pub = createPublicKey(priv);
      const msg = new TextEncoder().encode("interop");
      const ours = await suite.signature.sign(kp.privateKey, msg);
      expect(nodeVerify(hash, msg, { key: pub, dsaEncoding: "der" }, ours)).toBe(true);
      for (let i = 0; i < 4; i++) {
        const theirs = new Uint8Array(nodeSign(hash, msg, { key: priv, dsaEncoding: "der" }));
        expect(await suite.signature.verify(kp.publicKey, msg, theirs)).toBe(true);
      }
    });

    it(`suite ${id}: accepts short big-endian scalars (left-pads) for signing and HPKE`, async () => {
      const suite = await provider.getCipherSuite(id);
      let kp = await suite.signature.generateKeyPair();
      // P-521 scalars start with 0x00 about half the time; force a leading zero for the others.
      if (id !== 5) {
        const short = crypto.getRandomValues(new Uint8Array(size - 1));
        const padded = new Uint8Array([0, ...short]);
        const a = await suite.signature.sign(short, new Uint8Array([9]));
        const b = await suite.signature.sign(padded, new Uint8Array([9]));
        expect(toHex(a)).toBe(toHex(b)); // RFC 6979: same key, same message, same signature
      } else {
        while (kp.privateKey[0] !== 0) kp = await suite.signature.generateKeyPair();
        const sig = await suite.signature.sign(kp.privateKey.subarray(1), new Uint8Array([9]));
        expect(await suite.signature.verify(kp.publicKey, new Uint8Array([9]), sig)).toBe(true);
      }
      let hk = await suite.hpke.generateKeyPair();
      if (id === 5) while (hk.privateKey[0] !== 0) hk = await suite.hpke.generateKeyPair();
      const e = new Uint8Array(0);
      const ct = await suite.hpke.seal(hk.publicKey, e, e, new Uint8Array([5]));
      const key = id === 5 ? hk.privateKey.subarray(1) : hk.privateKey;
      expect(toHex(await suite.hpke.open(key, ct.kemOutput, e, e, ct.ciphertext))).toBe("05");
    });

    it(`suite ${id}: zero or out-of-range scalars and off-curve points are CryptoErrors without key bytes`, async () => {
      const suite = await provider.getCipherSuite(id);
      const e = new Uint8Array(0);
      const tooBig = bytes(n, size);
      for (const sk of [new Uint8Array(size), tooBig]) {
        expect(await codeOf(suite.signature.sign(sk, e))).toBe(CryptoErrorCode.invalidPrivateKey);
        expect(
          await codeOf(suite.hpke.open(sk, new Uint8Array(1 + 2 * size), e, e, new Uint8Array(16))),
        ).toBe(CryptoErrorCode.invalidPrivateKey);
      }
      try {
        await suite.signature.sign(tooBig, e);
      } catch (err) {
        expect((err as Error).message).not.toContain(toHex(tooBig).slice(0, 16));
      }
      const offCurve = new Uint8Array(1 + 2 * size).fill(0xff);
      offCurve[0] = 4;
      expect(await codeOf(suite.hpke.seal(offCurve, e, e, e))).toBe(CryptoErrorCode.invalidPublicKey);
      // Compressed keys are not the RFC 9420 encoding.
      const kp = await suite.signature.generateKeyPair();
      const sig = await suite.signature.sign(kp.privateKey, e);
      const compressed = new Uint8Array([
        2 + (kp.publicKey[kp.publicKey.length - 1]! & 1),
        ...kp.publicKey.subarray(1, 1 + size),
      ]);
      expect(await suite.signature.verify(compressed, e, sig)).toBe(false);
    });
  }
});

describe("EdDSA (suites 1, 4)", () => {
  for (const [id, crv] of [
    [1, "Ed25519"],
    [4, "Ed448"],
  ] as const) {
    it(`suite ${id}: signatures match the vector (deterministic) and node:crypto`, async () => {
      const suite = await provider.getCipherSuite(id);
      const v = vector(id).sign_with_label;
      // SignContent for the vector, built by hand: label<V> ‖ content<V>.
      const label = new TextEncoder().encode(`MLS 1.0 ${v.label}`);
      const content = fromHex(v.content);
      const signContent = twoVectors(label, content);
      expect(toHex(await suite.signature.sign(fromHex(v.priv), signContent))).toBe(v.signature);
      const jwk = { kty: "OKP", crv, x: b64u(fromHex(v.pub)), d: b64u(fromHex(v.priv)) };
      const priv = createPrivateKey({ key: jwk, format: "jwk" });
      expect(toHex(new Uint8Array(nodeSign(null, signContent, priv)))).toBe(v.signature);
      expect(nodeVerify(null, signContent, createPublicKey(priv), fromHex(v.signature))).toBe(true);
    });
  }
});

describe("X25519 / X448 private keys (suites 1, 4)", () => {
  for (const id of [1, 4]) {
    it(`suite ${id}: clamped and unclamped forms of the vector key both decrypt`, async () => {
      const suite = await provider.getCipherSuite(id);
      const v = vector(id).encrypt_with_label;
      const priv = fromHex(v.priv);
      // RFC 7748 §5 (the bits themselves are checked below and in the kit's own tests).
      const clamped = clampXKey(priv, priv.length);
      const label = new TextEncoder().encode(`MLS 1.0 ${v.label}`);
      const ctx = fromHex(v.context);
      const info = twoVectors(label, ctx);
      for (const sk of [priv, clamped]) {
        const pt = await suite.hpke.open(
          sk,
          fromHex(v.kem_output),
          info,
          new Uint8Array(0),
          fromHex(v.ciphertext),
        );
        expect(toHex(pt)).toBe(v.plaintext);
      }
      expect(toHex(priv)).toBe(v.priv); // the caller's key is not modified
    });
    it(`suite ${id}: generated and derived private keys are clamped`, async () => {
      const suite = await provider.getCipherSuite(id);
      const kps = [
        await suite.hpke.generateKeyPair(),
        await suite.hpke.deriveKeyPair(new Uint8Array(64).fill(3)),
      ];
      for (const { privateKey: k } of kps) {
        if (id === 1) expect([k[0]! & 7, k[31]! & 0xc0]).toEqual([0, 0x40]);
        else expect([k[0]! & 3, k[55]! & 0x80]).toEqual([0, 0x80]);
      }
    });
  }
});

describe("hash and KDF", () => {
  it("reject a PRK shorter than Nh and lengths above 255*Nh with RangeError", async () => {
    const suite = await provider.getCipherSuite(1);
    await expect(suite.kdf.expand(new Uint8Array(16), new Uint8Array(0), 32)).rejects.toThrow(/"prk"/);
    await expect(suite.kdf.expand(new Uint8Array(32), new Uint8Array(0), 255 * 32 + 1)).rejects.toThrow(
      RangeError,
    );
    expect((await suite.kdf.expand(new Uint8Array(32), new Uint8Array(0), 0)).length).toBe(0);
  });
  it("SHA-256 of the empty string", async () => {
    const suite = await provider.getCipherSuite(1);
    expect(toHex(await suite.hash.digest(new Uint8Array(0)))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});
