/**
 * @module conformance.test
 * Runs the `@mlskit/crypto-provider/testing` conformance kit with the official crypto-basics
 * vectors against the webcrypto provider twice: as it comes (native wherever the runtime allows),
 * and with every optional algorithm forced onto its pure-JS fallback, so both paths are covered on
 * any runtime.
 */
import { runCryptoProviderConformance } from "@mlskit/crypto-provider/testing";
import { providerConformanceVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import { createWebCryptoProvider, OPTIONAL_ALGORITHMS } from "../src/index.js";

const { vectors, aeadVectors, hpkeVectors } = providerConformanceVectors();

runCryptoProviderConformance(
  createWebCryptoProvider(),
  { describe, it, expect },
  { vectors, aeadVectors, hpkeVectors },
);

// Only suites 1, 3, 4 and 6 have an optional algorithm (Ed25519/X25519, ChaCha20-Poly1305, Ed448/X448).
runCryptoProviderConformance(
  createWebCryptoProvider({ forceFallback: OPTIONAL_ALGORITHMS, name: "webcrypto (fallbacks forced)" }),
  { describe, it, expect },
  { vectors, aeadVectors, cipherSuites: [1, 3, 4, 6] },
);
