/**
 * @module readme.test
 * The README example, run as written.
 */
import { signWithLabel, verifyWithLabel } from "@mlskit/crypto-provider";
import { expect, it } from "vitest";
import { createWebCryptoProvider, OPTIONAL_ALGORITHMS } from "../src/index.js";

it("README example", async () => {
  const provider = createWebCryptoProvider();
  const suite = await provider.getCipherSuite(2);
  const { publicKey, privateKey } = await suite.signature.generateKeyPair();
  expect([publicKey.length, privateKey.length, publicKey[0]]).toEqual([65, 32, 0x04]);
  const tbs = new TextEncoder().encode("hello");
  const signature = await signWithLabel(suite, privateKey, "LeafNodeTBS", tbs);
  expect(signature.length <= 72 && signature[0] === 0x30).toBe(true);
  expect(await verifyWithLabel(suite, publicKey, "LeafNodeTBS", tbs, signature)).toBe(true);
  expect(Object.keys(await provider.describeCipherSuite(4))).toEqual([
    "id",
    "hash",
    "kdf",
    "kem",
    "aead",
    "signature",
  ]);
  // "Eleven algorithms are not (`OPTIONAL_ALGORITHMS`)"; the forceFallback test pins each by name.
  expect(OPTIONAL_ALGORITHMS.length).toBe(11);
});
