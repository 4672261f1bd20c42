/**
 * @module conformance.test
 * Runs the `@mlskit/crypto-provider/testing` conformance kit against the noble provider with the
 * official crypto-basics vectors and the AEAD known answers of tools/vectors/kat.
 */
import { runCryptoProviderConformance } from "@mlskit/crypto-provider/testing";
import { providerConformanceVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import { nobleCryptoProvider } from "../src/index.js";

runCryptoProviderConformance(nobleCryptoProvider, { describe, it, expect }, providerConformanceVectors());
