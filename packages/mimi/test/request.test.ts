import { concatBytes, decode, encode, opaque, toHex, Writer } from "@mlskit/codec";
import { basicCredential, credentialCodec } from "@mlskit/credentials";
import { CodecError } from "@mlskit/errors";
import { requiredCapabilitiesCodec } from "@mlskit/extensions";
import { codecErrorOf } from "@mlskit/test-kit";
import { describe, expect, it } from "vitest";
import {
  checkKeyMaterialRequest,
  createKeyMaterialRequest,
  decodeKeyMaterialRequest,
  encodeKeyMaterialRequest,
  identifierUriCodec,
  type KeyMaterialRequest,
  keyMaterialRequestTbsBytes,
  MimiErrorCode,
  verifyKeyMaterialRequest,
} from "../src/index.js";
import { ALICE, asyncCodeOf, BOB, codeOf, provider, ROOM, request, signatureKeyPairFor } from "./helpers.js";

describe("KeyMaterialRequest codec", () => {
  it("round-trips byte for byte, field for field", async () => {
    const r = await request();
    const bytes = encodeKeyMaterialRequest(r);
    const back = decodeKeyMaterialRequest(bytes);
    expect(back).toMatchObject({
      protocol: 1,
      requestingUser: ALICE,
      targetUser: BOB,
      roomId: ROOM,
      acceptableCiphersuites: [1, 3],
    });
    expect(back.requiredCapabilities).toEqual(r.requiredCapabilities);
    expect(toHex(back.requesterSignatureKey)).toBe(toHex(r.requesterSignatureKey));
    expect(back.requesterCredential).toEqual(r.requesterCredential);
    expect(toHex(back.keyMaterialRequestSignature)).toBe(toHex(r.keyMaterialRequestSignature));
    expect(encodeKeyMaterialRequest(back)).toEqual(bytes);
  });

  it("writes the draft's field order: protocol, three URIs, suites, capabilities, key, credential, signature", async () => {
    const r = await request();
    const w = new Writer();
    w.uint8(1);
    for (const u of [ALICE, BOB, ROOM]) identifierUriCodec.encode(w, u);
    w.withLength(() => {
      w.uint16(1);
      w.uint16(3);
    });
    requiredCapabilitiesCodec.encode(w, r.requiredCapabilities);
    opaque.encode(w, r.requesterSignatureKey);
    credentialCodec.encode(w, r.requesterCredential);
    const tbs = w.finish();
    expect(keyMaterialRequestTbsBytes(r)).toEqual(tbs);
    expect(encodeKeyMaterialRequest(r)).toEqual(
      concatBytes(tbs, encode(opaque, r.keyMaterialRequestSignature)),
    );
  });

  it("an empty roomId (no room) round-trips", async () => {
    const r = await request({ roomId: "" });
    expect(decodeKeyMaterialRequest(encodeKeyMaterialRequest(r)).roomId).toBe("");
  });

  it("refuses another protocol at protocol, with the offset", async () => {
    const bytes = encodeKeyMaterialRequest(await request());
    for (const p of [0, 2, 255]) {
      const b = bytes.slice();
      b[0] = p;
      const e = codecErrorOf(() => decodeKeyMaterialRequest(b));
      expect(e).toBeInstanceOf(CodecError);
      expect(e.code).toBe("CODEC_INVALID_VALUE");
      expect(e.details).toMatchObject({ path: "KeyMaterialRequest.protocol", offset: 0 });
    }
  });

  it("refuses every truncation with a CodecError", async () => {
    const bytes = encodeKeyMaterialRequest(await request());
    for (let n = 0; n < bytes.length; n++) {
      expect(() => decodeKeyMaterialRequest(bytes.subarray(0, n))).toThrow(CodecError);
    }
  });

  it("refuses trailing bytes", async () => {
    const bytes = encodeKeyMaterialRequest(await request());
    expect(codeOf(() => decodeKeyMaterialRequest(concatBytes(bytes, Uint8Array.of(0))))).toBe(
      "CODEC_TRAILING_BYTES",
    );
  });

  it("refuses a URI that is not UTF-8, naming the field", () => {
    const w = new Writer();
    w.uint8(1);
    opaque.encode(w, Uint8Array.of(0x6d, 0xff));
    const e = codecErrorOf(() => decodeKeyMaterialRequest(w.finish()));
    expect(e.code).toBe("CODEC_INVALID_VALUE");
    expect(e.details.path).toBe("KeyMaterialRequest.requestingUser");
  });

  it("keeps a leading U+FEFF (the bytes are re-encoded unchanged)", () => {
    const w = new Writer();
    identifierUriCodec.encode(w, "\uFEFFmimi://x");
    const bytes = w.finish();
    const back = decode(identifierUriCodec, bytes);
    expect(back).toBe("\uFEFFmimi://x");
    expect(encode(identifierUriCodec, back)).toEqual(bytes);
  });

  it("refuses to encode a protocol without fields", async () => {
    const r = await request();
    expect(() => encodeKeyMaterialRequest({ ...r, protocol: 2 })).toThrow(RangeError);
    expect(() => encodeKeyMaterialRequest(null as unknown as KeyMaterialRequest)).toThrow(TypeError);
  });
});

describe("checkKeyMaterialRequest", () => {
  it("refuses an empty suite list", async () => {
    const r = await request();
    expect(codeOf(() => checkKeyMaterialRequest({ ...r, acceptableCiphersuites: [] }))).toBe(
      MimiErrorCode.emptyCipherSuites,
    );
  });

  it("refuses a suite listed twice", async () => {
    const r = await request();
    expect(codeOf(() => checkKeyMaterialRequest({ ...r, acceptableCiphersuites: [1, 3, 1] }))).toBe(
      MimiErrorCode.duplicateCipherSuite,
    );
  });

  it("accepts a good request", async () => {
    expect(
      codeOf(() => checkKeyMaterialRequest({ acceptableCiphersuites: [3, 1] } as never)),
    ).toBeUndefined();
  });
});

describe("createKeyMaterialRequest / verifyKeyMaterialRequest", () => {
  it("a created request verifies, after an encode/decode round trip, with the signing suite", async () => {
    const r = decodeKeyMaterialRequest(encodeKeyMaterialRequest(await request()));
    expect(await verifyKeyMaterialRequest(r, { provider })).toEqual({ cipherSuite: 1 });
  });

  for (const suite of [2, 3, 4, 5, 6, 7]) {
    it(`signs and verifies with the scheme of suite ${suite}`, async () => {
      const r = await request({ acceptableCiphersuites: [suite] });
      expect(await verifyKeyMaterialRequest(r, { provider })).toEqual({ cipherSuite: suite });
    });
  }

  it("finds the scheme among the acceptable suites, not only the first (P-256 key, suites [1, 2])", async () => {
    const r = await request({ acceptableCiphersuites: [1, 2], signatureCipherSuite: 2 });
    expect(await verifyKeyMaterialRequest(r, { provider })).toEqual({ cipherSuite: 2 });
  });

  it("refuses a signature suite that is not acceptable", async () => {
    await expect(request({ acceptableCiphersuites: [1], signatureCipherSuite: 2 })).rejects.toThrow(
      RangeError,
    );
  });

  it("any changed field breaks the signature", async () => {
    const r = await request();
    const edits: Partial<KeyMaterialRequest>[] = [
      { requestingUser: "mimi://a.example/u/mallory" },
      { targetUser: "mimi://b.example/u/carol" },
      { roomId: "" },
      { acceptableCiphersuites: [3, 1] },
      { requiredCapabilities: { extensionTypes: [], proposalTypes: [], credentialTypes: [1] } },
      { requesterCredential: basicCredential("mimi://a.example/u/mallory") },
    ];
    for (const edit of edits) {
      expect(await asyncCodeOf(() => verifyKeyMaterialRequest({ ...r, ...edit }, { provider }))).toBe(
        MimiErrorCode.invalidSignature,
      );
    }
    const sig = r.keyMaterialRequestSignature.slice();
    sig[5]! ^= 1;
    expect(
      await asyncCodeOf(() =>
        verifyKeyMaterialRequest({ ...r, keyMaterialRequestSignature: sig }, { provider }),
      ),
    ).toBe(MimiErrorCode.invalidSignature);
  });

  it("a signature by another key of the same scheme does not verify (forged requester key)", async () => {
    const r = await request();
    const other = await (await provider.getCipherSuite(1)).signature.generateKeyPair();
    expect(
      await asyncCodeOf(() =>
        verifyKeyMaterialRequest({ ...r, requesterSignatureKey: other.publicKey }, { provider }),
      ),
    ).toBe(MimiErrorCode.invalidSignature);
  });

  it("a key of a size no acceptable scheme has is refused before any verification", async () => {
    const r = await request();
    expect(
      await asyncCodeOf(() =>
        verifyKeyMaterialRequest({ ...r, requesterSignatureKey: new Uint8Array(33) }, { provider }),
      ),
    ).toBe(MimiErrorCode.unsupportedSignatureScheme);
    expect(
      await asyncCodeOf(() =>
        verifyKeyMaterialRequest({ ...r, acceptableCiphersuites: [0x0a0a] }, { provider }),
      ),
    ).toBe(MimiErrorCode.unsupportedSignatureScheme);
  });

  it("verification checks the draft's rules first (empty suite list)", async () => {
    const r = await request();
    expect(
      await asyncCodeOf(() => verifyKeyMaterialRequest({ ...r, acceptableCiphersuites: [] }, { provider })),
    ).toBe(MimiErrorCode.emptyCipherSuites);
  });

  it("refuses bad options with titled TypeErrors", async () => {
    const signatureKeyPair = await signatureKeyPairFor(1);
    const base = {
      provider,
      requestingUser: ALICE,
      targetUser: BOB,
      acceptableCiphersuites: [1],
      credential: basicCredential(ALICE),
      signatureKeyPair,
    };
    await expect(createKeyMaterialRequest({ ...base, requestingUser: "" })).rejects.toThrow(/requestingUser/);
    await expect(createKeyMaterialRequest({ ...base, targetUser: 5 as never })).rejects.toThrow(/targetUser/);
    await expect(createKeyMaterialRequest({ ...base, acceptableCiphersuites: [70000] })).rejects.toThrow(
      RangeError,
    );
    await expect(createKeyMaterialRequest({ ...base, signatureKeyPair: {} as never })).rejects.toThrow(
      /signatureKeyPair/,
    );
    await expect(createKeyMaterialRequest({ ...base, provider: {} as never })).rejects.toThrow(/provider/);
    expect(await asyncCodeOf(() => createKeyMaterialRequest({ ...base, acceptableCiphersuites: [] }))).toBe(
      MimiErrorCode.emptyCipherSuites,
    );
    await expect(verifyKeyMaterialRequest(await request(), {} as never)).rejects.toThrow(TypeError);
  });
});
