import { bytesEqual } from "@mlskit/codec";
import { basicCredential, x509Credential } from "@mlskit/credentials";
import { DAY, leafForKey, NOW, rootCa } from "@mlskit/test-kit/pki";
import { describe, expect, it } from "vitest";
import { createX509Validator, signatureKeyFromCertificate, X509ErrorCode } from "../src/index.js";
import {
  getWorld,
  itForEachSuite,
  rejection,
  signatureKeyPair,
  validateFreshChain,
  validateUnder,
  worldLeaf,
} from "./fixtures.js";

describe("createX509Validator accepts valid chains", () => {
  itForEachSuite(
    (suite, algorithm) => `suite ${suite} (${algorithm}): leaf → intermediate → root`,
    async ({ root, intermediate, key, leaf }) => {
      const validator = createX509Validator({ trustAnchors: [root.der] });
      await expect(
        validator.validate(x509Credential([leaf, intermediate.der]), key.publicKey, { now: NOW }),
      ).resolves.toBeUndefined();
      expect(bytesEqual(signatureKeyFromCertificate(leaf), key.publicKey)).toBe(true);
    },
  );

  it("accepts the ordered chain with the root included, and with the intermediate also trusted", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [root.der] });
    await validator.validate(x509Credential([leaf, intermediate.der, root.der]), key.publicKey, { now: NOW });
    const both = createX509Validator({ trustAnchors: [root.der, intermediate.der] });
    await both.validate(x509Credential([leaf, intermediate.der]), key.publicKey, { now: NOW });
    await both.validate(x509Credential([leaf, intermediate.der, root.der]), key.publicKey, { now: NOW });
  });

  it("accepts a chain that omits an intermediate the validator already trusts", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [root.der, intermediate.der] });
    await validator.validate(x509Credential([leaf]), key.publicKey, { now: NOW });
    // Without the intermediate among the anchors, the same chain cannot be completed.
    const strict = createX509Validator({ trustAnchors: [root.der] });
    await rejection(
      strict.validate(x509Credential([leaf]), key.publicKey, { now: NOW }),
      X509ErrorCode.untrustedRoot,
    );
  });

  it("accepts a leaf issued directly by an Ed25519 root (Ed25519 certificate signatures)", async () => {
    const root = await rootCa("Ed25519", "ed root");
    const key = await signatureKeyPair(1);
    const leaf = await leafForKey(root, "Ed25519", key.publicKey);
    await validateUnder(root.der, [leaf], key.publicKey);
  });

  it("accepts ECDSA P-521 and RSA (PKCS#1 v1.5, SHA-256) issuers", async () => {
    await validateFreshChain("RSA", "P-521", 7, "P-384");
  });

  it("accepts a pinned end-entity certificate listed as a trust anchor", async () => {
    const { leaf, key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [leaf] });
    await validator.validate(x509Credential([leaf]), key.publicKey, { now: NOW });
  });

  it("backtracks: an expired re-issue of the intermediate does not hide a valid one", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    // Same name and key as the intermediate, but expired: a second path candidate, here a trust
    // anchor (tried before the credential's own intermediate).
    const { issue } = await import("@mlskit/test-kit/pki");
    const expiredTwin = await issue({
      subject: intermediate.name,
      spki: intermediate.signer.spki,
      issuer: root,
      ca: { ca: true },
      notBefore: NOW - 400n * DAY,
      notAfter: NOW - DAY,
    });
    const validator = createX509Validator({ trustAnchors: [expiredTwin, root.der] });
    await validator.validate(x509Credential([leaf, intermediate.der]), key.publicKey, { now: NOW });
    // Alone, the expired twin fails with its own code, in the credential or as the anchor.
    const e = await rejection(
      createX509Validator({ trustAnchors: [root.der] }).validate(
        x509Credential([leaf, expiredTwin]),
        key.publicKey,
        {
          now: NOW,
        },
      ),
      X509ErrorCode.certificateExpired,
    );
    expect(e.details.certificate).toBe(1);
    const anchor = await rejection(
      validator.validate(x509Credential([leaf]), key.publicKey, { now: NOW }),
      X509ErrorCode.certificateExpired,
    );
    expect(anchor.details.certificate).toBe("trust-anchor");
  });

  it("accepts validity bounds inclusively (RFC 5280 §4.1.2.5)", async () => {
    const { root, intermediate, key, leaf } = await worldLeaf(2, "P-256", {
      notBefore: NOW,
      notAfter: NOW + 10n,
    });
    const validator = createX509Validator({ trustAnchors: [root.der] });
    const credential = x509Credential([leaf, intermediate.der]);
    await validator.validate(credential, key.publicKey, { now: NOW });
    await validator.validate(credential, key.publicKey, { now: NOW + 10n });
    await rejection(
      validator.validate(credential, key.publicKey, { now: NOW - 1n }),
      X509ErrorCode.certificateNotYetValid,
    );
    await rejection(
      validator.validate(credential, key.publicKey, { now: NOW + 11n }),
      X509ErrorCode.certificateExpired,
    );
  });

  it("accepts basic credentials only when allowBasic is set", async () => {
    const { root } = await getWorld();
    const key = await signatureKeyPair(1);
    const basic = basicCredential("alice");
    await rejection(
      createX509Validator({ trustAnchors: [root.der] }).validate(basic, key.publicKey, { now: NOW }),
      X509ErrorCode.notX509Credential,
    );
    await createX509Validator({ trustAnchors: [root.der], allowBasic: true }).validate(basic, key.publicKey, {
      now: NOW,
    });
    // Types other than basic are refused even then.
    const e = await rejection(
      createX509Validator({ trustAnchors: [root.der], allowBasic: true }).validate(
        { credentialType: 0x0a0a, data: new Uint8Array(2) },
        key.publicKey,
        { now: NOW },
      ),
      X509ErrorCode.notX509Credential,
    );
    expect(e.details.credentialType).toBe(0x0a0a);
  });
});
