import { CodecErrorCode, decode, encode, fromHex, toHex, utf8, vector } from "@mlskit/codec";
import { CodecError, MlsError, ValidationError } from "@mlskit/errors";
import { codecErrorOf, expectRoundTrip } from "@mlskit/test-kit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  basicCredential,
  type Credential,
  CredentialErrorCode,
  CredentialType,
  type CredentialValidator,
  credentialCodec,
  credentialIdentityString,
  credentialsEqual,
  isBasicCredential,
  isUnknownCredential,
  isX509Credential,
  x509Credential,
} from "../src/index.js";

const roundTrip = (c: Credential): Credential => decode(credentialCodec, encode(credentialCodec, c));

describe("CredentialType", () => {
  it("is a frozen registry of RFC 9420 §17.5 values", () => {
    expect(CredentialType).toEqual({ basic: 1, x509: 2 });
    expect(Object.isFrozen(CredentialType)).toBe(true);
  });
});

describe("basic credentials", () => {
  it("encodes uint16 type then opaque identity<V>", () => {
    expect(toHex(encode(credentialCodec, basicCredential("abc")))).toBe("000103616263");
  });

  it("UTF-8 encodes string identities and copies byte identities", () => {
    const bytes = Uint8Array.of(1, 2, 3);
    const c = basicCredential(bytes);
    bytes[0] = 9;
    expect(c).toEqual({ credentialType: 1, identity: Uint8Array.of(1, 2, 3) });
    expect(basicCredential("Alïce")).toEqual({ credentialType: 1, identity: utf8("Alïce") });
  });

  it("round-trips, including the empty identity", () => {
    for (const c of [basicCredential("alice@example.com"), basicCredential(new Uint8Array(0))]) {
      const back = roundTrip(c);
      expect(isBasicCredential(back)).toBe(true);
      expect(back).toEqual(c);
    }
  });

  it("round-trips a long identity with a 2-byte varint length", () => {
    const c = basicCredential(new Uint8Array(300).fill(7));
    const bytes = encode(credentialCodec, c);
    expect(toHex(bytes.subarray(0, 4))).toBe("0001412c");
    expect(roundTrip(c)).toEqual(c);
  });

  it("rejects wrong argument types", () => {
    for (const bad of [undefined, null, 1, [1, 2], {}, new ArrayBuffer(2)]) {
      expect(() => basicCredential(bad as never)).toThrow(TypeError);
    }
  });
});

describe("x509 credentials", () => {
  const der1 = fromHex("3082010a0282010100");
  const der2 = fromHex("30820122300d06092a");
  const der3 = fromHex("308201");

  it("encodes Certificate certificates<V> with each cert_data<V>", () => {
    const c = x509Credential([Uint8Array.of(0xaa), Uint8Array.of(0xbb, 0xcc)]);
    // type 0002, vector length 5, [01 aa], [02 bb cc]
    expect(toHex(encode(credentialCodec, c))).toBe("00020501aa02bbcc");
  });

  it("round-trips several certificates in order", () => {
    const c = x509Credential([der1, der2, der3]);
    const back = roundTrip(c);
    expect(isX509Credential(back)).toBe(true);
    expect(back).toEqual({
      credentialType: 2,
      certificates: [{ certData: der1 }, { certData: der2 }, { certData: der3 }],
    });
  });

  it("needs at least one non-empty certificate", () => {
    expect(() => x509Credential([])).toThrow(RangeError);
    expect(() => x509Credential([new Uint8Array(0)])).toThrow(RangeError);
    expect(() => x509Credential("x" as never)).toThrow(TypeError);
    expect(() => x509Credential([der1, "x" as never])).toThrow(/certificatesDer\[1\]/);
  });

  it("decodes an empty chain structurally (rejecting it is the validator's job)", () => {
    expect(decode(credentialCodec, fromHex("000200"))).toEqual({ credentialType: 2, certificates: [] });
  });

  it("copies the DER bytes", () => {
    const der = Uint8Array.of(0x30, 1);
    const c = x509Credential([der]);
    der[0] = 0;
    expect(isX509Credential(c) && c.certificates[0]!.certData[0]).toBe(0x30);
  });
});

describe("unknown credential types", () => {
  it.each([
    ["GREASE", 0x0a0a],
    ["GREASE (last)", 0xeaea],
    ["private use", 0xf000],
    ["draft multi", 0x0003],
    ["reserved", 0x0000],
  ])("%s type round-trips its opaque<V> body", (_, credentialType) => {
    const c: Credential = { credentialType, data: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) };
    const bytes = encode(credentialCodec, c);
    expect(toHex(bytes)).toBe(credentialType.toString(16).padStart(4, "0") + "04deadbeef");
    const back = roundTrip(c);
    expect(isUnknownCredential(back)).toBe(true);
    expect(back).toEqual(c);
    expect(toHex(encode(credentialCodec, back))).toBe(toHex(bytes));
  });

  it("keeps reading after an unknown credential inside a larger structure", () => {
    // Credential credentials<V> = [GREASE credential, basic "hi"]: the GREASE body is skipped exactly.
    const list = vector(credentialCodec);
    const bytes = fromHex("0a" + "0a0a020102" + "0001026869");
    const [first, second] = decode(list, bytes);
    expect(first).toEqual({ credentialType: 0x0a0a, data: Uint8Array.of(1, 2) });
    expect(credentialIdentityString(second!)).toBe("hi");
    expect(encode(list, [first!, second!])).toEqual(bytes);
  });
});

describe("encode refuses mismatched shapes", () => {
  it.each<[string, unknown]>([
    ["basic without identity", { credentialType: 1, data: new Uint8Array(1) }],
    ["basic with a string identity", { credentialType: 1, identity: "alice" }],
    ["x509 without certificates", { credentialType: 2, data: new Uint8Array(1) }],
    ["unknown without data", { credentialType: 7, identity: new Uint8Array(1) }],
    ["not an object", null],
  ])("%s", (_, value) => {
    expect(() => encode(credentialCodec, value as Credential)).toThrow(TypeError);
  });

  it("refuses a credential type that is not a uint16", () => {
    expect(() => encode(credentialCodec, { credentialType: 0x10000, data: new Uint8Array() })).toThrow(
      RangeError,
    );
  });
});

describe("canonical decoding", () => {
  const valid = encode(credentialCodec, x509Credential([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]));

  it("rejects every truncation with a CodecError", () => {
    for (let n = 0; n < valid.length; n++) {
      const e = codecErrorOf(() => decode(credentialCodec, valid.subarray(0, n)));
      expect(MlsError.is(e)).toBe(true);
    }
  });

  it("rejects trailing bytes", () => {
    const e = codecErrorOf(() => decode(credentialCodec, fromHex("0001026869ff")));
    expect(e.code).toBe(CodecErrorCode.trailingBytes);
  });

  it("names the field path of a malformed certificate", () => {
    // certificates<V> of 3 bytes whose single cert_data claims 5.
    const e = codecErrorOf(() => decode(credentialCodec, fromHex("000203050102"), "Credential"));
    expect(e.code).toBe(CodecErrorCode.lengthExceedsInput);
    expect(e.details.path).toBe("Credential.certificates.[0].cert_data");
  });

  it("rejects a non-minimal identity length", () => {
    const e = codecErrorOf(() => decode(credentialCodec, fromHex("0001400161")));
    expect(e.code).toBe(CodecErrorCode.nonMinimalVarint);
  });

  it("rejects the reserved 0b11 varint prefix in an unknown body", () => {
    const e = codecErrorOf(() => decode(credentialCodec, fromHex("0a0ac0")));
    expect(e.code).toBe(CodecErrorCode.reservedVarintPrefix);
  });
});

describe("helpers", () => {
  it("credentialIdentityString", () => {
    expect(credentialIdentityString(basicCredential("alice"))).toBe("alice");
    expect(credentialIdentityString(basicCredential(Uint8Array.of(0xff, 0x00)))).toBe("0xff00");
    expect(credentialIdentityString(x509Credential([Uint8Array.of(1)]))).toBe("x509 (1 certificate)");
    expect(credentialIdentityString(x509Credential([Uint8Array.of(1), Uint8Array.of(2)]))).toBe(
      "x509 (2 certificates)",
    );
    expect(credentialIdentityString({ credentialType: 0x0a0a, data: new Uint8Array(3) })).toBe(
      "credential type 0x0a0a (3 bytes)",
    );
  });

  it("credentialsEqual compares wire content", () => {
    expect(credentialsEqual(basicCredential("a"), basicCredential("a"))).toBe(true);
    expect(credentialsEqual(basicCredential("a"), basicCredential("b"))).toBe(false);
    expect(credentialsEqual(basicCredential("a"), { credentialType: 3, data: utf8("a") })).toBe(false);
    const x = x509Credential([Uint8Array.of(1), Uint8Array.of(2)]);
    expect(credentialsEqual(x, x509Credential([Uint8Array.of(1), Uint8Array.of(2)]))).toBe(true);
    expect(credentialsEqual(x, x509Credential([Uint8Array.of(1)]))).toBe(false);
    expect(
      credentialsEqual(
        { credentialType: 9, data: Uint8Array.of(1) },
        { credentialType: 9, data: Uint8Array.of(1) },
      ),
    ).toBe(true);
  });

  it("type guards narrow the union", () => {
    const c: Credential = basicCredential("x");
    expect([isBasicCredential(c), isX509Credential(c), isUnknownCredential(c)]).toEqual([true, false, false]);
  });
});

describe("CredentialValidator", () => {
  it("accepts by resolving and rejects by throwing a ValidationError", async () => {
    const validator: CredentialValidator = {
      async validate(credential, _signatureKey, ctx) {
        if (ctx.now > 100n) throw new ValidationError(CredentialErrorCode.rejected, "expired");
        if (!isBasicCredential(credential)) {
          throw new ValidationError(CredentialErrorCode.unsupportedType, "basic only");
        }
      },
    };
    await expect(
      validator.validate(basicCredential("a"), new Uint8Array(32), { now: 1n }),
    ).resolves.toBeUndefined();
    await expect(
      validator.validate(basicCredential("a"), new Uint8Array(32), { now: 101n }),
    ).rejects.toMatchObject({
      code: "CREDENTIAL_REJECTED",
    });
    await expect(
      validator.validate(x509Credential([Uint8Array.of(1)]), new Uint8Array(32), { now: 1n }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("has frozen error codes", () => {
    expect(Object.isFrozen(CredentialErrorCode)).toBe(true);
  });
});

const bytesArb = fc.uint8Array({ maxLength: 80 });
const credentialArb: fc.Arbitrary<Credential> = fc.oneof(
  bytesArb.map((identity): Credential => ({ credentialType: 1, identity })),
  fc
    .array(
      bytesArb.map((certData) => ({ certData })),
      { maxLength: 5 },
    )
    .map((certificates): Credential => ({ credentialType: 2, certificates })),
  fc
    .record({
      credentialType: fc.integer({ min: 0, max: 0xffff }).filter((t) => t !== 1 && t !== 2),
      data: bytesArb,
    })
    .map((c): Credential => c),
);

describe("properties", () => {
  it("decode(encode(x)) = x and encode(decode(b)) = b", () => {
    fc.assert(
      fc.property(credentialArb, (c) => {
        const back = expectRoundTrip(
          c,
          (v) => encode(credentialCodec, v),
          (b) => decode(credentialCodec, b),
        );
        expect(credentialsEqual(back, c)).toBe(true);
      }),
    );
  });

  it("random bytes give a credential or a CodecError, nothing else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          const c = decode(credentialCodec, bytes);
          expect(encode(credentialCodec, c)).toEqual(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }),
    );
  });

  it("random bytes with a valid type prefix give a value or a CodecError", () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2, 0x0a0a, 0xf000), fc.uint8Array({ maxLength: 40 }), (t, body) => {
        const bytes = new Uint8Array(2 + body.length);
        bytes[0] = t >> 8;
        bytes[1] = t & 0xff;
        bytes.set(body, 2);
        try {
          expect(encode(credentialCodec, decode(credentialCodec, bytes))).toEqual(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }),
    );
  });
});
