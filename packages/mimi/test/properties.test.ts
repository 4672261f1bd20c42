import { CodecError } from "@mlskit/errors";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeKeyMaterialRequest,
  decodeKeyMaterialResponse,
  encodeKeyMaterialRequest,
  encodeKeyMaterialResponse,
  KeyMaterialClientCode,
  type KeyMaterialResponse,
} from "../src/index.js";
import { BOB, keyPackage, request } from "./helpers.js";

function decodesCanonicallyOrThrowsCodecError(
  bytes: Uint8Array,
  decode: (b: Uint8Array) => unknown,
  encode: (v: never) => Uint8Array,
): void {
  let value: unknown;
  try {
    value = decode(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return;
  }
  expect(encode(value as never)).toEqual(bytes);
}

const uri = fc.string({ maxLength: 40, unit: "grapheme" });
const suites = fc.uniqueArray(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 8 });
const types = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 4 });

describe("MIMI codecs: properties and fuzzing", () => {
  it("random requests round-trip byte for byte", async () => {
    const base = await request();
    fc.assert(
      fc.property(
        uri,
        uri,
        uri,
        suites,
        types,
        types,
        types,
        fc.uint8Array({ maxLength: 140 }),
        fc.uint8Array({ maxLength: 140 }),
        (a, b, room, s, e, p, c, key, sig) => {
          const r = {
            ...base,
            requestingUser: a,
            targetUser: b,
            roomId: room,
            acceptableCiphersuites: s,
            requiredCapabilities: { extensionTypes: e, proposalTypes: p, credentialTypes: c },
            requesterSignatureKey: key,
            keyMaterialRequestSignature: sig,
          };
          const bytes = encodeKeyMaterialRequest(r);
          expect(decodeKeyMaterialRequest(bytes)).toEqual(r);
          expect(encodeKeyMaterialRequest(decodeKeyMaterialRequest(bytes))).toEqual(bytes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("random bytes never throw anything but CodecError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        for (const f of [decodeKeyMaterialRequest, decodeKeyMaterialResponse]) {
          try {
            f(b);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("mutations of a valid request decode canonically or throw CodecError", async () => {
    const bytes = encodeKeyMaterialRequest(await request());
    fc.assert(
      fc.property(
        fc.nat({ max: bytes.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.nat({ max: 8 }),
        (i, v, cut) => {
          const m = bytes.slice(0, bytes.length - cut);
          if (i < m.length) m[i] = v;
          decodesCanonicallyOrThrowsCodecError(m, decodeKeyMaterialRequest, encodeKeyMaterialRequest);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("mutations of a valid response decode canonically or throw CodecError", async () => {
    const { keyPackage: kp } = await keyPackage(1);
    const response: KeyMaterialResponse = {
      protocol: 1,
      userStatus: 1,
      userUri: BOB,
      clients: [
        {
          clientStatus: KeyMaterialClientCode.success,
          clientUri: "mimi://b.example/d/bob/a",
          keyPackage: kp,
        },
        { clientStatus: KeyMaterialClientCode.keyMaterialExhausted, clientUri: "mimi://b.example/d/bob/b" },
        {
          clientStatus: KeyMaterialClientCode.nothingCompatible,
          clientUri: "mimi://b.example/d/bob/c",
          clientCapabilities: kp.leafNode.capabilities,
        },
      ],
    };
    const bytes = encodeKeyMaterialResponse(response);
    fc.assert(
      fc.property(
        fc.nat({ max: bytes.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.nat({ max: 8 }),
        (i, v, cut) => {
          const m = bytes.slice(0, bytes.length - cut);
          if (i < m.length) m[i] = v;
          decodesCanonicallyOrThrowsCodecError(m, decodeKeyMaterialResponse, encodeKeyMaterialResponse);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
