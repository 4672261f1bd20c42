import { inspect } from "node:util";
import {
  CodecError,
  CryptoError,
  defineErrorCodes,
  type ErrorCodeOf,
  errorCodePrefix,
  MlsError,
  StorageError,
  UsageError,
  ValidationError,
} from "@mlskit/errors";
import { describe, expect, it } from "vitest";

describe("MlsError", () => {
  const classes = [
    [CodecError, "codec"],
    [CryptoError, "crypto"],
    [ValidationError, "validation"],
    [UsageError, "usage"],
    [StorageError, "storage"],
  ] as const;

  for (const [Cls, category] of classes) {
    it(`${Cls.name} carries code, category, details and cause`, () => {
      const cause = new Error("inner");
      const e = new Cls("SOME_CODE", "something failed", { details: { path: "a.b", offset: 3 }, cause });
      expect(e).toBeInstanceOf(MlsError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(Cls.name);
      expect(e.code).toBe("SOME_CODE");
      expect(e.category).toBe(category);
      expect(e.details).toEqual({ path: "a.b", offset: 3 });
      expect(e.cause).toBe(cause);
      expect(Object.isFrozen(e.details)).toBe(true);
    });
  }

  it("MlsError.is recognises errors by marker, not by class identity", () => {
    const e = new CodecError("CODEC_TRAILING_BYTES", "x");
    expect(MlsError.is(e)).toBe(true);
    expect(MlsError.is(e, "CODEC_TRAILING_BYTES")).toBe(true);
    expect(MlsError.is(e, "OTHER")).toBe(false);
    // A structurally foreign error from a "duplicate install": only the Symbol.for marker matches.
    const foreign = Object.assign(new Error("dup"), {
      code: "X",
      [Symbol.for("@mlskit/errors.MlsError")]: true,
    });
    expect(MlsError.is(foreign)).toBe(true);
    expect(MlsError.is(new Error("plain"))).toBe(false);
    expect(MlsError.is(null)).toBe(false);
    expect(MlsError.is("CODEC_TRAILING_BYTES")).toBe(false);
  });

  it("serialises to JSON without losing bigint details", () => {
    const e = new ValidationError("KEY_PACKAGE_EXPIRED", "expired", {
      details: { check: "KP-13", notAfter: 5n },
    });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: "ValidationError",
      code: "KEY_PACKAGE_EXPIRED",
      category: "validation",
      message: "expired",
      details: { check: "KP-13", notAfter: "5" },
    });
    expect(inspect(e)).toContain("KEY_PACKAGE_EXPIRED");
  });

  it("omits cause when none is given", () => {
    expect("cause" in new UsageError("U", "u")).toBe(false);
  });

  it("names each class explicitly, not from the constructor's (minifiable) name", () => {
    // What a minifier does: the class a bundle holds is called something else.
    const Minified = class extends ValidationError {};
    expect(new Minified("X_Y", "m").name).toBe("ValidationError");
    expect(new MlsError("X_Y", "m").name).toBe("MlsError");
  });
});

describe("defineErrorCodes", () => {
  const WidgetErrorCode = defineErrorCodes("WIDGET_", { broken: "WIDGET_BROKEN", lost: "WIDGET_LOST" });
  type WidgetErrorCode = ErrorCodeOf<typeof WidgetErrorCode>;

  it("returns the entries frozen, marked with the prefix", () => {
    const code: WidgetErrorCode = WidgetErrorCode.lost;
    expect(code).toBe("WIDGET_LOST");
    expect({ ...WidgetErrorCode }).toEqual({ broken: "WIDGET_BROKEN", lost: "WIDGET_LOST" });
    expect(Object.isFrozen(WidgetErrorCode)).toBe(true);
    expect(Object.keys(WidgetErrorCode)).toEqual(["broken", "lost"]);
    expect(errorCodePrefix(WidgetErrorCode)).toBe("WIDGET_");
    expect(errorCodePrefix({ broken: "WIDGET_BROKEN" })).toBeUndefined();
    expect(errorCodePrefix(null)).toBeUndefined();
  });

  it("refuses a code without the prefix, or one that is not SCREAMING_SNAKE", () => {
    const define = defineErrorCodes as (prefix: string, codes: Record<string, string>) => unknown;
    expect(() => define("WIDGET_", { other: "GADGET_BROKEN" })).toThrow(TypeError);
    expect(() => define("WIDGET_", { lower: "WIDGET_broken" })).toThrow(TypeError);
    expect(() => define("WIDGET_", { bare: "WIDGET_" })).toThrow(TypeError);
  });

  it("types MlsError.is: a matching error's code narrows to the registry's literal", () => {
    const e: unknown = new UsageError(WidgetErrorCode.broken, "m");
    if (!MlsError.is(e, WidgetErrorCode.broken)) throw new Error("expected a match");
    const code: "WIDGET_BROKEN" = e.code;
    expect(code).toBe("WIDGET_BROKEN");
    expect(MlsError.is(e, WidgetErrorCode.lost)).toBe(false);
  });
});
