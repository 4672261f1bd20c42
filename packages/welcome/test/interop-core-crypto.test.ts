/**
 * @module interop-core-crypto.test
 * Interop with core-crypto (Wire's `@wireapp/core-crypto` 10.3.0 from npm: OpenMLS compiled to
 * wasm, run in Node): a core-crypto conversation adds our key package and we open its Welcome,
 * landing in the same group as core-crypto's committer — same group id, epoch, members, our leaf
 * — and our MLS-Exporter("exporter", "", n) equals core-crypto's `exportSecretKey` (RFC 9420
 * §8.5), for every suite core-crypto runs (1, 2, 3, 5, 7). core-crypto adds a key package only if
 * it lists the credential types basic and x509 in its capabilities; ours here do.
 */
import {
  CORE_CRYPTO_REQUIRED_CREDENTIALS,
  CORE_CRYPTO_SUITES,
  coreCryptoWelcome,
} from "@mlskit/interop-peers";
import { encodeKeyPackageMessage } from "@mlskit/key-packages";
import { createMemoryKeyStore } from "@mlskit/keystore-memory";
import { describe, expect, it } from "vitest";
import { openWelcome } from "../src/index.js";
import { provider } from "./helpers.js";
import { expectSameGroup, mlsExporter, peerBundle } from "./interop-helpers.js";

describe("core-crypto conversation adds our key package; we open the Welcome and agree with the committer", () => {
  for (const cs of CORE_CRYPTO_SUITES) {
    it(`suite ${cs}: group of 2 — opens with the bundle, same exported secret`, async () => {
      const bundle = await peerBundle(cs);
      expect(bundle.keyPackage.leafNode.capabilities.credentials).toEqual(
        expect.arrayContaining([...CORE_CRYPTO_REQUIRED_CREDENTIALS]),
      );
      const w = await coreCryptoWelcome({
        cipherSuite: cs,
        keyPackage: encodeKeyPackageMessage(bundle.keyPackage),
      });
      const joined = await openWelcome({ welcome: w.welcome, provider, bundle });
      expectSameGroup(joined, w, bundle);
      expect(await mlsExporter(joined, "exporter", new Uint8Array(0), 32)).toEqual(await w.exportSecret(32));
    });
  }

  it("suite 1: group of 4, the Add committed by a member other than the creator — opens through a store, commit consumes", async () => {
    const bundle = await peerBundle(1);
    const store = await createMemoryKeyStore();
    await store.put(bundle);
    const w = await coreCryptoWelcome({
      cipherSuite: 1,
      keyPackage: encodeKeyPackageMessage(bundle.keyPackage),
      groupSize: 4,
    });
    const joined = await openWelcome({ welcome: w.welcome, provider, store });
    expectSameGroup(joined, w, bundle);
    expect(await mlsExporter(joined, "exporter", new Uint8Array(0), 64)).toEqual(await w.exportSecret(64));
    await joined.commit();
    expect(await store.count()).toBe(0);
  });
});
