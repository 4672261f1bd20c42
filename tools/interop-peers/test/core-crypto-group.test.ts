/**
 * @module core-crypto-group.test
 * The core-crypto peer tells the truth: core-crypto (wasm, in Node) loads, and a core-crypto
 * client whose key package the conversation adds joins from the Welcome with its own
 * `processWelcomeMessage`, then exports the same secret as the committer — the value mlskit's
 * interop tests compare their own MLS-Exporter with.
 */
import type { CipherSuite } from "@wireapp/core-crypto/browser";
import { describe, expect, it } from "vitest";
import {
  CORE_CRYPTO_SUITES,
  coreCryptoWelcome,
  loadCoreCrypto,
  mlsMessageBody,
  WireFormat,
} from "../src/index.js";

/** A core-crypto client's own key package as MLSMessage bytes, and a way to join with it. */
async function coreCryptoJoiner(cipherSuite: number) {
  const cc = await loadCoreCrypto();
  const core = cc.CoreCrypto.new(await cc.Database.inMemory());
  const clientId = new cc.ClientId(new cc.Uuid(crypto.randomUUID()), new cc.DeviceId(9n), "joiner.example");
  const transport = { sendCommitBundle: async () => {}, prepareForTransport: async () => new Uint8Array(0) };
  const keyPackage = await core.transaction(async (ctx) => {
    await ctx.mlsInit(clientId, transport);
    const credential = await ctx.addCredential(cc.Credential.basic(cipherSuite as CipherSuite, clientId));
    return ctx.generateKeyPackage(credential);
  });
  const bare = keyPackage.serialize();
  const message = new Uint8Array(4 + bare.length);
  message.set([0, 1, 0, WireFormat.mls_key_package]);
  message.set(bare, 4);
  return {
    keyPackage: message,
    join: async (welcome: Uint8Array) => {
      const id = await core.transaction((ctx) => ctx.processWelcomeMessage(new cc.Welcome(welcome)));
      return {
        epoch: await core.conversationEpoch(id),
        groupId: id.copyBytes(),
        members: (await core.transaction((ctx) => ctx.getClientIds(id))).length,
        exportSecret: async (n: number) =>
          (await core.transaction((ctx) => ctx.exportSecretKey(id, n))).copyBytes(),
      };
    },
  };
}

describe("core-crypto peer: a core-crypto joiner agrees with what the harness reports", () => {
  it("loads the wasm build in Node and leaves no global window or fetch shim behind", async () => {
    const fetchBefore = globalThis.fetch;
    const cc = await loadCoreCrypto();
    expect(cc.version()).toBe("10.3.0");
    expect("window" in globalThis).toBe(false);
    expect(globalThis.fetch).toBe(fetchBefore);
  });

  for (const cs of CORE_CRYPTO_SUITES) {
    it(`suite ${cs}: group of 2`, async () => {
      const joiner = await coreCryptoJoiner(cs);
      const w = await coreCryptoWelcome({ cipherSuite: cs, keyPackage: joiner.keyPackage });
      expect(mlsMessageBody(w.welcome, WireFormat.mls_welcome).subarray(0, 2)).toEqual(
        new Uint8Array([0, cs]),
      );
      expect(mlsMessageBody(w.groupInfo, WireFormat.mls_group_info).length).toBeGreaterThan(0);
      expect(w).toMatchObject({ epoch: 1n, memberCount: 2, joinerLeafIndex: 1, signerLeafIndex: 0 });
      const joined = await joiner.join(w.welcome);
      expect(joined).toMatchObject({ epoch: w.epoch, groupId: w.groupId, members: w.memberCount });
      expect(await joined.exportSecret(32)).toEqual(await w.exportSecret(32));
    });
  }

  it("suite 1: group of 4, the Add committed by a member other than the creator", async () => {
    const joiner = await coreCryptoJoiner(1);
    const w = await coreCryptoWelcome({ cipherSuite: 1, keyPackage: joiner.keyPackage, groupSize: 4 });
    expect(w).toMatchObject({ epoch: 2n, memberCount: 4, joinerLeafIndex: 3, signerLeafIndex: 2 });
    const joined = await joiner.join(w.welcome);
    expect(joined).toMatchObject({ epoch: 2n, members: 4 });
    expect(await joined.exportSecret(48)).toEqual(await w.exportSecret(48));
  });
});
