/**
 * @module webcrypto.browser.test
 * The webcrypto provider in real headless Chromium (the `browser` vitest project): the conformance
 * kit with the official crypto-basics vectors for suites 1–7 (as it comes, and with every fallback
 * forced), which algorithms Chromium has natively, key packages created and validated in the page
 * (across the webcrypto and noble providers), and the official welcome.json key packages.
 */
import { CIPHER_SUITES } from "@mlskit/crypto-provider";
import { runCryptoProviderConformance } from "@mlskit/crypto-provider/testing";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { describe, expect, it } from "vitest";
import { createWebCryptoProvider, detectNativeAlgorithms, OPTIONAL_ALGORITHMS } from "../src/index.js";
import { keyPackageAcross, welcomeVector } from "./cases.js";
import { aeadVectors, cryptoBasicsVectors, welcomeVectors } from "./vectors.browser.js";

const provider = createWebCryptoProvider();

describe("runs in a browser page", () => {
  it("has no Node globals, and a SubtleCrypto", () => {
    expect(typeof (globalThis as { process?: unknown }).process).toBe("undefined");
    expect(typeof globalThis.crypto.subtle.digest).toBe("function");
    // Every registry row, the post-quantum ones included (their parts fall back to noble in a page).
    expect(provider.supportedCipherSuites()).toEqual(CIPHER_SUITES.map((s) => s.id));
  });

  it("Ed25519 and X25519 are native in Chromium; every suite's parts follow the probes", async () => {
    const native = await detectNativeAlgorithms();
    expect(native.Ed25519 && native.X25519).toBe(true);
    for (const id of provider.supportedCipherSuites()) {
      const where = await provider.describeCipherSuite(id);
      expect([where.hash, where.kdf]).toEqual(["webcrypto", "webcrypto"]);
      if (id === 4 || id === 6) {
        expect(where.signature).toBe(native.Ed448 ? "webcrypto" : "fallback");
        expect(where.kem).toBe(native.X448 ? "webcrypto" : "fallback");
      }
      if (id === 3 || id === 6)
        expect(where.aead).toBe(native["ChaCha20-Poly1305"] ? "webcrypto" : "fallback");
    }
  });
});

runCryptoProviderConformance(
  provider,
  { describe, it, expect },
  { vectors: cryptoBasicsVectors, aeadVectors },
);

runCryptoProviderConformance(
  createWebCryptoProvider({ forceFallback: OPTIONAL_ALGORITHMS, name: "webcrypto (fallbacks forced)" }),
  { describe, it, expect },
  { vectors: cryptoBasicsVectors, aeadVectors, cipherSuites: [1, 3, 4, 6] },
);

describe("key packages in the browser", () => {
  for (const id of [1, 2, 3, 4, 5, 6, 7]) {
    it(`suite ${id}: created and validated with webcrypto, and across webcrypto and noble`, async () => {
      await keyPackageAcross(provider, provider, id, expect);
      await keyPackageAcross(provider, nobleCryptoProvider, id, expect);
      await keyPackageAcross(nobleCryptoProvider, provider, id, expect);
    });
  }
  for (const c of welcomeVectors) {
    it(`welcome.json suite ${c.cipher_suite}: validates, ref = new_member, init key opens the secrets`, async () => {
      await welcomeVector(provider, c, expect);
    });
  }
});
