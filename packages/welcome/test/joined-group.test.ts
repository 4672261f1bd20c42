import { createHash } from "node:crypto";
import { inspect } from "node:util";
import { toHex } from "@mlskit/codec";
import { MlsError } from "@mlskit/errors";
import { describe, expect, it } from "vitest";
import { WelcomeErrorCode } from "../src/index.js";
import { joinerWelcome, openJoinerWelcome } from "./helpers.js";

async function joined() {
  const { bundle, built } = await joinerWelcome({ members: 3 });
  return { built, group: await openJoinerWelcome({ bundle, built }) };
}

describe("JoinedGroup", () => {
  it("exposes the group's state and the committer's secrets", async () => {
    const { built, group } = await joined();
    expect(toHex(group.joinerSecret)).toBe(toHex(built.joinerSecret));
    expect(toHex(group.pskSecret)).toBe(toHex(built.pskSecret));
    expect(toHex(group.epochSecret)).toBe(toHex(built.epochSecret));
    expect(toHex(group.pathSecret!)).toBe(toHex(built.pathSecrets[0]!));
    expect(group.cipherSuite).toBe(1);
    expect(group.groupContext.epoch).toBe(1n);
    expect(toHex(group.keyPackageRef)).toBe(toHex(built.refs[0]!));
    expect(group.ratchetTree).toEqual(built.ratchetTree);
  });

  it("computes the interim transcript hash: Hash(confirmed_transcript_hash ‖ opaque confirmation_tag<V>)", async () => {
    const { built, group } = await joined();
    const gi = built.groupInfo;
    const tag = gi.confirmationTag; // 32 bytes (suite 1): a one-byte varint length
    const expected = createHash("sha256")
      .update(gi.groupContext.confirmedTranscriptHash)
      .update(Uint8Array.of(tag.length))
      .update(tag)
      .digest("hex");
    expect(toHex(group.interimTranscriptHash)).toBe(expected);
  });

  it("keeps secrets out of JSON.stringify, util.inspect and toString", async () => {
    const { group } = await joined();
    const secrets = [
      group.joinerSecret,
      group.pskSecret,
      group.epochSecret,
      group.pathSecret!,
      group.bundle.initPrivateKey,
      group.bundle.encryptionPrivateKey,
    ].map(toHex);
    const texts = [JSON.stringify(group), inspect(group, { depth: 10 }), String(group), `${group}`];
    for (const t of texts) for (const s of secrets) expect(t).not.toContain(s);
    expect(JSON.parse(JSON.stringify(group))).toMatchObject({
      joinerSecret: "[redacted]",
      epochSecret: "[redacted]",
      members: 4,
    });
    expect(JSON.stringify(group)).toContain(toHex(group.epochAuthenticator));
  });

  it("dispose() zeroes every secret and the bundle; later reads throw WELCOME_JOINED_GROUP_DISPOSED", async () => {
    const { group } = await joined();
    const held = [group.joinerSecret, group.pskSecret, group.epochSecret, group.pathSecret!];
    const bundle = group.bundle;
    group.dispose();
    for (const s of held) expect(s.every((b) => b === 0)).toBe(true);
    expect(bundle.disposed).toBe(true);
    expect(group.disposed).toBe(true);
    for (const read of [
      () => group.joinerSecret,
      () => group.epochSecret,
      () => group.bundle,
      () => group.pathSecret,
    ]) {
      expect(() => read()).toThrow(expect.objectContaining({ code: WelcomeErrorCode.joinedGroupDisposed }));
    }
    expect(
      MlsError.is(
        (() => {
          try {
            return group.pskSecret;
          } catch (e) {
            return e;
          }
        })(),
      ),
    ).toBe(true);
    group.dispose();
    expect(inspect(group)).toContain("disposed");
  });

  it("commit() and release() do nothing without a store, and may be repeated", async () => {
    const { group } = await joined();
    await group.commit();
    await group.release();
    await group.commit();
    expect(group.bundle.disposed).toBe(false);
  });
});
