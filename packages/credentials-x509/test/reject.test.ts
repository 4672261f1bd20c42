/**
 * One or more tests per reason the X.509 validator refuses a credential, each with its code:
 * validity, untrusted root, chain order (RFC 9420 §5.3), broken chain, key mismatch, malformed
 * certificates, unsupported algorithms, CA and path-length constraints, critical extensions and
 * key usage, and a credential that is not X.509.
 * (Over 400 lines: one rejection per code, each built from the test CA with one thing changed.)
 */
import { generateKeyPairSync } from "node:crypto";
import { x509Credential } from "@mlskit/credentials";
import type { MlsError } from "@mlskit/errors";
import {
  type Ca,
  cn,
  customExtension,
  DAY,
  ecSpki,
  generateSigner,
  intermediateCa,
  issue,
  KeyUsage,
  leafFor,
  leafForKey,
  NOW,
  rootCa,
  spkiFromMlsKey,
  spkiOf,
} from "@mlskit/test-kit/pki";
import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { createX509Validator, signatureKeyFromCertificate, X509ErrorCode } from "../src/index.js";
import { freshKeyPair, getWorld, rejection, signatureKeyPair, validateUnder } from "./fixtures.js";

/** A leaf for the shared key issued by `issuer`, validated as `[leaf, issuer]` against the shared root. */
async function rejectedUnder(issuer: Ca, code: string): Promise<MlsError> {
  const { key } = await getWorld();
  const leaf = await leafForKey(issuer, "P-256", key.publicKey);
  return rejection(validateChain([leaf, issuer.der]), code);
}

/** Validate `[leaf, intermediate]` against the shared root. */
async function validateChain(chain: Uint8Array[], signatureKey?: Uint8Array, now = NOW) {
  const { root, key } = await getWorld();
  return validateUnder(root.der, chain, signatureKey ?? key.publicKey, now);
}

describe("X509_CERTIFICATE_EXPIRED / X509_CERTIFICATE_NOT_YET_VALID", () => {
  it("rejects an expired leaf", async () => {
    const { intermediate, key } = await getWorld();
    const leaf = await leafForKey(intermediate, "P-256", key.publicKey, {
      notBefore: NOW - 400n * DAY,
      notAfter: NOW - DAY,
    });
    const e = await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.certificateExpired);
    expect(e.details).toMatchObject({ certificate: 0, notAfter: NOW - DAY, now: NOW });
  });

  it("rejects a leaf that is not valid yet", async () => {
    const { intermediate, key } = await getWorld();
    const leaf = await leafForKey(intermediate, "P-256", key.publicKey, {
      notBefore: NOW + DAY,
    });
    const e = await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.certificateNotYetValid);
    expect(e.details).toMatchObject({ certificate: 0, notBefore: NOW + DAY });
  });

  it("rejects an expired intermediate", async () => {
    const { root } = await getWorld();
    const old = await intermediateCa(root, "P-256", "old intermediate", {
      notBefore: NOW - 800n * DAY,
      notAfter: NOW - 400n * DAY,
    });
    const e = await rejectedUnder(old, X509ErrorCode.certificateExpired);
    expect(e.details.certificate).toBe(1);
  });

  it("rejects a path whose trust anchor has expired", async () => {
    const root = await rootCa("P-256", "old root", { notAfter: NOW - DAY });
    const key = await signatureKeyPair(2);
    const leaf = await leafForKey(root, "P-256", key.publicKey);
    const e = await rejection(
      validateUnder(root.der, [leaf], key.publicKey),
      X509ErrorCode.certificateExpired,
    );
    expect(e.details.certificate).toBe("trust-anchor");
  });
});

describe("X509_UNTRUSTED_ROOT", () => {
  it("rejects a chain issued under another root (root left out)", async () => {
    const otherRoot = await rootCa("P-384", "other root");
    const otherInt = await intermediateCa(otherRoot, "P-256", "other intermediate");
    const e = await rejectedUnder(otherInt, X509ErrorCode.untrustedRoot);
    expect(e.details.certificate).toBe(1);
  });

  it("rejects a chain ending at a self-signed root that is not a trust anchor", async () => {
    const { key } = await getWorld();
    const otherRoot = await rootCa("P-384", "other root");
    const otherInt = await intermediateCa(otherRoot, "P-256", "other intermediate");
    const leaf = await leafForKey(otherInt, "P-256", key.publicKey);
    const e = await rejection(
      validateChain([leaf, otherInt.der, otherRoot.der]),
      X509ErrorCode.untrustedRoot,
    );
    expect(e.details.certificate).toBe(2);
  });

  it("rejects an impostor root that copies the trusted root's name", async () => {
    const { root, key } = await getWorld();
    const signer = await generateSigner("P-384");
    const impostor = { name: root.name, signer };
    const impostorDer = await issue({
      subject: root.name,
      spki: signer.spki,
      issuer: { self: signer },
      ca: { ca: true },
    });
    const int = await intermediateCa(impostor, "P-256", "impostor intermediate");
    const leaf = await leafForKey(int, "P-256", key.publicKey);
    await rejection(validateChain([leaf, int.der, impostorDer]), X509ErrorCode.untrustedRoot);
  });

  it("rejects a self-signed leaf", async () => {
    const key = await signatureKeyPair(1);
    const signer = await generateSigner("Ed25519");
    // Self-signed by another key: its issuer is itself and it is not trusted.
    const leaf = await issue({
      subject: cn("alice"),
      spki: await spkiFromMlsKey("Ed25519", key.publicKey),
      issuer: { self: signer },
    });
    const e = await rejection(validateChain([leaf], key.publicKey), X509ErrorCode.untrustedRoot);
    expect(e.details.certificate).toBe(0);
  });
});

describe("X509_CHAIN_OUT_OF_ORDER (RFC 9420 §5.3: each certificate after the first issues the one before)", () => {
  it("rejects [leaf, unrelated CA] even when a trust anchor issued the leaf", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const stranger = await rootCa("P-256", "stranger");
    const validator = createX509Validator({ trustAnchors: [root.der, intermediate.der] });
    // The leaf alone reaches a trust anchor...
    await validator.validate(x509Credential([leaf]), key.publicKey, { now: NOW });
    // ...but a credential that lists an unrelated CA as its issuer is not an ordered chain.
    const e = await rejection(
      validator.validate(x509Credential([leaf, stranger.der]), key.publicKey, { now: NOW }),
      X509ErrorCode.chainOutOfOrder,
    );
    expect(e.details).toMatchObject({ certificate: 1, issuerOf: 0 });
  });

  it("rejects the right certificates in the wrong order, and an unrelated one anywhere", async () => {
    const { root, intermediate, leaf } = await getWorld();
    const stranger = await rootCa("P-256", "stranger");
    const cases: [Uint8Array[], number][] = [
      [[leaf, root.der, intermediate.der], 1],
      [[leaf, stranger.der, intermediate.der], 1],
      [[leaf, intermediate.der, stranger.der], 2],
      [[leaf, intermediate.der, intermediate.der], 2],
      [[leaf, intermediate.der, root.der, root.der], 3],
    ];
    for (const [chain, at] of cases) {
      const e = await rejection(validateChain(chain), X509ErrorCode.chainOutOfOrder);
      expect(e.details.certificate).toBe(at);
    }
  });

  it("rejects a next certificate that has the issuer's name but not its key (X509_BROKEN_CHAIN)", async () => {
    const { root, intermediate, leaf } = await getWorld();
    // An impostor intermediate: the leaf's issuer name, another key. The real intermediate is a
    // trust anchor, so only the credential's order check can catch the impostor.
    const impostor = await intermediateCa(root, "P-256", "mlskit intermediate");
    const { key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [root.der, intermediate.der] });
    const e = await rejection(
      validator.validate(x509Credential([leaf, impostor.der]), key.publicKey, { now: NOW }),
      X509ErrorCode.brokenChain,
    );
    expect(e.details).toMatchObject({ certificate: 0, issuer: 1 });
  });
});

describe("X509_BROKEN_CHAIN", () => {
  it("rejects a leaf that names the intermediate as issuer but was signed by another key", async () => {
    const { intermediate, key } = await getWorld();
    const forger = { name: intermediate.name, signer: await generateSigner("P-256") };
    const leaf = await leafForKey(forger, "P-256", key.publicKey);
    const e = await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.brokenChain);
    expect(e.details.certificate).toBe(0);
  });

  it("rejects a leaf whose signature was corrupted", async () => {
    const { intermediate, key } = await getWorld();
    const leaf = await leafForKey(intermediate, "P-256", key.publicKey, {
      corruptSignature: true,
    });
    await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.brokenChain);
  });

  it("rejects an intermediate not signed by the trust anchor it names", async () => {
    const { root } = await getWorld();
    const forger = { name: root.name, signer: await generateSigner("P-384") };
    const int = await intermediateCa(forger, "P-256", "forged intermediate");
    const e = await rejectedUnder(int, X509ErrorCode.brokenChain);
    expect(e.details.certificate).toBe(1);
  });

  it("rejects a signature algorithm that does not fit the issuer key", async () => {
    const { intermediate, key } = await getWorld();
    // Signed with ECDSA, labelled Ed25519: the P-256 issuer key cannot verify it.
    const leaf = await leafForKey(intermediate, "P-256", key.publicKey, {
      signatureOid: "1.3.101.112",
    });
    await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.brokenChain);
  });
});

describe("X509_KEY_MISMATCH", () => {
  it("rejects a leaf certificate whose key is not the signature key", async () => {
    const { intermediate, leaf } = await getWorld();
    const other = await freshKeyPair(2);
    const e = await rejection(
      validateChain([leaf, intermediate.der], other.publicKey),
      X509ErrorCode.keyMismatch,
    );
    expect(e.details.certificate).toBe(0);
    expect(e.message).not.toMatch(/[0-9a-f]{32}/);
  });

  it("rejects an Ed25519 certificate presented with a P-256 key and vice versa", async () => {
    const { intermediate, leaf } = await getWorld();
    const ed = await signatureKeyPair(1);
    await rejection(validateChain([leaf, intermediate.der], ed.publicKey), X509ErrorCode.keyMismatch);
    const edLeaf = await leafForKey(intermediate, "Ed25519", ed.publicKey);
    const p256 = await signatureKeyPair(2);
    await rejection(validateChain([edLeaf, intermediate.der], p256.publicKey), X509ErrorCode.keyMismatch);
  });
});

describe("X509_MALFORMED_CERTIFICATE", () => {
  it("rejects bytes that are not DER", async () => {
    const { intermediate } = await getWorld();
    const e = await rejection(
      validateChain([new Uint8Array([1, 2, 3, 4]), intermediate.der]),
      X509ErrorCode.malformedCertificate,
    );
    expect(e.details.certificate).toBe(0);
  });

  it("rejects a truncated leaf, a leaf with trailing bytes and a truncated intermediate", async () => {
    const { intermediate, leaf } = await getWorld();
    await rejection(
      validateChain([leaf.subarray(0, leaf.length - 5), intermediate.der]),
      X509ErrorCode.malformedCertificate,
    );
    const trailing = new Uint8Array([...leaf, 0]);
    const e = await rejection(
      validateChain([trailing, intermediate.der]),
      X509ErrorCode.malformedCertificate,
    );
    expect(e.details.reason).toMatch(/trailing/);
    const bad = await rejection(
      validateChain([leaf, intermediate.der.subarray(0, 40)]),
      X509ErrorCode.malformedCertificate,
    );
    expect(bad.details.certificate).toBe(1);
  });

  it("rejects DER that is not a certificate (a bare SEQUENCE)", async () => {
    const seq = new Uint8Array(
      new asn1js.Sequence({ value: [new asn1js.Integer({ value: 1 })] }).toBER(false),
    );
    await rejection(validateChain([seq]), X509ErrorCode.malformedCertificate);
  });

  it("rejects a certificate whose outer signature algorithm differs from the signed one", async () => {
    const { intermediate, leaf } = await getWorld();
    // Swap ecdsa-with-SHA256 (…04 03 02) for ecdsa-with-SHA384 (…04 03 03) in the outer
    // signatureAlgorithm only: the last occurrence of the OID is outside tbsCertificate.
    const oid = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    const tampered = leaf.slice();
    let at = -1;
    for (let i = 0; i + oid.length <= tampered.length; i++)
      if (oid.every((b, j) => tampered[i + j] === b)) at = i;
    tampered[at + oid.length - 1] = 0x03;
    const e = await rejection(
      validateChain([tampered, intermediate.der]),
      X509ErrorCode.malformedCertificate,
    );
    expect(e.details.reason).toMatch(/signatureAlgorithm/);
  });

  it("rejects an empty certificate list", async () => {
    const { root, key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [root.der] });
    await rejection(
      validator.validate({ credentialType: 2, certificates: [] }, key.publicKey, { now: NOW }),
      X509ErrorCode.malformedCertificate,
    );
  });
});

describe("X509_UNSUPPORTED_ALGORITHM", () => {
  it("rejects an RSA end-entity certificate", async () => {
    const { intermediate } = await getWorld();
    const rsa = await generateSigner("RSA");
    const leaf = await leafFor(intermediate, rsa.spki);
    const e = await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.unsupportedAlgorithm);
    expect(e.details).toMatchObject({ certificate: 0, reason: "rsa" });
    expect(() => signatureKeyFromCertificate(leaf)).toThrow(
      expect.objectContaining({ code: "X509_UNSUPPORTED_ALGORITHM" }),
    );
  });

  it("rejects a secp256k1 end-entity certificate", async () => {
    const { intermediate } = await getWorld();
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
    const leaf = await leafFor(intermediate, spki);
    const e = await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.unsupportedAlgorithm);
    expect(e.details.reason).toBe("curve");
  });

  it("rejects an X25519 (key agreement) end-entity key", async () => {
    const { intermediate } = await getWorld();
    const leaf = await leafFor(intermediate, spkiOf("1.3.101.110", undefined, new Uint8Array(32).fill(9)));
    await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.unsupportedAlgorithm);
  });

  it("rejects a compressed P-256 point in the end-entity certificate (documented choice)", async () => {
    const { intermediate, key } = await getWorld();
    const point = key.publicKey;
    const compressed = new Uint8Array([2 | (point[64]! & 1), ...point.subarray(1, 33)]);
    const leaf = await leafFor(intermediate, ecSpki("1.2.840.10045.3.1.7", compressed));
    const e = await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.unsupportedAlgorithm);
    expect(e.details.reason).toBe("compressed-point");
  });

  it("rejects a certificate signed with SHA-1 (sha1WithRSAEncryption)", async () => {
    const rsaRoot = await rootCa("RSA", "sha1 root");
    const key = await signatureKeyPair(2);
    const leaf = await leafForKey(rsaRoot, "P-256", key.publicKey, { rsaHash: "SHA-1" });
    const e = await rejection(
      validateUnder(rsaRoot.der, [leaf], key.publicKey),
      X509ErrorCode.unsupportedAlgorithm,
    );
    expect(e.details).toMatchObject({ certificate: 0, reason: "signature" });
  });

  it("rejects an RSA issuer key shorter than 2048 bits", async () => {
    const key = await signatureKeyPair(2);
    const signer = await generateSigner("RSA", 1024);
    const caName = cn("weak rsa");
    const ca = await issue({
      subject: caName,
      spki: signer.spki,
      issuer: { self: signer },
      ca: { ca: true },
    });
    const leaf = await leafForKey({ name: caName, signer }, "P-256", key.publicKey);
    const e = await rejection(validateUnder(ca, [leaf], key.publicKey), X509ErrorCode.unsupportedAlgorithm);
    expect(e.message).toMatch(/1024 bits/);
  });

  it("rejects an issuer whose key is on an unsupported curve", async () => {
    const { key } = await getWorld();
    const k1 = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    const spki = new Uint8Array(k1.publicKey.export({ type: "spki", format: "der" }));
    // A CA certificate holding a secp256k1 key; the leaf below it cannot be verified here.
    const signer = await generateSigner("P-256");
    const caName = cn("k1 ca");
    const ca = await issue({ subject: caName, spki, issuer: { self: signer }, ca: { ca: true } });
    const leaf = await leafForKey({ name: caName, signer }, "P-256", key.publicKey);
    await rejection(validateUnder(ca, [leaf], key.publicKey), X509ErrorCode.unsupportedAlgorithm);
  });
});

describe("X509_NOT_A_CA", () => {
  it("rejects an intermediate without basicConstraints", async () => {
    const { root } = await getWorld();
    const int = await intermediateCa(root, "P-256", "no bc", { ca: undefined as never });
    const e = await rejectedUnder(int, X509ErrorCode.notACa);
    expect(e.details.certificate).toBe(1);
  });

  it("rejects an intermediate with cA FALSE", async () => {
    const { root } = await getWorld();
    const int = await intermediateCa(root, "P-256", "not a ca", { ca: { ca: false } });
    await rejectedUnder(int, X509ErrorCode.notACa);
  });

  it("rejects an intermediate whose keyUsage lacks keyCertSign", async () => {
    const { root } = await getWorld();
    const int = await intermediateCa(root, "P-256", "no keyCertSign", {
      keyUsage: [KeyUsage.digitalSignature],
    });
    const e = await rejectedUnder(int, X509ErrorCode.notACa);
    expect(e.message).toMatch(/keyCertSign/);
  });

  it("rejects a trust anchor that is not a CA but issued the leaf", async () => {
    const key = await signatureKeyPair(2);
    const notCa = await rootCa("P-256", "plain", { ca: { ca: false } });
    const leaf = await leafForKey(notCa, "P-256", key.publicKey);
    const e = await rejection(validateUnder(notCa.der, [leaf], key.publicKey), X509ErrorCode.notACa);
    expect(e.details.certificate).toBe("trust-anchor");
  });
});

describe("X509_PATH_LENGTH_EXCEEDED", () => {
  it("enforces pathLenConstraint", async () => {
    const key = await signatureKeyPair(2);
    const root = await rootCa("P-256", "strict root", { ca: { ca: true, pathLen: 0 } });
    const int = await intermediateCa(root, "P-256", "one too many");
    const leaf = await leafForKey(int, "P-256", key.publicKey);
    const e = await rejection(
      validateUnder(root.der, [leaf, int.der], key.publicKey),
      X509ErrorCode.pathLengthExceeded,
    );
    expect(e.details).toMatchObject({ certificate: "trust-anchor", pathLenConstraint: 0 });
    // pathLen 1 allows it.
    const root1 = await rootCa("P-256", "root1", { ca: { ca: true, pathLen: 1 } });
    const int1 = await intermediateCa(root1, "P-256", "fine");
    const leaf1 = await leafForKey(int1, "P-256", key.publicKey);
    await validateUnder(root1.der, [leaf1, int1.der], key.publicKey);
  });

  it("enforces maxChainLength", async () => {
    const { root, intermediate, leaf, key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [root.der], maxChainLength: 2 });
    await rejection(
      validator.validate(x509Credential([leaf, intermediate.der]), key.publicKey, { now: NOW }),
      X509ErrorCode.pathLengthExceeded,
    );
    await createX509Validator({ trustAnchors: [root.der], maxChainLength: 3 }).validate(
      x509Credential([leaf, intermediate.der]),
      key.publicKey,
      { now: NOW },
    );
  });
});

describe("X509_UNSUPPORTED_CRITICAL_EXTENSION / X509_INVALID_KEY_USAGE", () => {
  it("rejects an unknown critical extension and ignores an unknown non-critical one", async () => {
    const { intermediate, key } = await getWorld();
    const spki = await spkiFromMlsKey("P-256", key.publicKey);
    const critical = await leafFor(intermediate, spki, {
      extensions: [customExtension("1.3.6.1.4.1.99999.1", true)],
    });
    const e = await rejection(
      validateChain([critical, intermediate.der]),
      X509ErrorCode.unsupportedCriticalExtension,
    );
    expect(e.details.extension).toBe("1.3.6.1.4.1.99999.1");
    const benign = await leafFor(intermediate, spki, {
      extensions: [customExtension("1.3.6.1.4.1.99999.1", false)],
    });
    await validateChain([benign, intermediate.der]);
  });

  it("rejects an end-entity certificate whose keyUsage does not allow signing", async () => {
    const { intermediate, key } = await getWorld();
    const leaf = await leafForKey(intermediate, "P-256", key.publicKey, {
      keyUsage: [KeyUsage.keyEncipherment],
    });
    await rejection(validateChain([leaf, intermediate.der]), X509ErrorCode.invalidKeyUsage);
  });
});

describe("X509_NOT_X509_CREDENTIAL", () => {
  it("rejects a basic credential by default", async () => {
    const { root, key } = await getWorld();
    const validator = createX509Validator({ trustAnchors: [root.der] });
    const e = await rejection(
      validator.validate({ credentialType: 1, identity: new Uint8Array([0x61]) }, key.publicKey, {
        now: NOW,
      }),
      X509ErrorCode.notX509Credential,
    );
    expect(e.details.credentialType).toBe(1);
  });
});

describe("X509ErrorCode", () => {
  it("is frozen and its values are unique X509_ codes", () => {
    expect(Object.isFrozen(X509ErrorCode)).toBe(true);
    const values = Object.values(X509ErrorCode);
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) expect(v).toMatch(/^X509_[A-Z0-9_]+$/);
  });
});
