/**
 * @module interop-ts-mls.test
 * Interop with ts-mls 1.6.4 (npm): a ts-mls group adds our key package, and we open its Welcome —
 * with the bundle and through a store — and land in the same group as ts-mls's committer: same
 * group id, epoch, members, our leaf where ts-mls put it, and the same epoch authenticator and
 * MLS-Exporter output (RFC 9420 §8.5, §8.7), for every suite.
 *
 * ts-mls 1.6.4 writes ECDSA signature keys compressed (suites 2, 5, 7), which RFC 9420 §5.1.1
 * forbids (UncompressedPointRepresentation): a tree holding its own keys is refused with
 * WELCOME_INVALID_SIGNATURE_KEY (the leaf signature-key check, run before the GroupInfo signature
 * is verified with the signer's key), and the key package is not consumed. The same groups with
 * uncompressed keys (ts-mls signing with them as before) open.
 */
import {
  TS_MLS_COMPRESSED_KEY_SUITES,
  TS_MLS_SUITES,
  type TsMlsWelcome,
  type TsMlsWelcomeOptions,
  tsMlsWelcome,
} from "@mlskit/interop-peers";
import { encodeKeyPackageMessage, type KeyPackageBundle } from "@mlskit/key-packages";
import { createMemoryKeyStore } from "@mlskit/keystore-memory";
import { describe, expect, it } from "vitest";
import { openWelcome, type PreSharedKeyId, PskType, WelcomeErrorCode } from "../src/index.js";
import { codeOf, provider } from "./helpers.js";
import { expectSameGroup, mlsExporter, peerBundle } from "./interop-helpers.js";

async function addedByTsMls(
  cipherSuite: number,
  extra: Omit<TsMlsWelcomeOptions, "cipherSuite" | "keyPackage"> = {},
): Promise<{ bundle: KeyPackageBundle; w: TsMlsWelcome }> {
  const bundle = await peerBundle(cipherSuite);
  const keyPackage = encodeKeyPackageMessage(bundle.keyPackage);
  return { bundle, w: await tsMlsWelcome({ cipherSuite, keyPackage, ...extra }) };
}

async function expectAgreesWithTsMls(
  joined: Awaited<ReturnType<typeof openWelcome>>,
  w: TsMlsWelcome,
  bundle: KeyPackageBundle,
) {
  expectSameGroup(joined, w, bundle);
  expect(joined.epochAuthenticator).toEqual(w.epochAuthenticator);
  const context = new TextEncoder().encode("mlskit interop");
  expect(await mlsExporter(joined, "interop", context, 32)).toEqual(await w.exporter("interop", context, 32));
}

describe("ts-mls group adds our key package; we open the Welcome and agree with the committer", () => {
  for (const cs of TS_MLS_SUITES) {
    const compressed = TS_MLS_COMPRESSED_KEY_SUITES.includes(cs);
    if (compressed) {
      it(`suite ${cs}: a tree with ts-mls's compressed ECDSA signature keys is refused with WELCOME_INVALID_SIGNATURE_KEY (RFC 9420 §5.1.1 requires uncompressed points) and the key package stays in the store`, async () => {
        const { bundle, w } = await addedByTsMls(cs);
        const store = await createMemoryKeyStore();
        await store.put(bundle);
        expect(await codeOf(openWelcome({ welcome: w.welcome, provider, store }))).toBe(
          WelcomeErrorCode.invalidSignatureKey,
        );
        expect((await store.get(bundle.ref))?.ref).toEqual(bundle.ref);
        expect(await codeOf(openWelcome({ welcome: w.welcome, provider, bundle }))).toBe(
          WelcomeErrorCode.invalidSignatureKey,
        );
      });
    }

    it(`suite ${cs}: group of 2, tree in the GroupInfo${compressed ? ", ts-mls given uncompressed signature keys" : ""}: opens with the bundle, same epoch authenticator`, async () => {
      const { bundle, w } = await addedByTsMls(cs, compressed ? { signatureKeys: "uncompressed" } : {});
      expect(w.ratchetTreeInGroupInfo).toBe(true);
      const joined = await openWelcome({ welcome: w.welcome, provider, bundle });
      await expectAgreesWithTsMls(joined, w, bundle);
    });
  }

  for (const cs of [1, 2]) {
    it(`suite ${cs}: group of 5, tree out of band, the Add committed by a member other than the creator: opens through a store; commit consumes the package`, async () => {
      const { bundle, w } = await addedByTsMls(cs, {
        groupSize: 5,
        ratchetTree: "out-of-band",
        signatureKeys: "uncompressed",
      });
      expect(w).toMatchObject({ memberCount: 5, joinerLeafIndex: 4, signerLeafIndex: 3 });
      const store = await createMemoryKeyStore();
      await store.put(bundle);
      // Without the tree the Welcome cannot be opened, and the package is not lost.
      expect(await codeOf(openWelcome({ welcome: w.welcome, provider, store }))).toBe(
        WelcomeErrorCode.ratchetTreeMissing,
      );
      expect(await store.count()).toBe(1);
      const joined = await openWelcome({ welcome: w.welcome, provider, store, ratchetTree: w.ratchetTree });
      await expectAgreesWithTsMls(joined, w, bundle);
      expect(await store.get(bundle.ref)).toBe(undefined); // reserved
      await joined.commit();
      expect(await store.count()).toBe(0);
      expect(await store.take(bundle.ref)).toBe(undefined);
    });
  }

  it("suite 1: the Add commit also removes a member: the Welcome carries a path_secret that matches the tree", async () => {
    const { bundle, w } = await addedByTsMls(1, { groupSize: 4, pathSecret: true });
    const joined = await openWelcome({ welcome: w.welcome, provider, bundle });
    expect(joined.pathSecret?.length).toBe(32);
    await expectAgreesWithTsMls(joined, w, bundle);
  });

  it("suite 1: external PSKs — missing one is W-08 and consumes nothing; with both the joiner agrees", async () => {
    const psks = [1, 2].map((i) => ({
      id: new TextEncoder().encode(`psk-${i}`),
      secret: new Uint8Array(32).fill(i),
    }));
    const { bundle, w } = await addedByTsMls(1, { groupSize: 3, externalPsks: psks });
    const store = await createMemoryKeyStore();
    await store.put(bundle);
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    // The application knows the external PSKs named in `names`, nothing else.
    const known = (names: string[]) => (id: PreSharedKeyId) =>
      id.pskType === PskType.external && names.includes(text(id.pskId))
        ? psks.find((p) => text(p.id) === text(id.pskId))?.secret
        : undefined;
    expect(await codeOf(openWelcome({ welcome: w.welcome, provider, store, psk: known(["psk-1"]) }))).toBe(
      WelcomeErrorCode.pskMissing,
    );
    expect(await store.count()).toBe(1);
    const joined = await openWelcome({ welcome: w.welcome, provider, store, psk: known(["psk-1", "psk-2"]) });
    await expectAgreesWithTsMls(joined, w, bundle);
    await joined.release();
    expect(await store.count()).toBe(1);
  });

  it("suite 1: a resumption PSK (usage application) of the group's previous epoch, supplied by the callback", async () => {
    const { bundle, w } = await addedByTsMls(1, { groupSize: 3, resumptionPsk: true });
    const resumption = w.resumptionPsk!;
    const joined = await openWelcome({
      welcome: w.welcome,
      provider,
      bundle,
      psk: (id) =>
        id.pskType === PskType.resumption && id.pskEpoch === resumption.epoch ? resumption.secret : undefined,
    });
    await expectAgreesWithTsMls(joined, w, bundle);
  });
});
