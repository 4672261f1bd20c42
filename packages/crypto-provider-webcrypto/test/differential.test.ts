/**
 * @module differential.test
 * Differential tests against the pure-JS noble provider (DESIGN.md "Testing"): the differential
 * kit of `@mlskit/crypto-provider/testing` (signatures verify across providers both ways, HPKE
 * ciphertexts open across providers both ways, hashes, HKDF and DeriveKeyPair agree byte for
 * byte), key packages made with one provider validate with the other with equal references, and
 * the hash/HKDF threshold between JS and SubtleCrypto. Run for the provider as it comes and with
 * every fallback forced.
 */
import { toHex } from "@mlskit/codec";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { runCryptoProviderDifferential } from "@mlskit/crypto-provider/testing";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { describe, expect, it } from "vitest";
import { type HashName, JS_HASH_MAX_BYTES, webCryptoHash, webCryptoKdf } from "../src/hash.js";
import { createWebCryptoProvider, OPTIONAL_ALGORITHMS } from "../src/index.js";
import { keyPackageAcross } from "./cases.js";

const noble = nobleCryptoProvider;
const variants: readonly { label: string; provider: CryptoProvider; suites: readonly number[] }[] = [
  { label: "webcrypto", provider: createWebCryptoProvider(), suites: [1, 2, 3, 4, 5, 6, 7] },
  {
    label: "webcrypto, fallbacks forced",
    provider: createWebCryptoProvider({ forceFallback: OPTIONAL_ALGORITHMS }),
    suites: [1, 3, 4, 6],
  },
];
for (const { label, provider, suites } of variants) {
  runCryptoProviderDifferential(provider, noble, { describe, it, expect }, { cipherSuites: suites });
  describe(`differential key packages: ${label} vs noble`, () => {
    for (const id of suites) {
      it(`suite ${id}: key packages made with one provider validate with the other, with equal refs`, async () => {
        await keyPackageAcross(provider, noble, id, expect);
        await keyPackageAcross(noble, provider, id, expect);
      });
    }
  });
}

/** SubtleCrypto with its HMAC and digest calls counted, to see which side of the threshold ran. */
function countingSubtle(): { subtle: SubtleCrypto; calls: { digest: number; sign: number } } {
  const real = globalThis.crypto.subtle;
  const calls = { digest: 0, sign: 0 };
  const subtle = {
    digest: (...a: Parameters<SubtleCrypto["digest"]>) => {
      calls.digest++;
      return real.digest(...a);
    },
    sign: (...a: Parameters<SubtleCrypto["sign"]>) => {
      calls.sign++;
      return real.sign(...a);
    },
    importKey: real.importKey.bind(real),
  } as unknown as SubtleCrypto;
  return { subtle, calls };
}

describe("differential: hash and HKDF on both sides of the JS / SubtleCrypto threshold vs noble", () => {
  const suiteOf: Record<HashName, number> = { "SHA-256": 1, "SHA-384": 7, "SHA-512": 4 };
  for (const [name, max] of Object.entries(JS_HASH_MAX_BYTES) as [HashName, number][]) {
    it(`${name}: digest, extract and expand agree byte for byte; small inputs stay in JS`, async () => {
      const ref = await noble.getCipherSuite(suiteOf[name]);
      const { subtle, calls } = countingSubtle();
      const hash = webCryptoHash(subtle, name);
      const kdf = webCryptoKdf(subtle, name);
      for (const n of [max - 1, max, max + 1, 2 * max + 3]) {
        const data = noble.randomBytes(n);
        const before = calls.digest;
        expect(toHex(await hash.digest(data))).toBe(toHex(await ref.hash.digest(data)));
        expect(calls.digest - before).toBe(n <= max ? 0 : 1);

        const salt = data.subarray(0, 7);
        const signs = calls.sign;
        const prk = await kdf.extract(salt, data);
        expect(toHex(prk)).toBe(toHex(await ref.kdf.extract(salt, data)));
        expect(calls.sign - signs).toBe(n <= max ? 0 : 1);
      }
      // Expand's HMAC message is T(i-1) ‖ info ‖ i: Nh + info.length + 1 bytes.
      const prk = noble.randomBytes(kdf.size);
      const edge = max - kdf.size - 1;
      for (const infoLength of [edge - 1, edge, edge + 1]) {
        const info = noble.randomBytes(infoLength);
        for (const len of [1, kdf.size, 3 * kdf.size + 5]) {
          const signs = calls.sign;
          expect(toHex(await kdf.expand(prk, info, len))).toBe(toHex(await ref.kdf.expand(prk, info, len)));
          expect(calls.sign - signs).toBe(infoLength <= edge ? 0 : Math.ceil(len / kdf.size));
        }
      }
    });
  }
});
