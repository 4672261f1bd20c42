/**
 * @module readme.test
 * The README example, run as written (the README's own code block, not a copy).
 */
import { readFileSync } from "node:fs";
import { signWithLabel, verifyWithLabel } from "@mlskit/crypto-provider";
import { runReadmeExample } from "@mlskit/test-kit";
import { expect, it } from "vitest";
import { createWebCryptoProvider, OPTIONAL_ALGORITHMS } from "../src/index.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

it("README example", async () => {
  const scope = { createWebCryptoProvider, signWithLabel, verifyWithLabel };
  const run = await runReadmeExample(README, scope, ["publicKey", "privateKey", "signature"]);
  // The signature verifies; where suite 4's parts run here.
  const [verified, where] = run.logged;
  expect(verified).toBe(true);
  expect(Object.keys(where as object)).toEqual(["id", "hash", "kdf", "kem", "aead", "signature"]);
  const { publicKey, privateKey, signature } = run.values as Record<string, Uint8Array>;
  // "65-byte 0x04‖X‖Y, 32-byte scalar"; "DER, ≤ 72 bytes".
  expect([publicKey.length, privateKey.length, publicKey[0]]).toEqual([65, 32, 0x04]);
  expect(signature.length <= 72 && signature[0] === 0x30).toBe(true);
  // "Eleven algorithms are not (`OPTIONAL_ALGORITHMS`)"; the forceFallback test pins each by name.
  expect(OPTIONAL_ALGORITHMS.length).toBe(11);
});
