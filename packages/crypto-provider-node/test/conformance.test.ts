/**
 * @module conformance.test
 * Runs the `@mlskit/crypto-provider/testing` conformance kit, with the official crypto-basics
 * vectors, against the node:crypto provider for every suite it supports (all seven on Node's
 * OpenSSL builds).
 */

import { CIPHER_SUITES } from "@mlskit/crypto-provider";
import { runCryptoProviderConformance } from "@mlskit/crypto-provider/testing";
import { providerConformanceVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import { createNodeCryptoProvider } from "../src/index.js";

it("supports every registry suite on this Node: RFC 9420's seven and the provisional post-quantum ones", () => {
  expect(createNodeCryptoProvider().supportedCipherSuites()).toEqual(CIPHER_SUITES.map((s) => s.id));
});

runCryptoProviderConformance(
  createNodeCryptoProvider(),
  { describe, it, expect },
  providerConformanceVectors(),
);
