/**
 * @module aead-impl.test
 * `createAeadImpl` over node:crypto's AES-128-GCM: sizes from the registry row, argument checks
 * before the library is called, a ciphertext shorter than the tag never reaching it, and every
 * library failure becoming `AEAD_OPEN_FAILED` with the library's error as its cause.
 */
import { createCipheriv, createDecipheriv } from "node:crypto";
import { MlsError } from "@mlskit/errors";
import { describe, expect, it } from "vitest";
import { CryptoErrorCode, cipherSuiteInfo } from "../src/index.js";
import { createAeadImpl } from "../src/kit.js";

const calls: string[] = [];
const aead = createAeadImpl(cipherSuiteInfo(1)!, {
  seal(key, nonce, aad, pt) {
    calls.push("seal");
    const c = createCipheriv("aes-128-gcm", key, nonce).setAAD(aad);
    return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
  },
  open(key, nonce, aad, ct) {
    calls.push("open");
    const d = createDecipheriv("aes-128-gcm", key, nonce).setAAD(aad);
    d.setAuthTag(ct.subarray(ct.length - 16));
    return new Uint8Array(Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]));
  },
});

const key = new Uint8Array(16).fill(1);
const nonce = new Uint8Array(12).fill(2);
const none = new Uint8Array(0);

describe("createAeadImpl", () => {
  it("takes Nk and Nn from the row; the tag is 16 bytes", () => {
    expect([aead.keySize, aead.nonceSize, aead.tagSize]).toEqual([16, 12, 16]);
    expect(createAeadImpl(cipherSuiteInfo(3)!, { seal: () => none, open: () => none }).keySize).toBe(32);
  });

  it("round trips; an authentication failure is AEAD_OPEN_FAILED with the library's cause", async () => {
    const ct = await aead.seal(key, nonce, none, new Uint8Array([7, 7]));
    expect(Array.from(await aead.open(key, nonce, none, ct))).toEqual([7, 7]);
    ct[0]! ^= 1;
    const e = await aead.open(key, nonce, none, ct).catch((x: unknown) => x);
    expect(MlsError.is(e, CryptoErrorCode.aeadOpenFailed)).toBe(true);
    expect((e as Error).cause).toBeInstanceOf(Error);
    expect((e as MlsError).details).toEqual({ cipherSuite: 1 });
  });

  it("checks arguments and tag length before calling the library", async () => {
    calls.length = 0;
    await expect(aead.seal(key.subarray(1), nonce, none, none)).rejects.toThrow(RangeError);
    await expect(aead.open(key, nonce.subarray(1), none, new Uint8Array(16))).rejects.toThrow(RangeError);
    await expect(aead.seal(key, nonce, [] as unknown as Uint8Array, none)).rejects.toThrow(TypeError);
    const short = await aead.open(key, nonce, none, new Uint8Array(15)).catch((x: unknown) => x);
    expect(MlsError.is(short, CryptoErrorCode.aeadOpenFailed)).toBe(true);
    expect(calls).toEqual([]);
  });

  it("rejects malformed parts with a TypeError", () => {
    expect(() => createAeadImpl(null as never, { seal: () => none, open: () => none })).toThrow(TypeError);
    expect(() => createAeadImpl(cipherSuiteInfo(1)!, { seal: () => none } as never)).toThrow(TypeError);
  });
});
