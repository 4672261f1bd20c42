import { inspect } from "node:util";
import { GREASE_VALUES, toHex } from "@mlskit/codec";
import { basicCredential, x509Credential } from "@mlskit/credentials";
import { applicationIdExtension, ExtensionType, parseApplicationId } from "@mlskit/extensions";
import { describe, expect, it } from "vitest";
import {
  createKeyPackage,
  createKeyPackages,
  decodeKeyPackage,
  decodeKeyPackageMessage,
  encodeKeyPackage,
  encodeKeyPackageMessage,
  isLastResortKeyPackage,
  keyPackageRef,
  restoreKeyPackageBundle,
  validateKeyPackage,
} from "../src/index.js";
import { codeOf, fixture, NOW, provider, signatureKeyPairFor } from "./helpers.js";

const isGrease = (v: number) => GREASE_VALUES.includes(v);

describe("createKeyPackage: every suite, create → encode → decode → validate → ref", () => {
  for (const cs of [1, 2, 3, 4, 5, 6, 7]) {
    it(`suite ${cs}`, async () => {
      const { bundle } = await fixture(cs);
      const bytes = encodeKeyPackageMessage(bundle.keyPackage);
      const decoded = decodeKeyPackageMessage(bytes);
      expect(encodeKeyPackage(decoded)).toEqual(encodeKeyPackage(bundle.keyPackage));
      const valid = await validateKeyPackage(decoded, { provider, now: NOW, expectedCipherSuite: cs });
      expect(await keyPackageRef(valid, provider)).toEqual(bundle.ref);
      const info = (await import("@mlskit/crypto-provider")).cipherSuiteInfo(cs)!;
      expect(bundle.ref.length).toBe(info.hashSize);
      expect(bundle.keyPackage.initKey.length).toBe(info.hpkePublicKeySize);
      expect(bundle.initPrivateKey.length).toBe(info.hpkePrivateKeySize);
      expect(bundle.encryptionPrivateKey.length).toBe(info.hpkePrivateKeySize);
      expect(toHex(bundle.keyPackage.initKey)).not.toBe(toHex(bundle.keyPackage.leafNode.encryptionKey));
    });
  }
});

describe("createKeyPackage: contents", () => {
  it("uses source key_package and the default lifetime of 84 days back-dated 1 hour", async () => {
    const { bundle } = await fixture(1);
    const leaf = bundle.keyPackage.leafNode;
    expect(leaf.leafNodeSource).toBe(1);
    expect(leaf.lifetime).toEqual({ notBefore: NOW - 3600n, notAfter: NOW + 84n * 86400n });
  });

  it("lists the used non-default types, never default ones, plus one GREASE value per list", async () => {
    const { bundle } = await fixture(1, {
      lastResort: true,
      leafNodeExtensions: [applicationIdExtension(new Uint8Array([1, 2]))],
      capabilities: {
        extensions: [ExtensionType.external_senders, 0xf000],
        proposals: [1, 2, 0xf001],
        cipherSuites: [3],
      },
    });
    const caps = bundle.keyPackage.leafNode.capabilities;
    expect(caps.versions).toEqual([1]);
    expect(caps.cipherSuites.filter((v) => !isGrease(v))).toEqual([1, 3]);
    expect(caps.extensions.filter((v) => !isGrease(v))).toEqual([0xf000, 0x000a]);
    expect(caps.proposals.filter((v) => !isGrease(v))).toEqual([0xf001]);
    expect(caps.credentials.filter((v) => !isGrease(v))).toEqual([1]);
    for (const list of [caps.cipherSuites, caps.extensions, caps.proposals, caps.credentials]) {
      expect(list.filter(isGrease).length).toBe(1);
    }
    expect(isLastResortKeyPackage(bundle.keyPackage)).toBe(true);
    expect(bundle.lastResort).toBe(true);
    expect(parseApplicationId(bundle.keyPackage.leafNode.extensions[0]!)).toEqual(new Uint8Array([1, 2]));
  });

  it("adds no GREASE with grease: false, and is not last resort by default", async () => {
    const { bundle } = await fixture(1, { grease: false });
    const caps = bundle.keyPackage.leafNode.capabilities;
    expect(
      [...caps.cipherSuites, ...caps.extensions, ...caps.proposals, ...caps.credentials].some(isGrease),
    ).toBe(false);
    expect(caps).toEqual({
      versions: [1],
      cipherSuites: [1],
      extensions: [],
      proposals: [],
      credentials: [1],
    });
    expect(bundle.lastResort).toBe(false);
  });

  it("carries an x509 credential through encode, decode and validate", async () => {
    const certs = [new Uint8Array([0x30, 0x03, 1, 2, 3]), new Uint8Array([0x30, 0x01, 9])];
    const { bundle } = await fixture(2, { credential: x509Credential(certs) });
    const kp = decodeKeyPackage(encodeKeyPackage(bundle.keyPackage));
    expect(kp.leafNode.credential).toEqual({
      credentialType: 2,
      certificates: certs.map((certData) => ({ certData })),
    });
    expect(kp.leafNode.capabilities.credentials).toContain(2);
    await validateKeyPackage(kp, { provider, now: NOW });
  });

  it("gives fresh keys to every package of a batch, in order, all valid", async () => {
    const signatureKeyPair = await signatureKeyPairFor(1);
    const bundles = await createKeyPackages({
      provider,
      cipherSuite: 1,
      credential: basicCredential("bob"),
      signatureKeyPair,
      count: 12,
      now: NOW,
    });
    expect(bundles.length).toBe(12);
    const inits = new Set(bundles.map((b) => toHex(b.keyPackage.initKey)));
    expect(inits.size).toBe(12);
    for (const b of bundles) await validateKeyPackage(b.keyPackage, { provider, now: NOW });
    expect(
      await createKeyPackages({
        provider,
        cipherSuite: 1,
        credential: basicCredential("b"),
        signatureKeyPair,
        count: 0,
      }),
    ).toEqual([]);
  });

  it("refuses a signature key pair that does not fit the suite", async () => {
    const ed = await signatureKeyPairFor(1);
    const p256 = await signatureKeyPairFor(2);
    const base = { provider, credential: basicCredential("a") };
    expect(await codeOf(createKeyPackage({ ...base, cipherSuite: 2, signatureKeyPair: ed }))).toBe(
      "KEY_PACKAGE_SIGNATURE_KEY_MISMATCH",
    );
    expect(await codeOf(createKeyPackage({ ...base, cipherSuite: 1, signatureKeyPair: p256 }))).toBe(
      "KEY_PACKAGE_SIGNATURE_KEY_MISMATCH",
    );
    const other = await (await provider.getCipherSuite(1)).signature.generateKeyPair();
    expect(
      await codeOf(
        createKeyPackage({
          ...base,
          cipherSuite: 1,
          signatureKeyPair: { publicKey: other.publicKey, privateKey: ed.privateKey },
        }),
      ),
    ).toBe("KEY_PACKAGE_SIGNATURE_KEY_MISMATCH");
  });

  it("refuses an unsupported suite and wrong argument types", async () => {
    const ed = await signatureKeyPairFor(1);
    expect(
      await codeOf(
        createKeyPackage({
          provider,
          cipherSuite: 0x0a0a,
          credential: basicCredential("a"),
          signatureKeyPair: ed,
        }),
      ),
    ).toBe("UNSUPPORTED_CIPHER_SUITE");
    await expect(
      createKeyPackage({
        provider,
        cipherSuite: "1" as never,
        credential: basicCredential("a"),
        signatureKeyPair: ed,
      }),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(
      createKeyPackage({ provider, cipherSuite: 1, credential: null as never, signatureKeyPair: ed }),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(
      createKeyPackage({
        provider,
        cipherSuite: 1,
        credential: basicCredential("a"),
        signatureKeyPair: ed,
        lifetime: { seconds: -1 },
      }),
    ).rejects.toBeInstanceOf(RangeError);
  });

  it("refuses to create a package its own validator would reject", async () => {
    const ed = await signatureKeyPairFor(1);
    const dup = applicationIdExtension(new Uint8Array([1]));
    expect(
      await codeOf(
        createKeyPackage({
          provider,
          cipherSuite: 1,
          credential: basicCredential("a"),
          signatureKeyPair: ed,
          leafNodeExtensions: [dup, dup],
        }),
      ),
    ).toBe("KEY_PACKAGE_DUPLICATE_LEAF_NODE_EXTENSION");
  });
});

describe("KeyPackageBundle: secrets", () => {
  it("never holds the signature private key, and redacts its private keys in JSON and inspect", async () => {
    const { bundle, signatureKeyPair } = await fixture(1);
    const json = JSON.stringify(bundle);
    const shown = inspect(bundle, { depth: 10, showHidden: true });
    for (const secret of [bundle.initPrivateKey, bundle.encryptionPrivateKey, signatureKeyPair.privateKey]) {
      const h = toHex(secret);
      expect(json).not.toContain(h);
      expect(shown).not.toContain(h);
      expect(json).not.toContain(Buffer.from(secret).toString("base64"));
    }
    expect(JSON.parse(json)).toMatchObject({ ref: toHex(bundle.ref), initPrivateKey: "[redacted]" });
    expect(shown).toContain("[redacted]");
    expect(Object.keys(bundle)).not.toContain("initPrivateKey");
    expect(String(bundle)).toBe(`KeyPackageBundle(${toHex(bundle.ref)})`);
  });

  it("dispose() zeroes both private keys and later reads throw", async () => {
    const { bundle } = await fixture(1);
    const init = bundle.initPrivateKey;
    const enc = bundle.encryptionPrivateKey;
    bundle.dispose();
    expect(init.every((b) => b === 0)).toBe(true);
    expect(enc.every((b) => b === 0)).toBe(true);
    expect(bundle.disposed).toBe(true);
    expect(await codeOf(() => bundle.initPrivateKey)).toBe("KEY_PACKAGE_BUNDLE_DISPOSED");
    bundle.dispose();
  });

  it("restores from stored parts", async () => {
    const { bundle } = await fixture(1);
    const restored = restoreKeyPackageBundle({
      keyPackage: encodeKeyPackage(bundle.keyPackage),
      ref: bundle.ref,
      initPrivateKey: bundle.initPrivateKey,
      encryptionPrivateKey: bundle.encryptionPrivateKey,
    });
    expect(encodeKeyPackage(restored.keyPackage)).toEqual(encodeKeyPackage(bundle.keyPackage));
    expect(restored.initPrivateKey).toEqual(bundle.initPrivateKey);
    expect(restored.initPrivateKey).not.toBe(bundle.initPrivateKey);
  });
});
