import { CodecErrorCode, decode, encode, fromHex, toHex } from "@mlskit/codec";
import { CodecError, MlsError, ValidationError } from "@mlskit/errors";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assertNoDuplicateExtensions,
  type Extension,
  ExtensionErrorCode,
  ExtensionType,
  extensionCodec,
  extensionsCodec,
  findDuplicateExtensionType,
  findExtension,
  isDefaultExtensionType,
  isGreaseExtensionType,
} from "../src/index.js";

const GREASE = Array.from({ length: 15 }, (_, i) => 0x0a0a + 0x1010 * i);

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("ExtensionType", () => {
  it("is the frozen registry of DESIGN.md plus app_data_dictionary", () => {
    expect(ExtensionType).toEqual({
      application_id: 1,
      ratchet_tree: 2,
      required_capabilities: 3,
      external_pub: 4,
      external_senders: 5,
      app_data_dictionary: 6,
      last_resort: 0x000a,
    });
    expect(Object.isFrozen(ExtensionType)).toBe(true);
  });

  it("isDefaultExtensionType: exactly 0x0001-0x0005 (RFC 9420 §7.2)", () => {
    const defaults: number[] = [];
    for (let t = 0; t <= 0xffff; t++) if (isDefaultExtensionType(t)) defaults.push(t);
    expect(defaults).toEqual([1, 2, 3, 4, 5]);
  });

  it("isGreaseExtensionType: exactly the 15 values of §13.5", () => {
    expect(GREASE.map((g) => g.toString(16))).toEqual([
      "a0a",
      "1a1a",
      "2a2a",
      "3a3a",
      "4a4a",
      "5a5a",
      "6a6a",
      "7a7a",
      "8a8a",
      "9a9a",
      "aaaa",
      "baba",
      "caca",
      "dada",
      "eaea",
    ]);
    const found: number[] = [];
    for (let t = 0; t <= 0xffff; t++) if (isGreaseExtensionType(t)) found.push(t);
    expect(found).toEqual(GREASE);
    expect(isGreaseExtensionType(0xfafa)).toBe(false);
  });

  it("predicates refuse non-uint16 input", () => {
    for (const bad of [-1, 0x10000, 1.5, Number.NaN]) {
      expect(() => isDefaultExtensionType(bad)).toThrow(RangeError);
      expect(() => isGreaseExtensionType(bad)).toThrow(RangeError);
    }
    expect(() => isDefaultExtensionType("1" as never)).toThrow(TypeError);
  });
});

describe("extensionCodec", () => {
  it("encodes uint16 type then opaque extension_data<V>", () => {
    expect(toHex(encode(extensionCodec, { extensionType: 0x000a, extensionData: new Uint8Array() }))).toBe(
      "000a00",
    );
    expect(toHex(encode(extensionCodec, { extensionType: 0xf000, extensionData: Uint8Array.of(1, 2) }))).toBe(
      "f000020102",
    );
  });

  it("keeps unknown types as raw bytes, byte for byte", () => {
    const list: Extension[] = [
      { extensionType: 0x3a3a, extensionData: fromHex("c0ffee") }, // GREASE; data need not be canonical
      { extensionType: 0xf123, extensionData: new Uint8Array(100).fill(9) },
      { extensionType: 0x0007, extensionData: new Uint8Array() },
    ];
    const bytes = encode(extensionsCodec, list);
    const back = decode(extensionsCodec, bytes);
    expect(back).toEqual(list);
    expect(encode(extensionsCodec, back)).toEqual(bytes);
  });

  it("refuses malformed values at encode time", () => {
    expect(() => encode(extensionCodec, null as never)).toThrow(TypeError);
    expect(() => encode(extensionCodec, { extensionType: 0x10000, extensionData: new Uint8Array() })).toThrow(
      RangeError,
    );
    expect(() => encode(extensionCodec, { extensionType: 1, extensionData: "x" } as never)).toThrow(
      TypeError,
    );
  });

  it("rejects truncations and trailing bytes with CodecError and a path", () => {
    const bytes = encode(extensionsCodec, [{ extensionType: 5, extensionData: Uint8Array.of(1, 2, 3) }]);
    for (let n = 0; n < bytes.length; n++) {
      expect(thrown(() => decode(extensionsCodec, bytes.subarray(0, n)))).toBeInstanceOf(CodecError);
    }
    const trailing = thrown(() => decode(extensionCodec, fromHex("000a00ff"))) as CodecError;
    expect(trailing.code).toBe(CodecErrorCode.trailingBytes);
    const inner = thrown(() =>
      decode(extensionsCodec, fromHex("04000a0301"), "KeyPackage.extensions"),
    ) as CodecError;
    expect(inner.code).toBe(CodecErrorCode.lengthExceedsInput);
    expect(inner.details.path).toBe("KeyPackage.extensions.[0].extension_data");
  });
});

describe("duplicates (RFC 9420 §13.4)", () => {
  const a = { extensionType: 0x0a0a, extensionData: Uint8Array.of(1) };
  const b = { extensionType: 0x000a, extensionData: new Uint8Array() };

  it("findDuplicateExtensionType", () => {
    expect(findDuplicateExtensionType([])).toBeUndefined();
    expect(findDuplicateExtensionType([a, b])).toBeUndefined();
    expect(findDuplicateExtensionType([a, b, { ...a, extensionData: Uint8Array.of(2) }])).toBe(0x0a0a);
  });

  it("assertNoDuplicateExtensions throws a ValidationError naming the type and index", () => {
    expect(() => assertNoDuplicateExtensions([a, b])).not.toThrow();
    const e = thrown(() =>
      assertNoDuplicateExtensions([a, b, b], "KeyPackage.extensions"),
    ) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(MlsError.is(e, ExtensionErrorCode.duplicateType)).toBe(true);
    expect(e.details).toEqual({ path: "KeyPackage.extensions", index: 2, extensionType: 0x000a });
    expect(e.message).toContain("0x000a");
  });

  it("the codec itself accepts duplicates so lists re-encode byte for byte", () => {
    const bytes = encode(extensionsCodec, [b, b]);
    expect(decode(extensionsCodec, bytes)).toEqual([b, b]);
  });

  it("findExtension returns the first match or undefined", () => {
    expect(findExtension([a, b], 0x000a)).toBe(b);
    expect(findExtension([a], 0x000a)).toBeUndefined();
  });

  it("list helpers refuse wrong argument types", () => {
    for (const bad of [null, "x", {}, [null], [{ extensionType: 1 }]]) {
      expect(() => findDuplicateExtensionType(bad as never)).toThrow(TypeError);
      expect(() => assertNoDuplicateExtensions(bad as never)).toThrow(TypeError);
      expect(() => findExtension(bad as never, 1)).toThrow(TypeError);
    }
  });
});

const extensionArb: fc.Arbitrary<Extension> = fc.record({
  extensionType: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }),
    fc.constantFrom(...GREASE, 1, 2, 3, 4, 5, 6, 10),
  ),
  extensionData: fc.uint8Array({ maxLength: 70 }),
});

describe("properties", () => {
  it("decode(encode(x)) = x for extension lists", () => {
    fc.assert(
      fc.property(fc.array(extensionArb, { maxLength: 8 }), (list) => {
        const bytes = encode(extensionsCodec, list);
        const back = decode(extensionsCodec, bytes);
        expect(back).toEqual(list);
        expect(encode(extensionsCodec, back)).toEqual(bytes);
      }),
    );
  });

  it("random bytes give a list or a CodecError, and a list re-encodes to the same bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let list: readonly Extension[];
        try {
          list = decode(extensionsCodec, bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
          return;
        }
        expect(encode(extensionsCodec, list)).toEqual(bytes);
      }),
    );
  });

  it("findDuplicateExtensionType agrees with a naive count", () => {
    fc.assert(
      fc.property(fc.array(extensionArb, { maxLength: 8 }), (list) => {
        const types = list.map((e) => e.extensionType);
        const hasDup = new Set(types).size !== types.length;
        expect(findDuplicateExtensionType(list) !== undefined).toBe(hasDup);
      }),
    );
  });
});
