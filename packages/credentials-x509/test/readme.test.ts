/**
 * @module readme.test
 * The README example, run as written (its code is copied here verbatim between the markers and
 * compared with the README, so the two cannot drift), against a test PKI.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { bytesEqual } from "@mlskit/codec";
import { x509Credential } from "@mlskit/credentials";
import { nobleCryptoProvider as provider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import {
  createKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  validateKeyPackage,
} from "@mlskit/key-packages";
import { cn, leafFor, NOW, san, spkiFromMlsKey } from "@mlskit/test-kit/pki";
import { describe, expect, it, vi } from "vitest";
import { createX509Validator, signatureKeyFromCertificate, X509ErrorCode } from "../src/index.js";
import { getWorld, rejection, signatureKeyPair } from "./fixtures.js";

// --- README example ---
// Inputs: your CA's root certificate, and a chain (end entity first) that your CA issued for
// `signatureKeyPair.publicKey` — all DER, e.g. `new Uint8Array(readFileSync("alice.der"))`.
export async function example(
  rootCaDer: Uint8Array,
  chainDer: Uint8Array[],
  signatureKeyPair: { publicKey: Uint8Array; privateKey: Uint8Array },
  now: bigint,
) {
  // Sender: check that the certificate was issued for this key, then publish a key package.
  if (!bytesEqual(signatureKeyFromCertificate(chainDer[0]!), signatureKeyPair.publicKey)) {
    throw new Error("this certificate was not issued for this signature key");
  }
  const { keyPackage } = await createKeyPackage({
    provider,
    cipherSuite: 2, // MLS_128_DHKEMP256_AES128GCM_SHA256_P256
    credential: x509Credential(chainDer),
    signatureKeyPair,
    now,
  });
  const bytes = encodeKeyPackageMessage(keyPackage);

  // Receiver: validate it, the credential included (check KP-19).
  const credentialValidator = createX509Validator({
    trustAnchors: [rootCaDer],
    identity: ({ subject, subjectAltNames }) => {
      const emails = subjectAltNames.filter((n) => n.type === "email").map((n) => n.value);
      if (!emails.includes("alice@example.com")) throw new Error(`not alice: ${subject}`);
    },
  });
  try {
    return await validateKeyPackage(decodeKeyPackageMessage(bytes), { provider, now, credentialValidator });
  } catch (e) {
    if (MlsError.is(e, X509ErrorCode.certificateExpired)) console.error("the certificate has expired");
    throw e; // e.code is an X509_* code, e.details.check is "KP-19"
  }
}
// --- end ---

describe("README", () => {
  it("its example is this file's, verbatim", () => {
    const readme = readFileSync(resolve(__dirname, "../README.md"), "utf8");
    const self = readFileSync(__filename, "utf8");
    const body = (text: string, start: string, end: string) =>
      text.slice(text.indexOf(start) + start.length, text.indexOf(end, text.indexOf(start))).trim();
    const fromReadme = body(readme, '} from "@mlskit/key-packages";', "```");
    const fromTest = body(self, "// --- README example ---", "// --- end ---");
    expect(fromTest).toBe(fromReadme);
  });

  it("the example validates alice's key package and refuses bob's and an expired one", async () => {
    const { root, intermediate } = await getWorld();
    const keys = await signatureKeyPair(2);
    const spki = await spkiFromMlsKey("P-256", keys.publicKey);
    const alice = await leafFor(intermediate, spki, { altNames: [san.email("alice@example.com")] });
    const kp = await example(root.der, [alice, intermediate.der], keys, NOW);
    expect(kp.cipherSuite).toBe(2);

    const bob = await leafFor(intermediate, spki, {
      subject: cn("bob"),
      altNames: [san.email("bob@example.com")],
    });
    const e = await rejection(
      example(root.der, [bob, intermediate.der], keys, NOW),
      X509ErrorCode.identityRejected,
    );
    expect(e.details.check).toBe("KP-19");

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const expired = await leafFor(intermediate, spki, {
      altNames: [san.email("alice@example.com")],
      notAfter: NOW - 1n,
    });
    await rejection(
      example(root.der, [expired, intermediate.der], keys, NOW),
      X509ErrorCode.certificateExpired,
    );
    expect(log).toHaveBeenCalledWith("the certificate has expired");
    log.mockRestore();

    const other = await signatureKeyPair(7);
    await expect(
      example(root.der, [alice, intermediate.der], { ...keys, publicKey: other.publicKey }, NOW),
    ).rejects.toThrow(/not issued for this signature key/);
  });
});
