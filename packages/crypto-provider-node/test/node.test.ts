/**
 * @module node.test
 * What is particular to the node:crypto provider: plain `Uint8Array` outputs (never `Buffer`),
 * its key caches (an overwritten key array signs with the new key; a wiped one fails), private
 * key range checks, RFC 9180 clamping of generated X25519/X448 keys, unsupported suites and
 * options, and that no key material shows through the provider object.
 */
import { inspect } from "node:util";
import { toHex } from "@mlskit/codec";
import { CryptoError } from "@mlskit/errors";
import { describe, expect, it } from "vitest";
import { createNodeCryptoProvider } from "../src/index.js";

const provider = createNodeCryptoProvider();
const msg = new TextEncoder().encode("node provider");

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof CryptoError ? e.code : `${(e as Error).name}`;
  }
  return undefined;
}

describe("node provider", () => {
  it("is named, and takes a name", () => {
    expect(provider.name).toBe("node");
    expect(createNodeCryptoProvider({ name: "server" }).name).toBe("server");
    expect(() => createNodeCryptoProvider(null as never)).toThrow(TypeError);
    expect(() => createNodeCryptoProvider({ name: 1 as never })).toThrow(TypeError);
  });

  it("rejects unknown and GREASE suites with UNSUPPORTED_CIPHER_SUITE, and caches built suites", async () => {
    for (const id of [0, 8, 0x0a0a, 0xffff]) {
      expect(await codeOf(provider.getCipherSuite(id))).toBe("UNSUPPORTED_CIPHER_SUITE");
    }
    expect(await provider.getCipherSuite(1)).toBe(await provider.getCipherSuite(1));
  });

  for (const id of [1, 2, 3, 4, 5, 6, 7]) {
    it(`suite ${id}: every output is a plain Uint8Array, not a Buffer`, async () => {
      const suite = await provider.getCipherSuite(id);
      const sig = await suite.signature.generateKeyPair();
      const kem = await suite.hpke.generateKeyPair();
      const outputs = [
        sig.publicKey,
        sig.privateKey,
        kem.publicKey,
        kem.privateKey,
        await suite.signature.sign(sig.privateKey, msg),
        await suite.hash.digest(msg),
        await suite.kdf.extract(new Uint8Array(0), msg),
        await suite.kdf.expand(new Uint8Array(suite.kdf.size), msg, 3),
        provider.randomBytes(8),
      ];
      for (const out of outputs) {
        expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
      }
    });
  }

  it("X25519 and X448 private keys come out clamped (RFC 9180 §7.1.2)", async () => {
    for (let i = 0; i < 16; i++) {
      const x25519 = (await (await provider.getCipherSuite(1)).hpke.generateKeyPair()).privateKey;
      expect([x25519[0]! & 7, x25519[31]! & 0xc0]).toEqual([0, 0x40]);
      const x448 = (await (await provider.getCipherSuite(4)).hpke.generateKeyPair()).privateKey;
      expect([x448[0]! & 3, x448[55]! & 0x80]).toEqual([0, 0x80]);
    }
  });

  for (const id of [1, 2]) {
    it(`suite ${id}: a key array overwritten in place signs with its new key; a wiped one does not sign`, async () => {
      const suite = await provider.getCipherSuite(id);
      const a = await suite.signature.generateKeyPair();
      const b = await suite.signature.generateKeyPair();
      const key = a.privateKey.slice();
      expect(await suite.signature.verify(a.publicKey, msg, await suite.signature.sign(key, msg))).toBe(true);
      key.set(b.privateKey);
      const byB = await suite.signature.sign(key, msg);
      expect(await suite.signature.verify(b.publicKey, msg, byB)).toBe(true);
      expect(await suite.signature.verify(a.publicKey, msg, byB)).toBe(false);
      key.fill(0);
      if (id === 2) expect(await codeOf(suite.signature.sign(key, msg))).toBe("INVALID_PRIVATE_KEY");
      else
        expect(await suite.signature.verify(b.publicKey, msg, await suite.signature.sign(key, msg))).toBe(
          false,
        );
    });
  }

  for (const [id, order] of [
    [2, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"],
    [7, "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"],
  ] as const) {
    it(`suite ${id}: ECDSA and HPKE private keys must be in 1..n-1`, async () => {
      const suite = await provider.getCipherSuite(id);
      const n = Uint8Array.from(Buffer.from(order, "hex"));
      const nMinus1 = n.slice();
      nMinus1[nMinus1.length - 1]! -= 1;
      const kp = await suite.hpke.generateKeyPair();
      const ct = await suite.hpke.seal(kp.publicKey, msg, msg, msg);
      for (const bad of [new Uint8Array(n.length), n, new Uint8Array(n.length).fill(0xff)]) {
        expect(await codeOf(suite.signature.sign(bad, msg))).toBe("INVALID_PRIVATE_KEY");
        expect(await codeOf(suite.hpke.open(bad, ct.kemOutput, msg, msg, ct.ciphertext))).toBe(
          "INVALID_PRIVATE_KEY",
        );
      }
      expect((await suite.signature.sign(nMinus1, msg)).length).toBeGreaterThan(8);
    });
  }

  it("suite 5: a P-521 scalar without its leading zero byte signs like the full one", async () => {
    const suite = await provider.getCipherSuite(5);
    let kp = await suite.signature.generateKeyPair();
    while (kp.privateKey[0] !== 0) kp = await suite.signature.generateKeyPair();
    const short = kp.privateKey.subarray(1).slice();
    expect(await suite.signature.verify(kp.publicKey, msg, await suite.signature.sign(short, msg))).toBe(
      true,
    );
  });

  it("verifies from many signers (beyond the public-key cache) and after eviction", async () => {
    const suite = await provider.getCipherSuite(1);
    const pairs = await Promise.all(Array.from({ length: 300 }, () => suite.signature.generateKeyPair()));
    const sigs = await Promise.all(pairs.map((p) => suite.signature.sign(p.privateKey, msg)));
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < pairs.length; i++) {
        expect(await suite.signature.verify(pairs[i]!.publicKey, msg, sigs[i]!)).toBe(true);
        expect(await suite.signature.verify(pairs[(i + 1) % 300]!.publicKey, msg, sigs[i]!)).toBe(false);
      }
    }
  });

  it("shows no key material through the provider or a suite", async () => {
    const suite = await provider.getCipherSuite(1);
    const kp = await suite.signature.generateKeyPair();
    await suite.signature.sign(kp.privateKey, msg);
    const shown = inspect(suite, { depth: 8, showHidden: true }) + JSON.stringify(suite) + inspect(provider);
    expect(shown.includes(toHex(kp.privateKey))).toBe(false);
    expect(shown.includes(Buffer.from(kp.privateKey).toString("base64url"))).toBe(false);
  });
});
