/**
 * End to end: key packages carrying an X.509 credential, created, encoded, decoded and validated
 * through validateKeyPackage with this validator as its credentialValidator (check KP-19).
 */
import { isX509Credential } from "@mlskit/credentials";
import { decodeKeyPackageMessage, encodeKeyPackageMessage, validateKeyPackage } from "@mlskit/key-packages";
import { NOW } from "@mlskit/test-kit/pki";
import { describe, expect, it } from "vitest";
import { createX509Validator, X509ErrorCode } from "../src/index.js";
import {
  freshKeyPair,
  getWorld,
  itForEachSuite,
  provider,
  rejection,
  worldLeaf,
  x509KeyPackage,
} from "./fixtures.js";

describe("validateKeyPackage with createX509Validator", () => {
  itForEachSuite(
    (suite, _algorithm) => `suite ${suite}: an X.509 key package round-trips and validates`,
    async ({ suite, root, intermediate, key: keys, leaf }) => {
      const bundle = await x509KeyPackage(suite, [leaf, intermediate.der], keys);
      const decoded = decodeKeyPackageMessage(encodeKeyPackageMessage(bundle.keyPackage));
      let subject = "";
      const credentialValidator = createX509Validator({
        trustAnchors: [root.der],
        identity: (info) => {
          subject = info.subject;
        },
      });
      const kp = await validateKeyPackage(decoded, { provider, now: NOW, credentialValidator });
      expect(subject).toBe("CN=alice,O=mlskit tests");
      const credential = kp.leafNode.credential;
      expect(isX509Credential(credential) && credential.certificates.map((c) => c.certData)).toEqual([
        leaf,
        intermediate.der,
      ]);
    },
  );

  it("keeps the X.509 code and adds check KP-19 when the certificate key is not the signature key", async () => {
    const { root, intermediate, leaf } = await getWorld();
    const other = await freshKeyPair(2);
    const bundle = await x509KeyPackage(2, [leaf, intermediate.der], other);
    const decoded = decodeKeyPackageMessage(encodeKeyPackageMessage(bundle.keyPackage));
    const credentialValidator = createX509Validator({ trustAnchors: [root.der] });
    const e = await rejection(
      validateKeyPackage(decoded, { provider, now: NOW, credentialValidator }),
      X509ErrorCode.keyMismatch,
    );
    expect(e.details.check).toBe("KP-19");
  });

  it("rejects a key package whose certificate has expired, with check KP-19", async () => {
    const {
      root,
      intermediate,
      key: keys,
      leaf,
    } = await worldLeaf(1, "Ed25519", {
      notAfter: NOW - 60n,
    });
    const bundle = await x509KeyPackage(1, [leaf, intermediate.der], keys);
    const credentialValidator = createX509Validator({ trustAnchors: [root.der] });
    const e = await rejection(
      validateKeyPackage(bundle.keyPackage, { provider, now: NOW, credentialValidator }),
      X509ErrorCode.certificateExpired,
    );
    expect(e.details).toMatchObject({ check: "KP-19", certificate: 0 });
  });
});
