import { fromHex, toHex } from "@mlskit/codec";
import { MlsError } from "@mlskit/errors";
import { describe, expect, it } from "vitest";
import { clampXKey, padScalar } from "../src/kit.js";

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return MlsError.is(e) ? e.code : `not an MlsError: ${String(e)}`;
  }
  return undefined;
}

describe("clampXKey (RFC 9180 §7.1.2, RFC 7748 §5)", () => {
  it("clamps X25519: clears bits 0-2 and 255, sets bit 254", () => {
    expect(toHex(clampXKey(new Uint8Array(32).fill(0xff), 32))).toBe(`f8${"ff".repeat(30)}7f`);
    expect(toHex(clampXKey(new Uint8Array(32), 32))).toBe(`${"00".repeat(31)}40`);
  });

  it("clamps X448: clears bits 0-1, sets bit 447", () => {
    expect(toHex(clampXKey(new Uint8Array(56).fill(0xff), 56))).toBe(`fc${"ff".repeat(55)}`);
    expect(toHex(clampXKey(new Uint8Array(56), 56))).toBe(`${"00".repeat(55)}80`);
  });

  it("matches the RFC 7748 §5.2 X25519 test vector's scalar once clamped", () => {
    // The first vector's input scalar and its decodeScalar25519 value (little-endian bytes).
    const k = fromHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
    expect(toHex(clampXKey(k, 32))).toBe("a046e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449a44");
  });

  it("is idempotent and works on a copy", () => {
    const k = new Uint8Array(32).fill(0xff);
    const once = clampXKey(k, 32);
    expect(k.every((b) => b === 0xff)).toBe(true);
    expect(once).not.toBe(k);
    expect(clampXKey(once, 32)).toEqual(once);
  });

  it("rejects a key of the wrong length with INVALID_PRIVATE_KEY, bad arguments with TypeError/RangeError", () => {
    expect(code(() => clampXKey(new Uint8Array(31), 32))).toBe("INVALID_PRIVATE_KEY");
    expect(code(() => clampXKey(new Uint8Array(32), 56))).toBe("INVALID_PRIVATE_KEY");
    expect(code(() => clampXKey(new Uint8Array(0), 32))).toBe("INVALID_PRIVATE_KEY");
    expect(() => clampXKey(new Uint8Array(48), 48)).toThrow(RangeError);
    expect(() => clampXKey([1, 2] as unknown as Uint8Array, 32)).toThrow(/"key" expected Uint8Array/);
  });
});

describe("padScalar", () => {
  it("left-pads a short big-endian scalar (65-byte P-521 keys) and copies a full one", () => {
    const short = new Uint8Array(65).fill(7);
    const out = padScalar(short, 66, "HPKE");
    expect(out.length).toBe(66);
    expect(out[0]).toBe(0);
    expect(toHex(out.subarray(1))).toBe(toHex(short));
    expect(toHex(padScalar(fromHex("01"), 32))).toBe(`${"00".repeat(31)}01`);
    const full = new Uint8Array(32).fill(9);
    const copy = padScalar(full, 32);
    expect(copy).toEqual(full);
    expect(copy).not.toBe(full);
  });

  it("rejects an empty or over-long key with INVALID_PRIVATE_KEY, naming what it is for", () => {
    expect(code(() => padScalar(new Uint8Array(0), 32))).toBe("INVALID_PRIVATE_KEY");
    expect(code(() => padScalar(new Uint8Array(33), 32))).toBe("INVALID_PRIVATE_KEY");
    expect(() => padScalar(new Uint8Array(49), 48, "ECDSA")).toThrow(/^ECDSA private key/);
    expect(() => padScalar(new Uint8Array(1), 0)).toThrow(RangeError);
    expect(() => padScalar("01" as unknown as Uint8Array, 32)).toThrow(TypeError);
  });
});
