/**
 * @module ts-mls-group.test
 * The ts-mls peer tells the truth: a ts-mls client whose key package the group adds joins from
 * the Welcome with ts-mls's own `joinGroup`, and everything the harness claims about the new epoch
 * (epoch authenticator, exporter, members, leaf indexes, path secret, PSKs, where the tree is) is
 * what that joiner sees. mlskit's interop tests compare against these claims.
 */
import {
  type ClientState,
  decodeMlsMessage,
  emptyPskIndex,
  encodeMlsMessage,
  joinGroup,
  mlsExporter,
  type PskIndex,
  type Welcome,
} from "ts-mls";
import { decodeRatchetTree } from "ts-mls/ratchetTree.js";
import { decryptGroupSecrets } from "ts-mls/welcome.js";
import { describe, expect, it } from "vitest";
import {
  mlsMessageBody,
  TS_MLS_COMPRESSED_KEY_SUITES,
  TS_MLS_SUITES,
  type TsMlsMember,
  type TsMlsWelcome,
  type TsMlsWelcomeOptions,
  tsMlsMember,
  tsMlsSuite,
  tsMlsWelcome,
  WireFormat,
} from "../src/index.js";

function welcomeOf(bytes: Uint8Array): Welcome {
  const decoded = decodeMlsMessage(bytes, 0);
  if (decoded?.[0].wireformat !== "mls_welcome") throw new Error("not a Welcome");
  return decoded[0].welcome;
}

/** A ts-mls client joins from the harness's Welcome, as the harness's joiner. */
async function join(
  member: TsMlsMember,
  w: TsMlsWelcome,
  pskIndex: PskIndex = emptyPskIndex,
): Promise<ClientState> {
  const impl = await tsMlsSuite(w.cipherSuite);
  const tree = w.ratchetTreeInGroupInfo ? undefined : decodeRatchetTree(w.ratchetTree, 0)?.[0];
  return joinGroup(welcomeOf(w.welcome), member.keyPackage, member.privateKeys, pskIndex, impl, tree);
}

async function welcomeFor(
  cipherSuite: number,
  extra: Omit<TsMlsWelcomeOptions, "cipherSuite" | "keyPackage"> = {},
): Promise<{ member: TsMlsMember; w: TsMlsWelcome }> {
  const member = await tsMlsMember(cipherSuite, "joiner", extra);
  const keyPackage = encodeMlsMessage({
    version: "mls10",
    wireformat: "mls_key_package",
    keyPackage: member.keyPackage,
  });
  return { member, w: await tsMlsWelcome({ cipherSuite, keyPackage, ...extra }) };
}

async function expectAgrees(state: ClientState, w: TsMlsWelcome): Promise<void> {
  expect(state.groupContext.groupId).toEqual(w.groupId);
  expect(state.groupContext.epoch).toBe(w.epoch);
  expect(state.keySchedule.epochAuthenticator).toEqual(w.epochAuthenticator);
  expect(state.privatePath.leafIndex).toBe(w.joinerLeafIndex);
  expect(state.ratchetTree.filter((n, i) => i % 2 === 0 && n !== undefined).length).toBe(w.memberCount);
  const impl = await tsMlsSuite(w.cipherSuite);
  const context = new TextEncoder().encode("interop");
  expect(await mlsExporter(state.keySchedule.exporterSecret, "check", context, 32, impl)).toEqual(
    await w.exporter("check", context, 32),
  );
}

describe("ts-mls peer: a ts-mls joiner agrees with what the harness reports", () => {
  for (const cs of TS_MLS_SUITES) {
    it(`suite ${cs}: group of 2, tree in the GroupInfo`, async () => {
      const { member, w } = await welcomeFor(cs);
      expect(mlsMessageBody(w.welcome, WireFormat.mls_welcome).length).toBeGreaterThan(0);
      expect(w).toMatchObject({ epoch: 1n, memberCount: 2, joinerLeafIndex: 1, signerLeafIndex: 0 });
      await expectAgrees(await join(member, w), w);
    });
  }

  it("suite 1: group of 5, tree out of band, Add committed by a member other than the creator", async () => {
    const { member, w } = await welcomeFor(1, { groupSize: 5, ratchetTree: "out-of-band" });
    expect(w).toMatchObject({ epoch: 2n, memberCount: 5, joinerLeafIndex: 4, signerLeafIndex: 3 });
    expect(w.ratchetTreeInGroupInfo).toBe(false);
    await expectAgrees(await join(member, w), w);
  });

  it("suite 1: pathSecret — the Add commit removes a member, and the joiner's GroupSecrets carry a path_secret", async () => {
    const { member, w } = await welcomeFor(1, { groupSize: 4, pathSecret: true });
    expect(w.memberCount).toBe(4);
    const impl = await tsMlsSuite(1);
    const secrets = await decryptGroupSecrets(
      await impl.hpke.importPrivateKey(member.privateKeys.initPrivateKey),
      await import("ts-mls/keyPackage.js").then((m) => m.makeKeyPackageRef(member.keyPackage, impl.hash)),
      welcomeOf(w.welcome),
      impl.hpke,
    );
    expect(secrets?.pathSecret).toBeInstanceOf(Uint8Array);
    await expectAgrees(await join(member, w), w);
  });

  it("suite 1: external PSKs — the joiner needs the same secrets", async () => {
    const psks = [1, 2].map((i) => ({
      id: new TextEncoder().encode(`psk-${i}`),
      secret: new Uint8Array(32).fill(i),
    }));
    const { member, w } = await welcomeFor(1, { groupSize: 3, externalPsks: psks });
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    // The joiner knows the secrets of `known` (psk id → secret), nothing else.
    const index = (known: Record<string, Uint8Array>): PskIndex => ({
      findPsk: (id) => (id.psktype === "external" ? known[text(id.pskId)] : undefined),
    });
    await expect(join(member, w, index({ "psk-1": psks[0]!.secret }))).rejects.toThrow();
    await expect(
      join(member, w, index({ "psk-1": psks[0]!.secret, "psk-2": psks[0]!.secret })),
    ).rejects.toThrow();
    await expectAgrees(
      await join(member, w, index({ "psk-1": psks[0]!.secret, "psk-2": psks[1]!.secret })),
      w,
    );
  });

  it("suite 1: a resumption PSK (usage application) of the previous epoch — ts-mls's own joinGroup takes every resumption PSK for a reinit or branch and refuses it", async () => {
    const { member, w } = await welcomeFor(1, { resumptionPsk: true });
    expect(w.resumptionPsk).toMatchObject({ groupId: w.groupId, epoch: 0n });
    expect(w.resumptionPsk?.secret.length).toBe(32);
    const index: PskIndex = {
      findPsk: (id) => (id.psktype === "resumption" ? w.resumptionPsk?.secret : undefined),
    };
    await expect(join(member, w, index)).rejects.toThrow("No prior state passed for resumption");
  });

  for (const cs of TS_MLS_COMPRESSED_KEY_SUITES) {
    it(`suite ${cs}: ts-mls's own signature keys are compressed; "uncompressed" makes every leaf RFC 9420 §5.1.1-conformant`, async () => {
      const leafKeys = (w: TsMlsWelcome) =>
        (decodeRatchetTree(w.ratchetTree, 0)?.[0] ?? []).flatMap((n) =>
          n?.nodeType === "leaf" ? [n.leaf.signaturePublicKey[0]] : [],
        );
      const asIs = await welcomeFor(cs, { groupSize: 3 });
      expect(
        leafKeys(asIs.w)
          .slice(0, 2)
          .every((b) => b === 2 || b === 3),
      ).toBe(true);
      const conformant = await welcomeFor(cs, { groupSize: 3, signatureKeys: "uncompressed" });
      expect(leafKeys(conformant.w)).toEqual([4, 4, 4]);
      await expectAgrees(await join(conformant.member, conformant.w), conformant.w);
    });
  }
});
