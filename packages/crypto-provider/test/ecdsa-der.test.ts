import { toHex } from "@mlskit/codec";
import { MlsError } from "@mlskit/errors";
import { type CryptoBasicsCase, hex, loadVectors } from "@mlskit/test-vectors";
import { describe, expect, it } from "vitest";
import { CryptoErrorCode } from "../src/index.js";
import { ecdsaDerToRaw, ecdsaRawToDer } from "../src/kit.js";

const rawOf = (r: string, s: string, size: number) =>
  hex(r.padStart(2 * size, "0") + s.padStart(2 * size, "0"));

function expectBadDer(der: string, size = 32): void {
  let err: unknown;
  try {
    ecdsaDerToRaw(hex(der), size);
  } catch (e) {
    err = e;
  }
  expect(MlsError.is(err, CryptoErrorCode.invalidSignatureEncoding), der).toBe(true);
}

describe("ecdsaRawToDer", () => {
  it("encodes minimal INTEGERs, adding 0x00 before a set top bit", () => {
    expect(toHex(ecdsaRawToDer(rawOf("01", "7f", 32)))).toBe("300602010102017f");
    expect(toHex(ecdsaRawToDer(rawOf("80", "ff", 32)))).toBe("30080202008002020" + "0ff");
    expect(toHex(ecdsaRawToDer(rawOf("0", "0", 32)))).toBe("3006020100020100");
  });
  it("produces the maximal P-256 (72), P-384 (104) and P-521 (139) sizes with the right header", () => {
    expect(ecdsaRawToDer(new Uint8Array(64).fill(0xff)).length).toBe(72);
    expect(ecdsaRawToDer(new Uint8Array(96).fill(0xff)).length).toBe(104);
    const p521 = ecdsaRawToDer(rawOf("01" + "ff".repeat(65), "01" + "ff".repeat(65), 66));
    expect(p521.length).toBe(139);
    expect(toHex(p521.subarray(0, 3))).toBe("308188");
  });
  it("rejects odd, empty or oversized input with RangeError, non-bytes with TypeError", () => {
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow(RangeError);
    expect(() => ecdsaRawToDer(new Uint8Array(0))).toThrow(RangeError);
    expect(() => ecdsaRawToDer(new Uint8Array(134))).toThrow(RangeError);
    expect(() => ecdsaRawToDer("00" as unknown as Uint8Array)).toThrow(/"raw"/);
  });
  it("round-trips random values of every curve size", () => {
    for (const size of [32, 48, 66]) {
      for (let i = 0; i < 200; i++) {
        const raw = crypto.getRandomValues(new Uint8Array(2 * size));
        if (i % 3 === 0) raw.fill(0, 0, i % size);
        if (size === 66) raw[0]! &= 1;
        if (size === 66) raw[66]! &= 1;
        expect(toHex(ecdsaDerToRaw(ecdsaRawToDer(raw), size))).toBe(toHex(raw));
      }
    }
  });
});

describe("ecdsaDerToRaw", () => {
  it("left-pads to the scalar size", () => {
    expect(toHex(ecdsaDerToRaw(hex("3006020101020102"), 32))).toBe(toHex(rawOf("01", "02", 32)));
  });
  it("round-trips the official crypto-basics ECDSA signatures byte for byte", () => {
    const sizes: Record<number, number> = { 2: 32, 5: 66, 7: 48 };
    for (const v of loadVectors<CryptoBasicsCase[]>("crypto-basics.json")) {
      const size = sizes[v.cipher_suite];
      if (size === undefined) continue;
      const der = hex(v.sign_with_label.signature);
      expect(toHex(ecdsaRawToDer(ecdsaDerToRaw(der, size)))).toBe(v.sign_with_label.signature);
    }
  });
  it("rejects every non-canonical or malformed encoding", () => {
    expectBadDer(""); // empty
    expectBadDer("3106020101020101"); // not a SEQUENCE
    expectBadDer("3007020101020101"); // length mismatch
    expectBadDer("300602010102010100"); // trailing bytes
    expectBadDer("3081"); // truncated long-form length
    expectBadDer("3081060201010201" + "01"); // long form for a short length
    expectBadDer("3080020101020101"); // indefinite length
    expectBadDer("308200060201010201" + "01"); // two-byte length
    expectBadDer("3006030101020101"); // not an INTEGER
    expectBadDer("30050200020101"); // zero-length INTEGER
    expectBadDer("3006020181020101"); // negative INTEGER
    expectBadDer("300702020001020101"); // non-minimal INTEGER (00 01)
    expectBadDer("300602010102"); // truncated second INTEGER
    expectBadDer("3004020101020101"); // SEQUENCE shorter than content
    expectBadDer("3008020101020101" + "0000"); // extra element bytes inside the SEQUENCE
    // INTEGER larger than the scalar: 33 bytes for P-256 without a sign byte.
    expectBadDer("3026" + "0221" + "01".repeat(33) + "020101");
  });
  it("checks its arguments", () => {
    expect(() => ecdsaDerToRaw([] as unknown as Uint8Array, 32)).toThrow(TypeError);
    expect(() => ecdsaDerToRaw(new Uint8Array(8), 0)).toThrow(RangeError);
    expect(() => ecdsaDerToRaw(new Uint8Array(8), 1.5)).toThrow(RangeError);
  });
});
