/**
 * @module conformance.test
 * The provider conformance kit of `@mlskit/crypto-provider/testing`, with the official
 * crypto-basics vectors, run against the wrapper: once with a suite policy (suites 1-3 only) and
 * once offering every suite of the inner provider.
 */

import { type CryptoBasicsVector, runCryptoProviderConformance } from "@mlskit/crypto-provider/testing";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { loadVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import { instrumentCryptoProvider } from "../src/index.js";

const vectors = loadVectors<CryptoBasicsVector[]>("crypto-basics.json");

runCryptoProviderConformance(
  instrumentCryptoProvider(createWebCryptoProvider(), { cipherSuites: [1, 2, 3], name: "suites 1-3" }),
  { describe, it, expect },
  { vectors },
);

runCryptoProviderConformance(
  instrumentCryptoProvider(createWebCryptoProvider()),
  { describe, it, expect },
  {
    vectors,
  },
);
