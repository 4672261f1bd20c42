import { fromHex, toHex } from "@mlskit/codec";
import { type CryptoBasicsCase, loadVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import * as labels from "../src/index.js";
import { nodeSuite } from "./node-suite.js";

const vectors = loadVectors<CryptoBasicsCase[]>("crypto-basics.json");

describe("encodeMlsLabel", () => {
  it("encodes the RFC 9420 §5.1.2 labels with the MLS 1.0 prefix", () => {
    expect(toHex(labels.encodeMlsLabel("KeyPackageTBS"))).toBe(
      "154d4c5320312e30204b65795061636b616765544253",
    );
    expect(toHex(labels.encodeMlsLabel("LeafNodeTBS"))).toBe("134d4c5320312e30204c6561664e6f6465544253");
  });
  it("rejects non-strings", () => {
    expect(() => labels.encodeMlsLabel(1 as unknown as string)).toThrow(TypeError);
  });
});

describe("key schedule helpers against crypto-basics (hash/HKDF from node:crypto)", () => {
  for (const v of vectors) {
    const { suite } = nodeSuite(v.cipher_suite);
    it(`suite ${v.cipher_suite}: refHash uses its label verbatim`, async () => {
      const r = v.ref_hash;
      expect(r.label).toBe("RefHash");
      expect(toHex(await labels.refHash(suite, r.label, fromHex(r.value)))).toBe(r.out);
      expect(toHex(await labels.refHash(suite, `MLS 1.0 ${r.label}`, fromHex(r.value)))).not.toBe(r.out);
    });
    it(`suite ${v.cipher_suite}: expandWithLabel, deriveSecret, deriveTreeSecret`, async () => {
      const e = v.expand_with_label;
      const d = v.derive_secret;
      const t = v.derive_tree_secret;
      expect(
        toHex(await labels.expandWithLabel(suite, fromHex(e.secret), e.label, fromHex(e.context), e.length)),
      ).toBe(e.out);
      expect(toHex(await labels.deriveSecret(suite, fromHex(d.secret), d.label))).toBe(d.out);
      expect(
        toHex(await labels.deriveTreeSecret(suite, fromHex(t.secret), t.label, t.generation, t.length)),
      ).toBe(t.out);
    });
  }
});

describe("labelled signing and encryption build the RFC structs", () => {
  it("signWithLabel / verifyWithLabel sign SignContent", async () => {
    const { suite, calls } = nodeSuite(1);
    await labels.signWithLabel(suite, new Uint8Array(1), "KeyPackageTBS", fromHex("0102"));
    await labels.verifyWithLabel(
      suite,
      new Uint8Array(1),
      "KeyPackageTBS",
      fromHex("0102"),
      new Uint8Array(1),
    );
    const expected = "154d4c5320312e30204b65795061636b616765544253" + "020102";
    expect(toHex(calls.signed[0]!)).toBe(expected);
    expect(toHex(calls.verified[0]!)).toBe(expected);
  });
  it("encryptWithLabel / decryptWithLabel pass EncryptContext as info and an empty aad", async () => {
    const { suite, calls } = nodeSuite(1);
    await labels.encryptWithLabel(suite, new Uint8Array(1), "Welcome", fromHex("aa"), new Uint8Array(3));
    await labels.decryptWithLabel(
      suite,
      new Uint8Array(1),
      "Welcome",
      fromHex("aa"),
      new Uint8Array(1),
      new Uint8Array(3),
    );
    // "MLS 1.0 Welcome" is 15 bytes.
    const expected = "0f" + toHex(new TextEncoder().encode("MLS 1.0 Welcome")) + "01aa";
    for (const c of [calls.sealed[0]!, calls.opened[0]!]) {
      expect(toHex(c.info)).toBe(expected);
      expect(c.aad.length).toBe(0);
    }
  });
  it("a 64-byte content gets the minimal two-byte varint 0x4040", async () => {
    const { suite, calls } = nodeSuite(1);
    await labels.signWithLabel(suite, new Uint8Array(1), "X", new Uint8Array(64));
    const m = calls.signed[0]!;
    expect(toHex(m.subarray(10, 12))).toBe("4040");
    expect(m.length).toBe(1 + 9 + 2 + 64);
  });
});

describe("argument checks", () => {
  const { suite } = nodeSuite(1);
  const b = new Uint8Array(32);
  const notBytes = [undefined, null, "ab", 1, [1, 2], new ArrayBuffer(2), new Uint16Array(2)] as unknown[];
  it("wrong types are TypeErrors naming the argument", async () => {
    for (const x of notBytes) {
      const bad = x as Uint8Array;
      await expect(labels.refHash(suite, "L", bad)).rejects.toThrow(/"value"/);
      await expect(labels.expandWithLabel(suite, bad, "L", b, 1)).rejects.toThrow(/"secret"/);
      await expect(labels.expandWithLabel(suite, b, "L", bad, 1)).rejects.toThrow(/"context"/);
      await expect(labels.signWithLabel(suite, bad, "L", b)).rejects.toThrow(/"privateKey"/);
      await expect(labels.verifyWithLabel(suite, b, "L", b, bad)).rejects.toThrow(/"signature"/);
      await expect(labels.encryptWithLabel(suite, b, "L", b, bad)).rejects.toThrow(/"plaintext"/);
      await expect(labels.decryptWithLabel(suite, b, "L", b, bad, b)).rejects.toThrow(/"kemOutput"/);
      await expect(labels.refHash(suite, "L", bad)).rejects.toBeInstanceOf(TypeError);
    }
    await expect(labels.refHash(suite, 5 as unknown as string, b)).rejects.toThrow(TypeError);
    await expect(labels.signWithLabel(suite, b, undefined as unknown as string, b)).rejects.toThrow(
      /"label"/,
    );
    await expect(labels.refHash({} as typeof suite, "L", b)).rejects.toThrow(/"suite"/);
  });
  it("out-of-range lengths and generations are RangeErrors", async () => {
    await expect(labels.expandWithLabel(suite, b, "L", b, 0x10000)).rejects.toThrow(RangeError);
    await expect(labels.expandWithLabel(suite, b, "L", b, -1)).rejects.toThrow(RangeError);
    await expect(labels.expandWithLabel(suite, b, "L", b, 1.5)).rejects.toThrow(RangeError);
    await expect(labels.deriveTreeSecret(suite, b, "L", -1, 32)).rejects.toThrow(/"generation"/);
    await expect(labels.deriveTreeSecret(suite, b, "L", 2 ** 32, 32)).rejects.toThrow(RangeError);
    expect((await labels.deriveTreeSecret(suite, b, "L", 2 ** 32 - 1, 32)).length).toBe(32);
  });
});
