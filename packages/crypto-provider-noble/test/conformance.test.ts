/**
 * @module conformance.test
 * Runs the `@mlskit/crypto-provider/testing` conformance kit against the noble provider with the
 * official crypto-basics vectors and the AEAD known answers of tools/vectors/kat.
 */
import {
  type AeadVector,
  type CryptoBasicsVector,
  type HpkeVector,
  runCryptoProviderConformance,
} from "@mlskit/crypto-provider/testing";
import { loadKnownAnswers, loadVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import { nobleCryptoProvider } from "../src/index.js";

runCryptoProviderConformance(
  nobleCryptoProvider,
  { describe, it, expect },
  {
    vectors: loadVectors<CryptoBasicsVector[]>("crypto-basics.json"),
    aeadVectors: loadKnownAnswers<{ cases: AeadVector[] }>("aead.json").cases,
    hpkeVectors: loadKnownAnswers<{ cases: HpkeVector[] }>("hpke-pq.json").cases,
  },
);
