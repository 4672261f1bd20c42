/**
 * @module differential.test
 * Differential tests of the node:crypto provider against the pure-JS noble provider and the
 * webcrypto provider (DESIGN.md "Testing"): the differential kit of
 * `@mlskit/crypto-provider/testing` (signatures verify across providers both ways with keys from
 * either side, HPKE ciphertexts open across providers both ways, hashes, HKDF and DeriveKeyPair
 * agree byte for byte), and key packages made with one provider validate with the other with
 * equal references (the webcrypto provider's shared, Node-and-browser-neutral test body).
 */
import { CIPHER_SUITES, type CryptoProvider } from "@mlskit/crypto-provider";
import { runCryptoProviderDifferential } from "@mlskit/crypto-provider/testing";
import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { describe, expect, it } from "vitest";
import { keyPackageAcross } from "../../crypto-provider-webcrypto/test/cases.js";
import { createNodeCryptoProvider } from "../src/index.js";

const node = createNodeCryptoProvider();
const others: readonly CryptoProvider[] = [nobleCryptoProvider, createWebCryptoProvider()];
const postQuantum = CIPHER_SUITES.filter((s) => s.provisional !== undefined).map((s) => s.id);

for (const other of others) {
  runCryptoProviderDifferential(node, other, { describe, it, expect });
  describe(`differential key packages: node vs ${other.name}`, () => {
    for (const id of [1, 2, 3, 4, 5, 6, 7]) {
      it(`suite ${id}: key packages made with one provider validate with the other, with equal refs`, async () => {
        await keyPackageAcross(node, other, id, expect);
        await keyPackageAcross(other, node, id, expect);
      });
    }
  });
}

// Post-quantum key packages (KBs each) across node and noble: both support every provisional row.
describe("differential key packages: node vs noble, post-quantum suites", () => {
  for (const id of postQuantum) {
    it(`suite 0x${id.toString(16).padStart(4, "0")}: key packages made with one provider validate with the other, with equal refs`, async () => {
      await keyPackageAcross(node, nobleCryptoProvider, id, expect);
      await keyPackageAcross(nobleCryptoProvider, node, id, expect);
    });
  }
});
