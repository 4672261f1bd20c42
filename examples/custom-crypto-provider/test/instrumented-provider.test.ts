/**
 * @module instrumented-provider.test
 * What the wrapper adds: the suite policy, the counts of a key package's life, and events that
 * carry no secret.
 */
import { basicCredential } from "@mlskit/credentials";
import { CryptoErrorCode } from "@mlskit/crypto-provider";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { MlsError } from "@mlskit/errors";
import {
  createKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackageMessage,
  validateKeyPackage,
} from "@mlskit/key-packages";
import { describe, expect, it } from "vitest";
import { type CryptoOperationEvent, instrumentCryptoProvider } from "../src/index.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("instrumentCryptoProvider", () => {
  it("offers only the allowed suites and rejects the others as unsupported", async () => {
    const provider = instrumentCryptoProvider(createWebCryptoProvider(), { cipherSuites: [3, 1, 0x0a0a] });
    expect(provider.supportedCipherSuites()).toEqual([1, 3]);
    expect(provider.name).toBe("instrumented(webcrypto)");
    expect((await provider.getCipherSuite(1)).id).toBe(1);
    expect(await provider.getCipherSuite(3)).toBe(await provider.getCipherSuite(3));
    const error = await provider.getCipherSuite(2).catch((e: unknown) => e);
    expect(MlsError.is(error, CryptoErrorCode.unsupportedCipherSuite)).toBe(true);
    // mlskit refuses to create a package of a suite the policy excludes.
    const credential = basicCredential("alice@example.com");
    const signatureKeyPair = await (
      await createWebCryptoProvider().getCipherSuite(2)
    ).signature.generateKeyPair();
    await expect(
      createKeyPackage({ provider, cipherSuite: 2, credential, signatureKeyPair }),
    ).rejects.toMatchObject({ code: CryptoErrorCode.unsupportedCipherSuite });
  });

  it("checks its arguments", () => {
    expect(() => instrumentCryptoProvider({} as never)).toThrow(TypeError);
    expect(() => instrumentCryptoProvider(createWebCryptoProvider(), { cipherSuites: [0x10000] })).toThrow(
      RangeError,
    );
  });

  it("counts what a key package costs, and reports no secret", async () => {
    const events: CryptoOperationEvent[] = [];
    const provider = instrumentCryptoProvider(createWebCryptoProvider(), {
      onOperation: (e) => events.push(e),
    });
    const suite = await provider.getCipherSuite(1);
    const signatureKeyPair = await suite.signature.generateKeyPair();
    provider.reset();
    events.length = 0;

    const options = {
      provider,
      cipherSuite: 1,
      credential: basicCredential("alice@example.com"),
      signatureKeyPair,
    };
    // The first package with a key pair also proves once that the pair matches (sign + verify a probe).
    await createKeyPackage(options);
    expect(provider.count("signature.sign", 1)).toBe(3);
    expect(provider.count("signature.verify", 1)).toBe(1);
    provider.reset();
    events.length = 0;
    // Then: two HPKE key pairs (init_key, encryption_key), two signatures (leaf node, key package).
    const bundle = await createKeyPackage(options);
    expect(provider.count("hpke.generateKeyPair")).toBe(2);
    expect(provider.count("signature.sign", 1)).toBe(2);
    expect(provider.count("signature.sign", 2)).toBe(0);
    expect(provider.count("signature.verify")).toBe(0);

    await validateKeyPackage(decodeKeyPackageMessage(encodeKeyPackageMessage(bundle.keyPackage)), {
      provider,
    });
    expect(provider.count("signature.verify")).toBe(2);
    expect(events.filter((e) => e.operation === "signature.verify").map((e) => e.outcome)).toEqual([
      "ok",
      "ok",
    ]);

    // A failed open is reported with its code; a false verify as "rejected".
    await expect(
      suite.hpke.open(
        bundle.initPrivateKey,
        new Uint8Array(32),
        new Uint8Array(0),
        new Uint8Array(0),
        new Uint8Array(16),
      ),
    ).rejects.toThrow();
    expect(events.at(-1)).toEqual({
      provider: "webcrypto",
      cipherSuite: 1,
      operation: "hpke.open",
      outcome: "failed",
      errorCode: CryptoErrorCode.hpkeOpenFailed,
    });
    expect(
      await suite.signature.verify(signatureKeyPair.publicKey, new Uint8Array([1]), new Uint8Array(64)),
    ).toBe(false);
    expect(events.at(-1)?.outcome).toBe("rejected");

    // Events are public facts only: no bytes, and none of the secrets appear in them.
    const log = JSON.stringify(events);
    for (const event of events) {
      for (const value of Object.values(event)) expect(["string", "number"]).toContain(typeof value);
    }
    for (const secret of [signatureKeyPair.privateKey, bundle.initPrivateKey, bundle.encryptionPrivateKey]) {
      expect(log).not.toContain(hex(secret));
    }
  });

  it("counts randomBytes, and a throwing observer does not break the provider", () => {
    const provider = instrumentCryptoProvider(createWebCryptoProvider(), {
      onOperation: () => {
        throw new Error("observer failed");
      },
    });
    expect(provider.randomBytes(16).length).toBe(16);
    expect(provider.count("randomBytes")).toBe(1);
    provider.reset();
    expect(provider.count("randomBytes")).toBe(0);
  });
});
