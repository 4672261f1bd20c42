/**
 * @module create-batch.test
 * `createKeyPackages` against one-by-one `createKeyPackage`: same shape, order by index even when
 * creations finish out of order, every package valid with its own keys, a bounded number of
 * creations under way, and a failure that rejects the batch and starts no further creations.
 */
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import type { CipherSuiteImpl, CryptoProvider, KeyPair } from "@mlskit/crypto-provider";
import { describe, expect, it } from "vitest";
import {
  createKeyPackage,
  createKeyPackages,
  encodeKeyPackage,
  type KeyPackageBundle,
  keyPackageRef,
  validateKeyPackage,
} from "../src/index.js";
import { NOW, provider, signatureKeyPairFor } from "./helpers.js";

/**
 * The noble provider with an HPKE key generation that numbers its calls, finishes after a
 * pseudo-random delay (so creations complete out of order) and can be made to fail.
 */
function instrumented(failAt?: number) {
  const generated: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const wrap = async (suite: CipherSuiteImpl): Promise<CipherSuiteImpl> => ({
    ...suite,
    hpke: {
      ...suite.hpke,
      async generateKeyPair(): Promise<KeyPair> {
        const n = calls++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          const kp = await suite.hpke.generateKeyPair();
          generated[n] = toHex(kp.publicKey);
          // 0–3 macrotask turns, from the call number: later calls often finish first.
          for (let i = 0; i < (n * 7) % 4; i++) await new Promise((r) => setTimeout(r, 0));
          if (n === failAt) throw new Error("injected key generation failure");
          return kp;
        } finally {
          inFlight--;
        }
      },
    },
  });
  const p: CryptoProvider = {
    name: "instrumented",
    supportedCipherSuites: () => provider.supportedCipherSuites(),
    getCipherSuite: async (id) => wrap(await provider.getCipherSuite(id)),
    randomBytes: (n) => provider.randomBytes(n),
  };
  return {
    provider: p,
    generated,
    stats: () => ({ calls, maxInFlight }),
  };
}

/** The fields of a bundle that are the same for every package made with the same options. */
function shape(b: KeyPackageBundle) {
  const kp = b.keyPackage;
  const { encryptionKey, signature, ...leaf } = kp.leafNode;
  return {
    version: kp.version,
    cipherSuite: kp.cipherSuite,
    leaf,
    extensions: kp.extensions,
    sizes: [kp.initKey.length, encryptionKey.length, signature.length, kp.signature.length, b.ref.length],
    privateSizes: [b.initPrivateKey.length, b.encryptionPrivateKey.length],
  };
}

describe("createKeyPackages: a batch equals one-by-one creation", () => {
  it("same shape as createKeyPackage, in creation order, all valid, every key distinct", async () => {
    const signatureKeyPair = await signatureKeyPairFor(1);
    const count = 70; // more than the creations kept under way at once
    const { provider: p, generated, stats } = instrumented();
    const opts = {
      provider: p,
      cipherSuite: 1,
      credential: basicCredential("batch@example.com"),
      signatureKeyPair,
      now: NOW,
      grease: false,
      lastResort: true,
    };
    const batch = await createKeyPackages({ ...opts, count });
    const single = await createKeyPackage({ ...opts, provider });
    expect(batch.length).toBe(count);

    // Bundle i holds the keys of the i-th creation: its two key generations were calls 2i, 2i+1.
    batch.forEach((b, i) => {
      const mine = [generated[2 * i], generated[2 * i + 1]];
      expect(mine).toContain(toHex(b.keyPackage.initKey));
      expect(mine).toContain(toHex(b.keyPackage.leafNode.encryptionKey));
    });
    expect(stats().calls).toBe(2 * count);
    expect(stats().maxInFlight).toBeLessThanOrEqual(64);

    const keys = new Set<string>();
    for (const b of batch) {
      expect(shape(b)).toEqual(shape(single));
      const valid = await validateKeyPackage(b.keyPackage, { provider, now: NOW, expectedCipherSuite: 1 });
      expect(toHex(await keyPackageRef(valid, provider))).toBe(toHex(b.ref));
      for (const k of [b.keyPackage.initKey, b.keyPackage.leafNode.encryptionKey]) keys.add(toHex(k));
      for (const k of [b.initPrivateKey, b.encryptionPrivateKey]) keys.add(toHex(k));
    }
    expect(keys.size).toBe(4 * count);
    expect(new Set(batch.map((b) => toHex(encodeKeyPackage(b.keyPackage)))).size).toBe(count);
    expect(new Set(batch.map((b) => toHex(b.ref))).size).toBe(count);
  });

  it("a failing creation rejects the batch and no further creation starts", async () => {
    const signatureKeyPair = await signatureKeyPairFor(1);
    const { provider: p, stats } = instrumented(5);
    const batch = createKeyPackages({
      provider: p,
      cipherSuite: 1,
      credential: basicCredential("batch@example.com"),
      signatureKeyPair,
      now: NOW,
      count: 500,
    });
    await expect(batch).rejects.toThrow("injected key generation failure");
    // Creations already under way finish; none starts after the failure.
    await new Promise((r) => setTimeout(r, 50));
    expect(stats().calls).toBeLessThan(2 * 100);
  });
});
