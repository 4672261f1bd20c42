/**
 * @module interop-ts-mls.test
 * Interop with ts-mls 1.6.4 (npm `ts-mls`, another TypeScript MLS implementation), suites 1–7:
 * 1. key packages made by ts-mls validate here;
 * 2. ours decode in ts-mls byte-identically, pass its leaf-node and key-package signature checks,
 *    and have the same KeyPackageRef there;
 * 3. a ts-mls group commits an Add of our package, our init private key opens its Welcome, and
 *    ts-mls's own `joinGroup` accepts the Welcome with our bundle's private keys.
 *
 * Facts about ts-mls 1.6.4 these tests pin down (see the test names):
 * - `defaultLifetime` is `(0, 2^63 − 1)`: longer than our default maximum (365 d + 1 h), so those
 *   packages need an explicit `lifetimePolicy` (here `maxTotalSeconds: 2 ** 63`, or `false`). Its
 *   `defaultLifetimeConfig.maximumTotalLifetime` (1 month) is declared but never enforced.
 * - `defaultCapabilities()` lists all 19 suites it knows (1–7 and 77–88), basic and x509, and a
 *   random set of GREASE values (each with probability 0.1) in every list but versions.
 * - its ECDSA key generation (suites 2, 5, 7) emits *compressed* SEC1 signature keys (33/67/49
 *   bytes), against RFC 9420 §5.1.1 (UncompressedPointRepresentation); we reject those (KP-08).
 * - ECDSA signatures are DER on both sides.
 */
import { GREASE_VALUES } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { applicationIdExtension } from "@mlskit/extensions";
import {
  createApplicationMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  generateKeyPackage,
  generateKeyPackageWithKey,
  joinGroup,
  processPrivateMessage,
  type KeyPackage as TsKeyPackage,
} from "ts-mls";
import { greaseCapabilities } from "ts-mls/grease.js";
import { makeKeyPackageRef, verifyKeyPackage } from "ts-mls/keyPackage.js";
import { verifyLeafNodeSignatureKeyPackage } from "ts-mls/leafNode.js";
import { decryptGroupSecrets } from "ts-mls/welcome.js";
import { describe, expect, it } from "vitest";
import {
  createKeyPackage,
  DEFAULT_LIFETIME_POLICY,
  encodeKeyPackage,
  encodeKeyPackageMessage,
  isLastResortKeyPackage,
  type KeyPackageBundle,
  keyPackageRef,
  validateKeyPackage,
} from "../src/index.js";
import { codeOf, NOW, provider, signatureKeyPairFor } from "./helpers.js";
import {
  ECDSA_SUITES,
  openOurGroupSecrets,
  ourToTs,
  parseWelcomeMessage,
  TS_MLS_SUITES,
  type TsGroupAfterAdd,
  tsBasicCredential,
  tsGroupAdding,
  tsImpl,
  tsKeyPackageToBytes,
  tsToOur,
} from "./ts-mls-helpers.js";

const DAY = 86_400n;
const U63_MAX = 2n ** 63n - 1n;
const COMPRESSED_SIGNATURE_KEY_SIZE: Record<number, number> = { 2: 33, 5: 67, 7: 49 };

/** A ts-mls package signed by ts-mls with a key pair whose public half is RFC-conformant. */
async function tsPackageWithConformantKey(
  cs: number,
  extra: { lifetime?: { notBefore: bigint; notAfter: bigint } },
) {
  const impl = await tsImpl(cs);
  // ts-mls's own ECDSA keygen compresses the public key; an uncompressed pair of the same format
  // (raw scalar private key) comes from our provider. ts-mls still does all of the signing.
  const signatureKeyPair = ECDSA_SUITES.includes(cs)
    ? await (await provider.getCipherSuite(cs)).signature
        .generateKeyPair()
        .then((k) => ({ signKey: k.privateKey, publicKey: k.publicKey }))
    : await impl.signature.keygen();
  return generateKeyPackageWithKey(
    tsBasicCredential("carol"),
    defaultCapabilities(),
    extra.lifetime ?? defaultLifetime,
    [],
    signatureKeyPair,
    impl,
  );
}

/** ts-mls's default generateKeyPackage of suite `cs`, read by us: it round-trips byte-identically. */
async function tsDefaultKeyPackage(cs: number) {
  const generated = await generateKeyPackage(
    tsBasicCredential("bob"),
    defaultCapabilities(),
    defaultLifetime,
    [],
    await tsImpl(cs),
  );
  const kp = tsToOur(generated.publicPackage);
  expect(encodeKeyPackageMessage(kp)).toEqual(tsKeyPackageToBytes(generated.publicPackage));
  return { generated, kp };
}

async function expectSameRef(ts: TsKeyPackage, cs: number, ourRef: Uint8Array): Promise<void> {
  const impl = await tsImpl(cs);
  expect(await makeKeyPackageRef(ts, impl.hash)).toEqual(ourRef);
}

describe("ts-mls → mlskit: key packages made by ts-mls validate here", () => {
  for (const cs of TS_MLS_SUITES) {
    if (ECDSA_SUITES.includes(cs)) {
      it(`suite ${cs}: ts-mls default generateKeyPackage is rejected (KP-08): ts-mls emits a compressed ECDSA signature key, RFC 9420 §5.1.1 requires uncompressed`, async () => {
        const { kp } = await tsDefaultKeyPackage(cs);
        expect(kp.leafNode.signatureKey.length).toBe(COMPRESSED_SIGNATURE_KEY_SIZE[cs]);
        expect([0x02, 0x03]).toContain(kp.leafNode.signatureKey[0]);
        expect(await codeOf(validateKeyPackage(kp, { provider, now: NOW, lifetimePolicy: false }))).toBe(
          "KEY_PACKAGE_INVALID_SIGNATURE_KEY",
        );
      });
    } else {
      it(`suite ${cs}: ts-mls default generateKeyPackage (lifetime 0..2^63-1) is KP-23 under our default policy, validates with an explicit 2^63 s policy, round-trips byte-identically, same ref`, async () => {
        const { generated, kp } = await tsDefaultKeyPackage(cs);
        expect(kp.leafNode.lifetime).toEqual({ notBefore: 0n, notAfter: U63_MAX });
        // The "eternal" default is over our maximum total lifetime (365 d + 1 h) …
        expect(await codeOf(validateKeyPackage(kp, { provider, now: NOW, expectedCipherSuite: cs }))).toBe(
          "KEY_PACKAGE_LIFETIME_TOO_LONG",
        );
        // … so the application states its own maximum. 2^63 s (a number exactly representable as a
        // double, above 2^63 − 1) takes it, as does turning the maximum off.
        const valid = await validateKeyPackage(kp, {
          provider,
          now: NOW,
          lifetimePolicy: { ...DEFAULT_LIFETIME_POLICY, maxTotalSeconds: 2 ** 63 },
          expectedCipherSuite: cs,
        });
        await validateKeyPackage(kp, { provider, now: NOW, lifetimePolicy: false, expectedCipherSuite: cs });
        await expectSameRef(generated.publicPackage, cs, await keyPackageRef(valid, provider));
      });
    }

    it(`suite ${cs}: ts-mls package with an 84-day lifetime and an uncompressed signature key validates under the default policy, same ref`, async () => {
      const lifetime = { notBefore: NOW - 3600n, notAfter: NOW + 84n * DAY };
      const generated = await tsPackageWithConformantKey(cs, { lifetime });
      const kp = tsToOur(generated.publicPackage);
      expect(encodeKeyPackageMessage(kp)).toEqual(tsKeyPackageToBytes(generated.publicPackage));
      const valid = await validateKeyPackage(kp, { provider, now: NOW, expectedCipherSuite: cs });
      expect(valid.leafNode.lifetime).toEqual(lifetime);
      await expectSameRef(generated.publicPackage, cs, await keyPackageRef(valid, provider));
    });
  }

  it("suite 1: ts-mls package with every GREASE value in every capability list, an application_id leaf extension and a last_resort extension validates", async () => {
    const impl = await tsImpl(1);
    const caps = greaseCapabilities(
      { probabilityPerGreaseValue: 1 },
      {
        versions: ["mls10"],
        ciphersuites: [impl.name],
        extensions: [0x000a],
        proposals: [],
        credentials: ["basic"],
      },
    );
    const generated = await generateKeyPackage(
      tsBasicCredential("dave"),
      caps,
      { notBefore: NOW - 3600n, notAfter: NOW + 84n * DAY },
      [{ extensionType: 0x000a, extensionData: new Uint8Array(0) }],
      impl,
      [{ extensionType: "application_id", extensionData: new Uint8Array([7, 7]) }],
    );
    const kp = tsToOur(generated.publicPackage);
    const listed = kp.leafNode.capabilities;
    for (const list of [listed.cipherSuites, listed.extensions, listed.proposals, listed.credentials]) {
      expect(list.filter((v) => GREASE_VALUES.includes(v)).length).toBe(GREASE_VALUES.length);
    }
    const valid = await validateKeyPackage(kp, { provider, now: NOW, expectedCipherSuite: 1 });
    expect(isLastResortKeyPackage(valid)).toBe(true);
    expect(valid.leafNode.extensions).toEqual([{ extensionType: 1, extensionData: new Uint8Array([7, 7]) }]);
    await expectSameRef(generated.publicPackage, 1, await keyPackageRef(valid, provider));
  });
});

/** Our package for suite `cs`, made now (ts-mls checks an added package's lifetime against its clock). */
async function ourBundle(cs: number, extra: { lastResort?: boolean } = {}): Promise<KeyPackageBundle> {
  return createKeyPackage({
    provider,
    cipherSuite: cs,
    credential: basicCredential("bob@mlskit.example"),
    signatureKeyPair: await signatureKeyPairFor(cs),
    ...extra,
    ...(extra.lastResort === true
      ? { leafNodeExtensions: [applicationIdExtension(new Uint8Array([1]))] }
      : {}),
  });
}

async function expectTsAccepts(bundle: KeyPackageBundle, cs: number): Promise<void> {
  const impl = await tsImpl(cs);
  const ts = ourToTs(bundle.keyPackage);
  // Byte-identical re-encoding: ts-mls keeps GREASE and unknown values (open enums).
  expect(tsKeyPackageToBytes(ts)).toEqual(encodeKeyPackageMessage(bundle.keyPackage));
  expect(await verifyLeafNodeSignatureKeyPackage(ts.leafNode, impl.signature)).toBe(true);
  expect(await verifyKeyPackage(ts, impl.signature)).toBe(true);
  expect(await makeKeyPackageRef(ts, impl.hash)).toEqual(bundle.ref);
  expect(await keyPackageRef(bundle.keyPackage, provider)).toEqual(bundle.ref);
}

describe("mlskit → ts-mls: our key packages pass ts-mls's checks", () => {
  for (const cs of TS_MLS_SUITES) {
    it(`suite ${cs}: decodes in ts-mls byte-identically, leaf-node and key-package signatures verify there, same KeyPackageRef`, async () => {
      const bundle = await ourBundle(cs);
      await expectTsAccepts(bundle, cs);
    });
  }

  it("suite 1: a last-resort package with an application_id leaf extension and GREASE passes ts-mls too", async () => {
    const bundle = await ourBundle(1, { lastResort: true });
    expect(encodeKeyPackage(bundle.keyPackage).length).toBeGreaterThan(0);
    await expectTsAccepts(bundle, 1);
  });

  it("suite 1: ts-mls rejects our package once a signed byte changes (its check is real)", async () => {
    const bundle = await ourBundle(1);
    const impl = await tsImpl(1);
    const ts = ourToTs(bundle.keyPackage);
    const tampered = { ...ts, signature: ts.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(await verifyKeyPackage(tampered, impl.signature)).toBe(false);
  });
});

interface AddedSetup {
  readonly bundle: KeyPackageBundle;
  readonly ts: TsKeyPackage;
  readonly group: TsGroupAfterAdd;
}

const addSetups = new Map<number, Promise<AddedSetup>>();

/** Our package, added by a fresh ts-mls group: shared by the two Welcome tests of a suite. */
function addedByTsMls(cs: number): Promise<AddedSetup> {
  let p = addSetups.get(cs);
  if (p === undefined) {
    p = (async () => {
      const bundle = await ourBundle(cs);
      const ts = ourToTs(bundle.keyPackage);
      return { bundle, ts, group: await tsGroupAdding(cs, ts) };
    })();
    addSetups.set(cs, p);
  }
  return p;
}

describe("ts-mls group adds our key package; the Welcome opens with our keys", () => {
  for (const cs of TS_MLS_SUITES) {
    it(`suite ${cs}: ts-mls commits an Add of our package, and our init private key opens the Welcome's GroupSecrets (DecryptWithLabel "Welcome")`, async () => {
      const { bundle, group } = await addedByTsMls(cs);
      const welcome = parseWelcomeMessage(group.welcomeBytes);
      expect(welcome).toMatchObject({ version: 1, wireFormat: 3, cipherSuite: cs });
      const secrets = await openOurGroupSecrets(provider, cs, welcome, bundle);
      expect(secrets.psks.length).toBe(0);
      // ts-mls, given our init private key, reads the same joiner secret.
      const fromTs = await decryptGroupSecrets(
        await group.impl.hpke.importPrivateKey(bundle.initPrivateKey),
        bundle.ref,
        group.welcome,
        group.impl.hpke,
      );
      expect(fromTs?.joinerSecret).toEqual(secrets.joinerSecret);
    });

    it(`suite ${cs}: ts-mls joinGroup accepts the Welcome with our bundle's init, encryption and signature private keys; our member then signs a message the creator accepts`, async () => {
      const { bundle, ts, group } = await addedByTsMls(cs);
      const impl = group.impl;
      const member = await joinGroup(
        group.welcome,
        ts,
        {
          initPrivateKey: bundle.initPrivateKey,
          hpkePrivateKey: bundle.encryptionPrivateKey,
          signaturePrivateKey: (await signatureKeyPairFor(cs)).privateKey,
        },
        emptyPskIndex,
        impl,
        group.creator.ratchetTree,
      );
      expect(member.groupContext.epoch).toBe(group.creator.groupContext.epoch);
      expect(member.groupContext.treeHash).toEqual(group.creator.groupContext.treeHash);
      expect(member.keySchedule.epochAuthenticator).toEqual(group.creator.keySchedule.epochAuthenticator);
      // The member's first message is signed with our signature private key and encrypted with the
      // secrets derived from the Welcome; the creator verifies and decrypts it.
      const text = new TextEncoder().encode(`hello from mlskit, suite ${cs}`);
      const sent = await createApplicationMessage(member, text, impl);
      const received = await processPrivateMessage(group.creator, sent.privateMessage, emptyPskIndex, impl);
      expect(received.kind).toBe("applicationMessage");
      if (received.kind === "applicationMessage") expect(received.message).toEqual(text);
    });
  }
});

describe("ts-mls defaults, as our validator sees them", () => {
  it("ts-mls defaultLifetime exceeds DEFAULT_LIFETIME_POLICY.maxTotalSeconds (365 d + 1 h)", () => {
    expect(defaultLifetime.notAfter - defaultLifetime.notBefore).toBe(U63_MAX);
    expect(U63_MAX > BigInt(DEFAULT_LIFETIME_POLICY.maxTotalSeconds)).toBe(true);
  });
});
