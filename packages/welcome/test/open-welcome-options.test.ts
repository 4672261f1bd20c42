import { toHex } from "@mlskit/codec";
import { describe, expect, it } from "vitest";
import { type OpenWelcomeOptions, openWelcome, WelcomeErrorCode } from "../src/index.js";
import { buildWelcome } from "../src/testing/index.js";
import { checkOf, codeOf, joinerBundle, joinerWelcome, NOW, openJoinerWelcome, provider } from "./helpers.js";

describe("openWelcome: arguments", () => {
  it("refuses malformed options with TypeError", async () => {
    const { bundle, built } = await joinerWelcome();
    const ok: OpenWelcomeOptions = { welcome: built.welcomeBytes, provider, bundle, now: NOW };
    const bad: unknown[] = [
      null,
      { ...ok, provider: {} },
      { ...ok, bundle: undefined },
      { ...ok, store: {} },
      { ...ok, bundle: { ref: bundle.ref } },
      { ...ok, welcome: "abc" },
      { ...ok, ratchetTree: [1, 2] },
      { ...ok, psk: "x" },
    ];
    for (const b of bad) await expect(openWelcome(b as OpenWelcomeOptions)).rejects.toBeInstanceOf(TypeError);
    await expect(openWelcome(ok)).resolves.toBeDefined();
  });

  it("accepts a decoded Welcome as well as MLSMessage bytes", async () => {
    const { bundle, built } = await joinerWelcome();
    const j = await openWelcome({ welcome: built.welcome, provider, bundle, now: NOW });
    expect(toHex(j.epochAuthenticator)).toBe(toHex(built.epochAuthenticator));
  });

  it("bytes that are not a Welcome MLSMessage are a CodecError", async () => {
    const { bundle, built } = await joinerWelcome();
    const kpMessage = built.welcomeBytes.slice();
    kpMessage[3] = 5;
    expect(await codeOf(openWelcome({ welcome: kpMessage, provider, bundle, now: NOW }))).toBe(
      WelcomeErrorCode.wrongWireFormat,
    );
  });
});

describe("openWelcome: more ways to break a check", () => {
  it("W-11: an MLSMessage version other than the group's", async () => {
    const { bundle, built } = await joinerWelcome();
    const bytes = built.welcomeBytes.slice();
    bytes[1] = 2;
    expect(await checkOf(openWelcome({ welcome: bytes, provider, bundle, now: NOW }))).toBe("W-11");
  });

  /** A suite-2 Welcome whose leaf `leafIndex` has its signature key compressed, re-signed by that member. */
  const withCompressedSignatureKey = (leafIndex: number) =>
    joinerWelcome(
      {
        members: leafIndex + 1,
        updatePath: false,
        editTree: async ({ tree, members }) => {
          const n = tree.node(2 * leafIndex);
          if (n?.nodeType !== 1) throw new Error("blank");
          const k = n.leafNode.signatureKey;
          const compressed = Uint8Array.from([2 + (k[64]! & 1), ...k.subarray(1, 33)]);
          const leaf = await tree.signLeaf(
            { ...n.leafNode, signatureKey: compressed },
            leafIndex,
            members.get(leafIndex)!.signatureKeyPair.privateKey,
          );
          tree.setNode(2 * leafIndex, { nodeType: 1, leafNode: leaf });
        },
      },
      2,
    );

  it("W-22, not W-32: the signer's own key compressed is named as a key-format failure", async () => {
    expect(await checkOf(openJoinerWelcome(await withCompressedSignatureKey(0)))).toBe("W-22");
  });

  it("W-22: a compressed ECDSA signature key (as ts-mls 1.6 writes them) in suite 2", async () => {
    expect(await checkOf(openJoinerWelcome(await withCompressedSignatureKey(1)))).toBe("W-22");
  });

  it("W-19: a malformed ratchet_tree extension in the GroupInfo", async () => {
    const { bundle, built } = await joinerWelcome({
      editGroupInfo: (gi) => ({
        ...gi,
        extensions: gi.extensions.map((e) =>
          e.extensionType === 2 ? { ...e, extensionData: e.extensionData.subarray(0, 10) } : e,
        ),
      }),
    });
    expect(await checkOf(openJoinerWelcome({ bundle, built }))).toBe("W-19");
  });

  it("prefers the signed ratchet_tree extension over the ratchetTree option", async () => {
    const { bundle, built } = await joinerWelcome();
    const j = await openWelcome({
      welcome: built.welcomeBytes,
      provider,
      bundle,
      ratchetTree: Uint8Array.of(0),
      now: NOW,
    });
    expect(j.ownLeafIndex).toBe(1);
  });

  it("W-05: GroupSecrets that do not decode keep the codec error as the cause, with its path", async () => {
    const { bundle, built } = await joinerWelcome({
      editGroupSecrets: () => Uint8Array.of(32, 1),
    });
    const e = await openJoinerWelcome({ bundle, built }).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: WelcomeErrorCode.groupSecretsMalformed,
      details: { check: "W-05", path: "GroupSecrets.joiner_secret" },
    });
    expect((e as Error).cause).toMatchObject({ code: "CODEC_LENGTH_EXCEEDS_INPUT" });
  });

  it("W-35: a credentialValidator's ValidationError keeps its own code and gets the check id", async () => {
    const { ValidationError } = await import("@mlskit/errors");
    const { bundle, built } = await joinerWelcome({ members: 2 });
    const e = await openWelcome({
      welcome: built.welcomeBytes,
      provider,
      bundle,
      now: NOW,
      credentialValidator: {
        validate: async () => {
          throw new ValidationError("CREDENTIAL_REJECTED", "no");
        },
      },
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "CREDENTIAL_REJECTED", details: { check: "W-35", leafIndex: 0 } });
  });

  it("several joiners in one Welcome each find their own leaf and agree on the epoch authenticator", async () => {
    const suite = await provider.getCipherSuite(3);
    const bundles = await Promise.all(
      [0, 1, 2].map(async () =>
        joinerBundle(3, { signatureKeyPair: await suite.signature.generateKeyPair() }),
      ),
    );
    const built = await buildWelcome({
      provider,
      joiners: bundles.map((b) => b.keyPackage),
      members: 6,
      removed: [2],
      priorCommits: [4],
      committer: 5,
      now: NOW,
    });
    for (const [i, bundle] of bundles.entries()) {
      const j = await openJoinerWelcome({ bundle, built });
      expect(j.ownLeafIndex).toBe(built.joinerLeafIndices[i]);
      expect(toHex(j.epochAuthenticator)).toBe(toHex(built.epochAuthenticator));
    }
    expect(built.joinerLeafIndices[0]).toBe(2); // the removed member's leaf is reused
  });
});
