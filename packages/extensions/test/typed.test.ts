import { CodecErrorCode, decode, encode, fromHex, toHex, utf8 } from "@mlskit/codec";
import { basicCredential, type Credential, x509Credential } from "@mlskit/credentials";
import { CodecError } from "@mlskit/errors";
import { codecErrorOf } from "@mlskit/test-kit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appDataDictionaryCodec,
  appDataDictionaryExtension,
  applicationIdExtension,
  ComponentId,
  ExtensionType,
  type ExternalSender,
  externalSenderCodec,
  externalSendersExtension,
  isLastResort,
  lastResortComponentExtension,
  lastResortExtension,
  parseAppDataDictionary,
  parseApplicationId,
  parseExternalSenders,
  parseRequiredCapabilities,
  type RequiredCapabilities,
  requiredCapabilitiesCodec,
  requiredCapabilitiesExtension,
} from "../src/index.js";

describe("application_id (RFC 9420 §5.3.3)", () => {
  it('nests opaque application_id<V> in extension_data: "abc" -> 03616263', () => {
    const ext = applicationIdExtension(utf8("abc"));
    expect(ext.extensionType).toBe(ExtensionType.application_id);
    expect(toHex(ext.extensionData)).toBe("03616263");
    expect(parseApplicationId(ext)).toEqual(utf8("abc"));
  });

  it("uses a 2-byte varint for a 64-byte id", () => {
    const ext = applicationIdExtension(new Uint8Array(64));
    expect(toHex(ext.extensionData.subarray(0, 2))).toBe("4040");
    expect(parseApplicationId(ext)).toEqual(new Uint8Array(64));
  });

  it("rejects malformed data with a CodecError path", () => {
    const e = codecErrorOf(() => parseApplicationId({ extensionType: 1, extensionData: fromHex("0461") }));
    expect(e.code).toBe(CodecErrorCode.lengthExceedsInput);
    expect(e.details.path).toBe("application_id");
    // Raw bytes without the inner length prefix (a common interop mistake) do not parse.
    expect(
      codecErrorOf(() => parseApplicationId({ extensionType: 1, extensionData: utf8("abc") })).code,
    ).toBe(CodecErrorCode.lengthExceedsInput);
    expect(
      codecErrorOf(() => parseApplicationId({ extensionType: 1, extensionData: fromHex("016161") })).code,
    ).toBe(CodecErrorCode.trailingBytes);
  });

  it("refuses wrong arguments", () => {
    expect(() => applicationIdExtension("abc" as never)).toThrow(TypeError);
    expect(() => parseApplicationId(lastResortExtension())).toThrow(RangeError);
  });
});

describe("required_capabilities (RFC 9420 §11.1)", () => {
  const rc: RequiredCapabilities = {
    extensionTypes: [0x000a, 0xf000],
    proposalTypes: [0x0008],
    credentialTypes: [1, 2],
  };

  it("encodes three uint16 vectors", () => {
    const ext = requiredCapabilitiesExtension(rc);
    expect(ext.extensionType).toBe(3);
    expect(toHex(ext.extensionData)).toBe("04000af000" + "020008" + "0400010002");
    expect(parseRequiredCapabilities(ext)).toEqual(rc);
  });

  it("round-trips empty lists", () => {
    const empty = { extensionTypes: [], proposalTypes: [], credentialTypes: [] };
    expect(toHex(requiredCapabilitiesExtension(empty).extensionData)).toBe("000000");
    expect(parseRequiredCapabilities(requiredCapabilitiesExtension(empty))).toEqual(empty);
  });

  it("rejects malformed data with a path", () => {
    // proposal_types of odd length
    const e = codecErrorOf(() =>
      parseRequiredCapabilities({ extensionType: 3, extensionData: fromHex("00" + "0100" + "00") }),
    );
    expect(e.details.path).toMatch(/^required_capabilities\.proposal_types/);
    expect(
      codecErrorOf(() => parseRequiredCapabilities({ extensionType: 3, extensionData: fromHex("0000") }))
        .code,
    ).toBe(CodecErrorCode.truncated);
  });

  it("refuses wrong arguments", () => {
    expect(() => requiredCapabilitiesExtension(null as never)).toThrow(TypeError);
    expect(() => requiredCapabilitiesExtension({ ...rc, credentialTypes: [0x10000] })).toThrow(RangeError);
    expect(() => parseRequiredCapabilities(applicationIdExtension(new Uint8Array()))).toThrow(RangeError);
  });

  it("property: decode(encode(x)) = x", () => {
    const types = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 10 });
    fc.assert(
      fc.property(fc.record({ extensionTypes: types, proposalTypes: types, credentialTypes: types }), (v) => {
        expect(decode(requiredCapabilitiesCodec, encode(requiredCapabilitiesCodec, v))).toEqual(v);
      }),
    );
  });
});

describe("external_senders (RFC 9420 §12.1.8.1)", () => {
  const ds: ExternalSender = {
    signatureKey: new Uint8Array(32).fill(0xab),
    credential: basicCredential("ds"),
  };
  const ca: ExternalSender = {
    signatureKey: Uint8Array.of(4, 5),
    credential: x509Credential([Uint8Array.of(0x30, 1), Uint8Array.of(0x30, 2)]),
  };
  const grease: ExternalSender = {
    signatureKey: Uint8Array.of(1),
    credential: { credentialType: 0x5a5a, data: Uint8Array.of(7) },
  };

  it("encodes signature_key<V> then Credential, inside a vector", () => {
    const ext = externalSendersExtension([
      { signatureKey: Uint8Array.of(0xaa), credential: basicCredential("x") },
    ]);
    expect(ext.extensionType).toBe(5);
    expect(toHex(ext.extensionData)).toBe("06" + "01aa" + "0001" + "0178");
  });

  it("round-trips several senders, including x509 and unknown credential types", () => {
    const ext = externalSendersExtension([ds, ca, grease]);
    expect(parseExternalSenders(ext)).toEqual([ds, ca, grease]);
    expect(parseExternalSenders(externalSendersExtension([]))).toEqual([]);
  });

  it("rejects malformed data with a path", () => {
    const bytes = encode(externalSenderCodec, ds);
    const cut = bytes.subarray(0, bytes.length - 1);
    const data = new Uint8Array([cut.length, ...cut]);
    const e = codecErrorOf(() => parseExternalSenders({ extensionType: 5, extensionData: data }));
    expect(e.details.path).toMatch(/^external_senders\.\[0\]\.credential/);
  });

  it("refuses wrong arguments", () => {
    expect(() => externalSendersExtension([null as never])).toThrow(TypeError);
    expect(() =>
      externalSendersExtension([{ signatureKey: "k", credential: basicCredential("a") } as never]),
    ).toThrow(TypeError);
    expect(() => parseExternalSenders(lastResortExtension())).toThrow(RangeError);
  });

  it("property: decode(encode(x)) = x", () => {
    const credentialArb: fc.Arbitrary<Credential> = fc.oneof(
      fc.uint8Array({ maxLength: 20 }).map((identity): Credential => ({ credentialType: 1, identity })),
      fc
        .array(
          fc.uint8Array({ maxLength: 20 }).map((certData) => ({ certData })),
          { maxLength: 3 },
        )
        .map((certificates): Credential => ({ credentialType: 2, certificates })),
      fc
        .record({
          credentialType: fc.integer({ min: 3, max: 0xffff }),
          data: fc.uint8Array({ maxLength: 20 }),
        })
        .map((c): Credential => c),
    );
    const senderArb = fc.record({
      signatureKey: fc.uint8Array({ maxLength: 40 }),
      credential: credentialArb,
    });
    fc.assert(
      fc.property(fc.array(senderArb, { maxLength: 4 }), (senders) => {
        expect(parseExternalSenders(externalSendersExtension(senders))).toEqual(senders);
      }),
    );
  });
});

describe("last resort (draft-ietf-mls-extensions)", () => {
  it("the deployed form is type 0x000A with empty data", () => {
    const ext = lastResortExtension();
    expect(ext).toEqual({ extensionType: 0x000a, extensionData: new Uint8Array() });
    expect(lastResortExtension()).not.toBe(ext);
  });

  it("the component form is app_data_dictionary holding component 0x0004 with empty data", () => {
    const ext = lastResortComponentExtension();
    expect(ext.extensionType).toBe(ExtensionType.app_data_dictionary);
    expect(toHex(ext.extensionData)).toBe("03000400");
  });

  it("isLastResort recognises both forms and ignores everything else", () => {
    const grease = { extensionType: 0x0a0a, extensionData: Uint8Array.of(1, 2, 3) };
    expect(isLastResort([])).toBe(false);
    expect(isLastResort([grease])).toBe(false);
    expect(isLastResort([grease, lastResortExtension()])).toBe(true);
    expect(isLastResort([lastResortComponentExtension(), grease])).toBe(true);
    expect(isLastResort([lastResortExtension(), lastResortComponentExtension()])).toBe(true);
    const otherComponents = appDataDictionaryExtension([
      { componentId: 0x0003, data: utf8("text/plain") },
      { componentId: 0x8000, data: Uint8Array.of(1) },
    ]);
    expect(isLastResort([otherComponents])).toBe(false);
    const mixed = appDataDictionaryExtension([
      { componentId: 0x8000, data: Uint8Array.of(1) },
      { componentId: ComponentId.last_resort_key_package, data: new Uint8Array() },
    ]);
    expect(isLastResort([mixed])).toBe(true);
  });

  it("treats malformed markers as CodecError", () => {
    expect(
      codecErrorOf(() => isLastResort([{ extensionType: 0x000a, extensionData: Uint8Array.of(0) }])).details
        .path,
    ).toBe("last_resort");
    const nonEmpty = appDataDictionaryExtension([{ componentId: 4, data: Uint8Array.of(9) }]);
    const e = codecErrorOf(() => isLastResort([nonEmpty]));
    expect(e.code).toBe(CodecErrorCode.trailingBytes);
    expect(e.details.path).toBe("app_data_dictionary.component_data.[0].data");
    expect(codecErrorOf(() => isLastResort([{ extensionType: 6, extensionData: fromHex("05") }])).code).toBe(
      CodecErrorCode.lengthExceedsInput,
    );
  });

  it("refuses wrong arguments", () => {
    expect(() => isLastResort(null as never)).toThrow(TypeError);
    expect(() => isLastResort([{ extensionType: 10 }] as never)).toThrow(TypeError);
  });
});

describe("app_data_dictionary", () => {
  it("sorts entries when building and refuses duplicates", () => {
    const ext = appDataDictionaryExtension([
      { componentId: 5, data: Uint8Array.of(5) },
      { componentId: 1, data: Uint8Array.of(1) },
    ]);
    expect(parseAppDataDictionary(ext).componentData.map((c) => c.componentId)).toEqual([1, 5]);
    expect(() =>
      appDataDictionaryExtension([
        { componentId: 4, data: new Uint8Array() },
        { componentId: 4, data: new Uint8Array() },
      ]),
    ).toThrow(RangeError);
  });

  it("rejects unsorted or repeated component ids on decode", () => {
    for (const hex of ["06" + "000500" + "000100", "06" + "000400" + "000400"]) {
      const bytes = fromHex(hex);
      const e = codecErrorOf(() => parseAppDataDictionary({ extensionType: 6, extensionData: bytes }));
      expect(e.code).toBe(CodecErrorCode.invalidValue);
      expect(e.details.path).toBe("app_data_dictionary.component_data.[1].component_id");
    }
  });

  it("property: decode(encode(x)) = x for sorted unique entries", () => {
    const entries = fc
      .uniqueArray(
        fc.record({
          componentId: fc.integer({ min: 0, max: 0xffff }),
          data: fc.uint8Array({ maxLength: 10 }),
        }),
        {
          selector: (e) => e.componentId,
          maxLength: 6,
        },
      )
      .map((a) => a.sort((x, y) => x.componentId - y.componentId));
    fc.assert(
      fc.property(entries, (componentData) => {
        const bytes = encode(appDataDictionaryCodec, { componentData });
        expect(decode(appDataDictionaryCodec, bytes)).toEqual({ componentData });
      }),
    );
  });

  it("property: random bytes parse or throw CodecError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (extensionData) => {
        for (const extensionType of [1, 3, 5, 6, 10]) {
          try {
            const ext = { extensionType, extensionData };
            if (extensionType === 1) parseApplicationId(ext);
            else if (extensionType === 3) parseRequiredCapabilities(ext);
            else if (extensionType === 5) parseExternalSenders(ext);
            else if (extensionType === 6) parseAppDataDictionary(ext);
            else isLastResort([ext]);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
          }
        }
      }),
    );
  });
});
