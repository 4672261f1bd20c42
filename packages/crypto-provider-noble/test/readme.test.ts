/**
 * @module readme.test
 * The README examples of both crypto-provider packages, run as written.
 */
import {
  CipherSuite,
  cipherSuiteInfo,
  decryptWithLabel,
  encryptWithLabel,
  refHash,
  signWithLabel,
  verifyWithLabel,
} from "@mlskit/crypto-provider";
import { expect, it } from "vitest";
import { nobleCryptoProvider } from "../src/index.js";

it("@mlskit/crypto-provider README example", async () => {
  const id = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  const suite = await nobleCryptoProvider.getCipherSuite(id);
  expect(cipherSuiteInfo(id)?.hashSize).toBe(32);
  const sig = await suite.signature.generateKeyPair();
  const tbs = new TextEncoder().encode("to be signed");
  const signature = await signWithLabel(suite, sig.privateKey, "KeyPackageTBS", tbs);
  expect(await verifyWithLabel(suite, sig.publicKey, "KeyPackageTBS", tbs, signature)).toBe(true);
  const init = await suite.hpke.generateKeyPair();
  const ctx = new Uint8Array([1, 2, 3]);
  const { kemOutput, ciphertext } = await encryptWithLabel(suite, init.publicKey, "Welcome", ctx, tbs);
  const back = await decryptWithLabel(suite, init.privateKey, "Welcome", ctx, kemOutput, ciphertext);
  expect(back).toEqual(tbs);
  const ref = await refHash(suite, "MLS 1.0 KeyPackage Reference", new Uint8Array([0, 1]));
  expect(ref.length).toBe(32);
});

it("@mlskit/crypto-provider-noble README example", async () => {
  const suite = await nobleCryptoProvider.getCipherSuite(2);
  const { publicKey, privateKey } = await suite.signature.generateKeyPair();
  expect([publicKey.length, privateKey.length]).toEqual([65, 32]);
  const tbs = new TextEncoder().encode("hello");
  const signature = await signWithLabel(suite, privateKey, "LeafNodeTBS", tbs);
  expect(signature.length <= 72).toBe(true);
  expect(await verifyWithLabel(suite, publicKey, "LeafNodeTBS", tbs, signature)).toBe(true);
});
