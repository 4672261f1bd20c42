import { CodecError, MlsError } from "@mlskit/errors";
import { codecErrorOf as errorOf } from "@mlskit/test-kit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Codec,
  decode,
  encode,
  fixedOpaque,
  fromHex,
  opaque,
  optional,
  Reader,
  select,
  struct,
  toHex,
  uint8,
  uint16,
  uint32,
  uint64,
  vector,
  Writer,
} from "../src/index.js";

// A structure that exercises every combinator, for the properties below.
const leaf = struct({ kind: uint8, body: opaque });
type Tagged = { readonly tag: number; readonly a?: number; readonly b?: Uint8Array };
const tagged: Codec<Tagged> = select<"tag", Tagged>("tag", uint16, (t) =>
  t === 1 ? (struct({ a: uint32 }) as never) : t === 2 ? (struct({ b: fixedOpaque(3) }) as never) : undefined,
);
const sample = struct({
  version: uint16,
  big: uint64,
  leaves: vector(leaf),
  nested: vector(vector(uint16)),
  maybe: optional(opaque),
  choice: tagged,
});

const arbSample = fc.record({
  version: fc.integer({ min: 0, max: 0xffff }),
  big: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  leaves: fc.array(
    fc.record({ kind: fc.integer({ min: 0, max: 255 }), body: fc.uint8Array({ maxLength: 80 }) }),
    {
      maxLength: 5,
    },
  ),
  nested: fc.array(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }), { maxLength: 4 }),
  maybe: fc.option(fc.uint8Array({ maxLength: 100 }), { nil: undefined }),
  choice: fc.oneof(
    fc.record({ tag: fc.constant(1), a: fc.integer({ min: 0, max: 0xffffffff }) }),
    fc.record({ tag: fc.constant(2), b: fc.uint8Array({ minLength: 3, maxLength: 3 }) }),
  ),
});

describe("codec combinators", () => {
  it("encodes integers big-endian", () => {
    expect(toHex(encode(uint16, 0x0102))).toBe("0102");
    expect(toHex(encode(uint32, 0x01020304))).toBe("01020304");
    expect(toHex(encode(uint64, 0x0102030405060708n))).toBe("0102030405060708");
    expect(decode(uint64, fromHex("ffffffffffffffff"))).toBe(2n ** 64n - 1n);
  });

  it("counts vector lengths in bytes, not elements", () => {
    expect(toHex(encode(vector(uint16), [1, 2, 3]))).toBe("06000100020003");
  });

  it("uses a 2-byte prefix for a 64-byte opaque (4040)", () => {
    expect(toHex(encode(opaque, new Uint8Array(64))).slice(0, 4)).toBe("4040");
  });

  it("rejects trailing bytes at the top level", () => {
    const e = errorOf(() => decode(uint16, fromHex("000102"), "Thing"));
    expect(e.code).toBe("CODEC_TRAILING_BYTES");
    expect(e.details.offset).toBe(2);
  });

  it("rejects a declared length larger than the input before allocating", () => {
    // Claims 2^30-1 bytes but carries 2: fails on the length, not on an allocation.
    const e = errorOf(() => decode(opaque, fromHex("bfffffff0102")));
    expect(e.code).toBe("CODEC_LENGTH_EXCEEDS_INPUT");
    const v = errorOf(() => decode(vector(uint8), fromHex("bfffffff0102")));
    expect(v.code).toBe("CODEC_LENGTH_EXCEEDS_INPUT");
  });

  it("rejects a vector whose content is not consumed exactly by whole elements", () => {
    const e = errorOf(() => decode(vector(uint16), fromHex("03000100"), "list"));
    expect(e.code).toBe("CODEC_TRUNCATED");
    expect(e.details.path).toBe("list.[1]");
  });

  it("rejects an optional presence octet other than 0 or 1", () => {
    expect(decode(optional(uint8), fromHex("00"))).toBeUndefined();
    expect(decode(optional(uint8), fromHex("0107"))).toBe(7);
    const e = errorOf(() => decode(optional(uint8), fromHex("0207")));
    expect(e.code).toBe("CODEC_INVALID_OPTIONAL");
  });

  it("names the field path of a failure inside nested structs", () => {
    const e = errorOf(() =>
      decode(sample, fromHex("0001" + "0000000000000001" + "02" + "05" + "05"), "Sample"),
    );
    expect(e.code).toBe("CODEC_LENGTH_EXCEEDS_INPUT");
    expect(e.details.path).toBe("Sample.leaves.[0].body");
    expect(e.message).toContain("Sample.leaves.[0].body");
  });

  it("rejects unknown select tags with CODEC_INVALID_VALUE", () => {
    const e = errorOf(() => decode(tagged, fromHex("000300")));
    expect(e.code).toBe("CODEC_INVALID_VALUE");
  });

  it("returns byte fields as zero-copy views", () => {
    const input = fromHex("03aabbcc");
    const out = decode(opaque, input);
    expect(out.buffer).toBe(input.buffer);
    expect(out.byteOffset).toBe(1);
  });

  it("Writer grows linearly and handles nested withLength", () => {
    const w = new Writer(16);
    for (let i = 0; i < 10_000; i++) w.uint16(i & 0xffff);
    w.withLength(() => w.withLength(() => w.bytes(new Uint8Array(20_000))));
    const out = w.finish();
    expect(out.length).toBe(20_000 + 20_000 + 4 + 4);
    const r = new Reader(out, 20_000);
    expect(r.withLength(() => r.opaque().length)).toBe(20_000);
  });

  it("freezes decoded structs, vectors and selects; every empty vector is one frozen array", () => {
    const x = decode(
      sample,
      encode(sample, {
        version: 1,
        big: 2n,
        leaves: [{ kind: 1, body: Uint8Array.of(1) }],
        nested: [[], [7]],
        maybe: undefined,
        choice: { tag: 1, a: 5 },
      }),
    );
    expect(Object.isFrozen(x)).toBe(true);
    expect(Object.isFrozen(x.leaves) && Object.isFrozen(x.leaves[0])).toBe(true);
    expect(Object.isFrozen(x.nested) && Object.isFrozen(x.nested[1])).toBe(true);
    expect(Object.isFrozen(x.choice)).toBe(true);
    expect(x.nested[0]).toBe(decode(vector(uint8), fromHex("00")));
    expect(x.nested[1]).toEqual([7]);
  });

  it("names a primitive's field from its argument, only in errors", () => {
    const r = new Reader(fromHex("000520"));
    r.enter("Outer");
    expect(r.uint16("version")).toBe(5);
    expect(r.path).toBe("Outer");
    const e = errorOf(() => r.opaque("body"));
    expect(e.code).toBe("CODEC_LENGTH_EXCEEDS_INPUT");
    expect(e.details).toEqual({ path: "Outer.body", offset: 2 });
    expect(e.message).toBe("length 32 exceeds the 0 bytes left at Outer.body (offset 2)");
    const top = errorOf(() => new Reader(fromHex("40")).varint(3));
    expect(top.details).toEqual({ path: "[3]", offset: 0 });
    expect(top.message).toBe("varint: need 2 bytes at [3] (offset 0)");
  });

  it("beginLength/endLength: a region bounded first, then consumed exactly", () => {
    const r = new Reader(fromHex("03010203ff"));
    const outer = r.beginLength();
    expect(r.remaining).toBe(3);
    r.uint16();
    const e = errorOf(() => r.endLength(outer));
    expect(e.code).toBe("CODEC_VECTOR_NOT_CONSUMED");
    expect(e.details.offset).toBe(3);
    const ok = new Reader(fromHex("0201020a"));
    const o = ok.beginLength();
    expect(ok.uint16()).toBe(0x0102);
    ok.endLength(o);
    expect(ok.remaining).toBe(1);
    expect(errorOf(() => new Reader(fromHex("05aa")).beginLength()).code).toBe("CODEC_LENGTH_EXCEEDS_INPUT");
  });

  it("reads uint32 and uint64 big-endian over views of a larger buffer", () => {
    const backing = fromHex("ff" + "80000001" + "8000000000000001");
    const r = new Reader(backing.subarray(1));
    expect(r.uint32()).toBe(0x80000001);
    expect(r.uint64()).toBe(2n ** 63n + 1n);
    expect(errorOf(() => r.uint64("x")).message).toBe("uint64: need 8 bytes, 0 left at x (offset 12)");
  });

  it("reset reads a window of the same input afresh: offsets from its start, the path emptied", () => {
    const input = fromHex("ffff" + "0001" + "02abcd" + "ee" + "05aa");
    const r = new Reader(input);
    expect(decode(struct({ a: uint16, b: opaque }), r.reset(2, 7), "S")).toEqual({
      a: 1,
      b: fromHex("abcd"),
    });
    expect(r.offset).toBe(7);
    // One byte too many in the window: trailing, at offset 5 of the window (7 of the input).
    expect(errorOf(() => decode(uint16, r.reset(5, 8), "S")).message).toBe(
      "1 trailing bytes after S at offset 2",
    );
    // A failure deep in a struct leaves its path behind; the next window starts from the root.
    const deep = errorOf(() => decode(struct({ x: struct({ y: opaque }) }), r.reset(8, 10), "T"));
    expect(deep.code).toBe("CODEC_LENGTH_EXCEEDS_INPUT");
    expect(deep.details).toMatchObject({ path: "T.x.y", offset: 0 });
    expect(errorOf(() => decode(uint16, r.reset(9, 10))).details).toMatchObject({ path: "", offset: 0 });
    expect(() => r.reset(3, 2)).toThrow(RangeError);
    expect(() => r.reset(0, input.length + 1)).toThrow(RangeError);
    expect(() => r.reset(-1, 2)).toThrow(RangeError);
  });

  it("keeps a Node Buffer input's class in the views it returns, a plain array's too", () => {
    expect(Object.getPrototypeOf(decode(opaque, Buffer.from("02abcd", "hex")))).toBe(Buffer.prototype);
    expect(Object.getPrototypeOf(decode(opaque, fromHex("02abcd")))).toBe(Uint8Array.prototype);
  });

  it("refuses wrong argument types with TypeError/RangeError", () => {
    expect(() => encode(uint8, 256)).toThrow(RangeError);
    expect(() => encode(uint16, -1)).toThrow(RangeError);
    expect(() => encode(opaque, "x" as never)).toThrow(TypeError);
    expect(() => encode(fixedOpaque(2), new Uint8Array(3))).toThrow(RangeError);
    expect(() => decode(uint8, [1] as never)).toThrow(TypeError);
  });

  describe("properties", () => {
    it("decode(encode(x)) = x", () => {
      fc.assert(
        fc.property(arbSample, (x) => {
          expect(decode(sample, encode(sample, x))).toEqual(x);
        }),
        { numRuns: 300 },
      );
    });

    it("encode(decode(b)) = b whenever decode succeeds; otherwise a CodecError", () => {
      const seeds = fc.sample(arbSample, 30).map((x) => encode(sample, x));
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 200 }),
            // mutations of valid encodings reach deeper than uniform noise
            fc
              .tuple(fc.constantFrom(...seeds), fc.nat(), fc.integer({ min: 0, max: 255 }))
              .map(([b, i, v]) => {
                const c = b.slice();
                if (c.length > 0) c[i % c.length] = v;
                return c;
              }),
          ),
          (b) => {
            let value: unknown;
            try {
              value = decode(sample, b);
            } catch (e) {
              expect(MlsError.is(e) && e instanceof CodecError).toBe(true);
              return;
            }
            expect(encode(sample, value as never)).toEqual(b);
          },
        ),
        { numRuns: 3000 },
      );
    });
  });
});
