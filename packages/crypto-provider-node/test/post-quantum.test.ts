/**
 * @module post-quantum.test
 * The node:crypto provider's post-quantum paths: the probes agree with what this Node can do
 * (Node 24 has ML-DSA and ML-KEM in node:crypto, Node 20 has neither), and whichever path runs,
 * ML-DSA keys and signatures and ML-KEM key pairs agree with `@noble/post-quantum`, another
 * implementation (the differential kit checks the same against the noble provider).
 */
import { generateKeyPairSync } from "node:crypto";
import { cipherSuiteInfo, signWithLabel, verifyWithLabel } from "@mlskit/crypto-provider";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { describe, expect, it } from "vitest";
import { createNodeCryptoProvider } from "../src/index.js";
import { hasNativeMlDsa, hasNativeMlKem } from "../src/post-quantum.js";

const runtimeHas = (type: string): boolean => {
  try {
    (generateKeyPairSync as unknown as (t: string) => unknown)(type);
    return true;
  } catch {
    return false;
  }
};

describe("post-quantum paths of the node provider", () => {
  it("probes node:crypto once and agrees with what this Node can do", () => {
    expect(hasNativeMlDsa()).toBe(runtimeHas("ml-dsa-44"));
    expect(hasNativeMlKem()).toBe(runtimeHas("ml-kem-768"));
  });

  it("ML-DSA-65 (suite 0x0051): the seed's public key and signatures agree with @noble/post-quantum", async () => {
    const suite = await createNodeCryptoProvider().getCipherSuite(0x0051);
    const kp = await suite.signature.generateKeyPair();
    expect(kp.privateKey.length).toBe(32);
    expect(Buffer.from(kp.publicKey).equals(Buffer.from(ml_dsa65.keygen(kp.privateKey).publicKey))).toBe(
      true,
    );
    const msg = new TextEncoder().encode("post-quantum");
    const sig = await signWithLabel(suite, kp.privateKey, "KeyPackageTBS", msg);
    expect(sig.length).toBe(cipherSuiteInfo(0x0051)!.maxSignatureSize);
    expect(await verifyWithLabel(suite, kp.publicKey, "KeyPackageTBS", msg, sig)).toBe(true);
    // A second signature with the same key array (the expanded key is cached) verifies too.
    expect(
      await suite.signature.verify(kp.publicKey, msg, await suite.signature.sign(kp.privateKey, msg)),
    ).toBe(true);
  });

  it("ML-KEM-768 (suite 0x0051): a generated seed expands to the generated public key", async () => {
    const suite = await createNodeCryptoProvider().getCipherSuite(0x0051);
    const kp = await suite.hpke.generateKeyPair();
    expect([kp.publicKey.length, kp.privateKey.length]).toEqual([1184, 64]);
    expect(Buffer.from(kp.publicKey).equals(Buffer.from(ml_kem768.keygen(kp.privateKey).publicKey))).toBe(
      true,
    );
  });
});
