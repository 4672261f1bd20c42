/**
 * @module validator.browser.test
 * The validator in real headless Chromium: pkijs and asn1js load as browser ESM, and certificate
 * signatures (ECDSA, Ed25519, RSA) verify with the browser's own WebCrypto.
 */
import { x509Credential } from "@mlskit/credentials";
import { validateKeyPackage } from "@mlskit/key-packages";
import { NOW } from "@mlskit/test-kit/pki";
import { describe, expect, it } from "vitest";
import { createX509Validator, X509ErrorCode } from "../src/index.js";
import {
  getWorld,
  itForEachSuite,
  provider,
  rejection,
  signatureKeyPair,
  validateFreshChain,
  x509KeyPackage,
} from "./fixtures.js";

describe("createX509Validator in Chromium", () => {
  itForEachSuite(
    (suite, algorithm) => `suite ${suite} (${algorithm}): a key package with an X.509 credential validates`,
    async ({ suite, root, intermediate, key: keys, leaf }) => {
      const { keyPackage } = await x509KeyPackage(suite, [leaf, intermediate.der], keys);
      const credentialValidator = createX509Validator({ trustAnchors: [root.der] });
      await validateKeyPackage(keyPackage, { provider, now: NOW, credentialValidator });
    },
  );

  it("verifies Ed25519 and RSA certificate signatures with the browser's WebCrypto", async () => {
    await validateFreshChain("RSA", "Ed25519", 2, "P-256");
  });

  it("rejects an expired chain and a key mismatch with their codes", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [root.der] });
    await rejection(
      validator.validate(x509Credential([leaf, intermediate.der]), key.publicKey, {
        now: NOW + 10_000n * 86_400n,
      }),
      X509ErrorCode.certificateExpired,
    );
    const other = await signatureKeyPair(7);
    const e = await rejection(
      validator.validate(x509Credential([leaf, intermediate.der]), other.publicKey, { now: NOW }),
      X509ErrorCode.keyMismatch,
    );
    expect(e.details.certificate).toBe(0);
  });
});
