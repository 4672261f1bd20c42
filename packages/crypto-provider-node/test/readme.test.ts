/**
 * @module readme.test
 * The README example, run as written (the README's own code block, not a copy).
 */
import { readFileSync } from "node:fs";
import { signWithLabel, verifyWithLabel } from "@mlskit/crypto-provider";
import { runReadmeExample } from "@mlskit/test-kit";
import { expect, it } from "vitest";
import { createNodeCryptoProvider } from "../src/index.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

it("README example", async () => {
  const scope = { createNodeCryptoProvider, signWithLabel, verifyWithLabel };
  const { logged, values } = await runReadmeExample(README, scope, ["publicKey", "privateKey", "signature"]);
  expect(logged).toEqual([true]);
  const { publicKey, privateKey, signature } = values as Record<string, Uint8Array>;
  // "65-byte 0x04‖X‖Y, 32-byte scalar"; "DER, ≤ 72 bytes".
  expect([publicKey.length, privateKey.length, publicKey[0]]).toEqual([65, 32, 0x04]);
  expect(signature.length <= 72 && signature[0] === 0x30).toBe(true);
});
