/**
 * @module conformance.test
 * Runs the `@mlskit/crypto-provider/testing` conformance kit against the noble provider with the
 * official crypto-basics vectors.
 */
import { type CryptoBasicsVector, runCryptoProviderConformance } from "@mlskit/crypto-provider/testing";
import { loadVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import { nobleCryptoProvider } from "../src/index.js";

runCryptoProviderConformance(
  nobleCryptoProvider,
  { describe, it, expect },
  { vectors: loadVectors<CryptoBasicsVector[]>("crypto-basics.json") },
);
