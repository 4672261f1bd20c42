import { CodecError, MlsError } from "@mlskit/errors";
import { type DeserializationCase, hex, loadVectors } from "@mlskit/test-vectors";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decode,
  decodeVarint,
  encode,
  encodeVarint,
  MAX_VARINT,
  opaque,
  varint,
  varintSize,
} from "../src/index.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (MlsError.is(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe("MLS varint (RFC 9420 §2.1.2)", () => {
  describe("deserialization.json", () => {
    for (const c of loadVectors<DeserializationCase[]>("deserialization.json")) {
      it(`header ${c.vlbytes_header} → ${c.length}`, () => {
        const bytes = hex(c.vlbytes_header);
        expect(decodeVarint(bytes)).toEqual({ value: c.length, length: bytes.length });
        expect(encodeVarint(c.length)).toEqual(bytes);
      });
    }
  });

  it("decodes the RFC's own examples", () => {
    expect(decodeVarint(hex("9d7f3e7d")).value).toBe(494878333);
    expect(decodeVarint(hex("7bbd")).value).toBe(15293);
    expect(decodeVarint(hex("25")).value).toBe(37);
  });

  const negatives: [string, string][] = [
    ["c0", "CODEC_RESERVED_VARINT_PREFIX"],
    ["c000000000000000", "CODEC_RESERVED_VARINT_PREFIX"],
    ["ff", "CODEC_RESERVED_VARINT_PREFIX"],
    ["ffffffffffffffff", "CODEC_RESERVED_VARINT_PREFIX"],
    ["4000", "CODEC_NON_MINIMAL_VARINT"],
    ["403f", "CODEC_NON_MINIMAL_VARINT"],
    ["80000000", "CODEC_NON_MINIMAL_VARINT"],
    ["80003fff", "CODEC_NON_MINIMAL_VARINT"],
    ["40", "CODEC_TRUNCATED"],
    ["80", "CODEC_TRUNCATED"],
    ["800040", "CODEC_TRUNCATED"],
    ["", "CODEC_TRUNCATED"],
  ];
  for (const [h, code] of negatives) {
    it(`rejects ${h || "(empty)"} with ${code}`, () => {
      expect(codeOf(() => decodeVarint(hex(h)))).toBe(code);
      expect(codeOf(() => decode(varint, hex(h)))).toBe(code);
    });
  }

  it("reports path and offset of a bad length inside opaque<V>", () => {
    try {
      decode(opaque, hex("4000"), "Thing");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CodecError);
      expect((e as CodecError).details).toEqual({ path: "Thing", offset: 0 });
    }
  });

  it("refuses to encode values outside 0..2^30-1", () => {
    expect(codeOf(() => encodeVarint(MAX_VARINT + 1))).toBe("CODEC_VALUE_OUT_OF_RANGE");
    expect(codeOf(() => encodeVarint(-1))).toBe("CODEC_VALUE_OUT_OF_RANGE");
    expect(codeOf(() => encodeVarint(1.5))).toBe("CODEC_VALUE_OUT_OF_RANGE");
    expect(encodeVarint(MAX_VARINT)).toEqual(hex("bfffffff"));
  });

  it("encodes minimally and round-trips every value (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_VARINT }), (n) => {
        const b = encodeVarint(n);
        expect(b.length).toBe(varintSize(n));
        expect(b.length).toBe(n < 64 ? 1 : n < 16384 ? 2 : 4);
        expect(decode(varint, b)).toBe(n);
        expect(encode(varint, n)).toEqual(b);
      }),
    );
  });

  it("random 1-4 byte inputs decode to a value whose encoding is the input, or throw CodecError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4 }), (b) => {
        try {
          const v = decode(varint, b);
          expect(encodeVarint(v)).toEqual(b);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
