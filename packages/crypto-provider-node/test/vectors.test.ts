/**
 * @module vectors.test
 * The official welcome.json key packages (suites 1–7, made by other implementations) validate with
 * the node:crypto provider, their references match the Welcome's new_member, and the vectors'
 * init private keys open the group secrets: foreign signatures (DER ECDSA) and HPKE ciphertexts.
 */
import { loadVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import { type WelcomeVector, welcomeVector } from "../../crypto-provider-webcrypto/test/cases.js";
import { createNodeCryptoProvider } from "../src/index.js";

const provider = createNodeCryptoProvider();

describe("welcome.json with the node provider", () => {
  for (const c of loadVectors<WelcomeVector[]>("welcome.json")) {
    it(`suite ${c.cipher_suite}: validates, ref = new_member, init key opens the group secrets`, async () => {
      await welcomeVector(provider, c, expect);
    });
  }
});
