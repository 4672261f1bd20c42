/**
 * @module conformance.test
 * Runs the `@mlskit/crypto-provider/testing` conformance kit, with the official crypto-basics
 * vectors, against the node:crypto provider for every suite it supports (all seven on Node's
 * OpenSSL builds).
 */
import {
  type AeadVector,
  type CryptoBasicsVector,
  runCryptoProviderConformance,
} from "@mlskit/crypto-provider/testing";
import { loadKnownAnswers, loadVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import { createNodeCryptoProvider } from "../src/index.js";

const vectors = loadVectors<CryptoBasicsVector[]>("crypto-basics.json");
const aeadVectors = loadKnownAnswers<{ cases: AeadVector[] }>("aead.json").cases;

it("supports all seven suites of RFC 9420 §17.1 on this Node", () => {
  expect(createNodeCryptoProvider().supportedCipherSuites()).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

runCryptoProviderConformance(createNodeCryptoProvider(), { describe, it, expect }, { vectors, aeadVectors });
