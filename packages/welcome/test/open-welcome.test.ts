import { toHex } from "@mlskit/codec";
import { CIPHER_SUITES } from "@mlskit/crypto-provider";
import { createNodeCryptoProvider } from "@mlskit/crypto-provider-node";
import { createWebCryptoProvider } from "@mlskit/crypto-provider-webcrypto";
import { describe, expect, it } from "vitest";
import { openWelcome } from "../src/index.js";
import { buildWelcome } from "../src/testing/index.js";
import { joinerBundle, joinerWelcome, NOW, openJoinerWelcome, provider } from "./helpers.js";

describe("openWelcome with the builder", () => {
  // Every suite the provider implements (the registry's post-quantum rows too, when it has them):
  // openWelcome has no per-suite code.
  it("covers every registry row: the seven suites of RFC 9420 and the provisional post-quantum ones", () => {
    expect([...provider.supportedCipherSuites()]).toEqual(CIPHER_SUITES.map((s) => s.id));
    expect(provider.supportedCipherSuites()).toEqual(
      expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 0x004f, 0x0906]),
    );
  });
  for (const cs of provider.supportedCipherSuites()) {
    it(`suite ${cs}: joins a 1+1 group and agrees on the epoch authenticator`, async () => {
      const { bundle, built } = await joinerWelcome({}, cs);
      const joined = await openJoinerWelcome({ bundle, built });
      expect(toHex(joined.epochAuthenticator)).toBe(toHex(built.epochAuthenticator));
      expect(joined.ownLeafIndex).toBe(1);
    });
  }
  it("suite 1: a group of 9 with history", async () => {
    const bundle = await joinerBundle(1);
    const other = await joinerBundle(1, {
      signatureKeyPair: await (await provider.getCipherSuite(1)).signature.generateKeyPair(),
    });
    const built = await buildWelcome({
      provider,
      joiners: [bundle.keyPackage, other.keyPackage],
      members: 9,
      priorUpdates: [5],
      priorCommits: [2, 6],
      removed: [4],
      committer: 7,
      now: NOW,
    });
    const joined = await openJoinerWelcome({ bundle, built });
    expect(toHex(joined.epochAuthenticator)).toBe(toHex(built.epochAuthenticator));
    expect(joined.ownLeafIndex).toBe(built.joinerLeafIndices[0]);
    const j2 = await openWelcome({ welcome: built.welcomeBytes, provider, bundle: other, now: NOW });
    expect(j2.ownLeafIndex).toBe(built.joinerLeafIndices[1]);
  });

  it("a Welcome built with one provider opens with the others (noble → node, webcrypto), all seven suites and an X-Wing and an ML-DSA one", async () => {
    const others = [createNodeCryptoProvider(), createWebCryptoProvider()];
    for (const cs of [1, 2, 3, 4, 5, 6, 7, 0x004f, 0x0051]) {
      const { bundle, built } = await joinerWelcome({ members: 3 }, cs);
      for (const other of others) {
        const joined = await openWelcome({ welcome: built.welcomeBytes, provider: other, bundle, now: NOW });
        expect(toHex(joined.epochAuthenticator)).toBe(toHex(built.epochAuthenticator));
      }
    }
  });
});
