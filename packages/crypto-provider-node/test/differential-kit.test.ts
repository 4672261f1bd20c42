/**
 * @module differential-kit.test
 * The differential kit of `@mlskit/crypto-provider/testing` can fail: run against a provider with
 * one planted fault per test (a hash off by one bit, an HPKE seal that another provider cannot
 * open, a signature no other provider accepts, an AEAD ciphertext off by one bit), exactly the test covering the fault fails.
 */
import type { CipherSuiteImpl, CryptoProvider } from "@mlskit/crypto-provider";
import { type ConformanceTestApi, runCryptoProviderDifferential } from "@mlskit/crypto-provider/testing";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { it, expect as vitestExpect } from "vitest";
import { createNodeCryptoProvider } from "../src/index.js";

type Fault = "hash" | "seal" | "sign" | "aead";

/** A call whose result passes through `spoil`. */
function spoiled<A extends unknown[], R>(call: (...args: A) => Promise<R>, spoil: (r: R) => R) {
  return async (...args: A): Promise<R> => spoil(await call(...args));
}

/** A copy with one bit flipped, at `at` (negative: from the end). */
const flip =
  (at: number) =>
  (bytes: Uint8Array): Uint8Array => {
    const out = bytes.slice();
    out[(at + out.length) % out.length]! ^= 1;
    return out;
  };

function faulty(fault: Fault): CryptoProvider {
  const base = createNodeCryptoProvider({ name: `node with a ${fault} fault` });
  const wrap = (s: CipherSuiteImpl): CipherSuiteImpl => ({
    ...s,
    hash:
      fault === "hash" ? { size: s.hash.size, digest: spoiled(s.hash.digest.bind(s.hash), flip(0)) } : s.hash,
    hpke:
      fault === "seal"
        ? {
            ...s.hpke,
            seal: spoiled(s.hpke.seal.bind(s.hpke), (ct) => ({ ...ct, ciphertext: flip(0)(ct.ciphertext) })),
          }
        : s.hpke,
    aead: fault === "aead" ? { ...s.aead, seal: spoiled(s.aead.seal.bind(s.aead), flip(0)) } : s.aead,
    signature:
      fault === "sign"
        ? { ...s.signature, sign: spoiled(s.signature.sign.bind(s.signature), flip(-1)) }
        : s.signature,
  });
  return { ...base, getCipherSuite: async (id) => wrap(await base.getCipherSuite(id)) };
}

/** Run the kit for suite 1 and report which of its tests failed. */
async function failures(provider: CryptoProvider): Promise<string[]> {
  const tests: { name: string; fn: () => Promise<void> }[] = [];
  const api: ConformanceTestApi = {
    describe: (_name, fn) => fn(),
    it: (name, fn) => tests.push({ name, fn }),
    expect: (actual) => ({
      toBe: (expected) => {
        if (!Object.is(actual, expected)) throw new Error(`${String(actual)} !== ${String(expected)}`);
      },
      toEqual: (expected) => {
        if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error("not equal");
      },
    }),
  };
  runCryptoProviderDifferential(provider, nobleCryptoProvider, api, { cipherSuites: [1] });
  const failed: string[] = [];
  for (const t of tests) {
    try {
      await t.fn();
    } catch {
      failed.push(t.name.split(" ")[0]!);
    }
  }
  return failed;
}

it("passes a sound provider and fails exactly the test a planted fault breaks", async () => {
  vitestExpect(await failures(createNodeCryptoProvider())).toEqual([]);
  vitestExpect(await failures(faulty("hash"))).toEqual(["hash,"]);
  vitestExpect(await failures(faulty("seal"))).toEqual(["HPKE"]);
  vitestExpect(await failures(faulty("sign"))).toEqual(["signatures"]);
  vitestExpect(await failures(faulty("aead"))).toEqual(["AEAD"]);
});
