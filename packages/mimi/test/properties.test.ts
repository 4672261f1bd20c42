import { MlsError } from "@mlskit/errors";
import {
  expectCanonicalOrCodecError,
  expectRoundTrip,
  fuzzMutations,
  fuzzRandomBytes,
} from "@mlskit/test-kit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ClientKeyMaterial,
  decodeKeyMaterialRequest,
  decodeKeyMaterialResponse,
  encodeKeyMaterialRequest,
  encodeKeyMaterialResponse,
  KeyMaterialClientCode,
  type KeyMaterialResponse,
  MimiErrorCode,
  parseMimiDirectory,
} from "../src/index.js";
import { BOB, keyPackage, request } from "./helpers.js";

const uri = fc.string({ maxLength: 40, unit: "grapheme" });
const suites = fc.uniqueArray(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 8 });
const types = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 4 });

/** 2,000 mutations of `value`'s encoding each decode canonically or throw a CodecError. */
function mutationsDecodeCanonically<T>(
  value: T,
  decode: (b: Uint8Array) => T,
  encode: (v: T) => Uint8Array,
): void {
  fuzzMutations(encode(value), (m) => expectCanonicalOrCodecError(m, decode, encode), 2000);
}

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
          expectRoundTrip(r, encodeKeyMaterialRequest, decodeKeyMaterialRequest);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("random bytes never throw anything but CodecError", () => {
    fuzzRandomBytes(
      (b) => {
        for (const f of [decodeKeyMaterialRequest, decodeKeyMaterialResponse])
          expectCanonicalOrCodecError(b, f);
      },
      { maxLength: 300, numRuns: 3000 },
    );
  });

  it("mutations of a valid request decode canonically or throw CodecError", async () => {
    mutationsDecodeCanonically(await request(), decodeKeyMaterialRequest, encodeKeyMaterialRequest);
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
    mutationsDecodeCanonically(response, decodeKeyMaterialResponse, encodeKeyMaterialResponse);
  });

  it("random responses round-trip byte for byte", async () => {
    const { keyPackage: kp } = await keyPackage(1);
    const u16s = fc.uniqueArray(fc.integer({ min: 0, max: 0xffff }), { maxLength: 4 });
    const capabilities = fc.record({
      versions: u16s,
      cipherSuites: u16s,
      extensions: u16s,
      proposals: u16s,
      credentials: u16s,
    });
    const client: fc.Arbitrary<ClientKeyMaterial> = fc.oneof(
      uri.map((clientUri) => ({ clientStatus: KeyMaterialClientCode.success, clientUri, keyPackage: kp })),
      uri.map((clientUri) => ({ clientStatus: KeyMaterialClientCode.keyMaterialExhausted, clientUri })),
      fc
        .tuple(uri, fc.option(capabilities, { nil: undefined }))
        .map(([clientUri, caps]) =>
          caps === undefined
            ? { clientStatus: KeyMaterialClientCode.nothingCompatible, clientUri }
            : { clientStatus: KeyMaterialClientCode.nothingCompatible, clientUri, clientCapabilities: caps },
        ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        uri,
        fc.array(client, { maxLength: 4 }),
        (status, u, cs) => {
          const response: KeyMaterialResponse = { protocol: 1, userStatus: status, userUri: u, clients: cs };
          const bytes = encodeKeyMaterialResponse(response);
          const back = decodeKeyMaterialResponse(bytes);
          expect(encodeKeyMaterialResponse(back)).toEqual(bytes);
          expect(back.clients.map((c) => [c.clientStatus, c.clientUri])).toEqual(
            cs.map((c) => [c.clientStatus, c.clientUri]),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("any JSON as a directory document: a usable keyMaterial template, or MIMI_BAD_DIRECTORY", () => {
    const template = fc.oneof(
      fc.string(),
      fc.webUrl().map((u) => `${u}/keyMaterial/{targetUser}`),
      fc.webUrl().map((u) => `${u}/{targetUser}/{targetUser}`),
    );
    const document = fc.oneof(
      fc.jsonValue(),
      fc.record({ keyMaterial: fc.oneof(template, fc.jsonValue()) }, { requiredKeys: [] }),
      fc
        .dictionary(fc.string(), fc.jsonValue())
        .chain((d) => template.map((t) => ({ ...d, keyMaterial: t }))),
    );
    fc.assert(
      fc.property(document, (json) => {
        let parsed: ReturnType<typeof parseMimiDirectory>;
        try {
          parsed = parseMimiDirectory(json);
        } catch (e) {
          expect(MlsError.is(e) && e.code).toBe(MimiErrorCode.badDirectory);
          return;
        }
        // Only the keyMaterial template is kept, and it holds {targetUser} exactly once.
        expect(Object.keys(parsed)).toEqual(["keyMaterial"]);
        expect(parsed.keyMaterial).toBe((json as { keyMaterial: string }).keyMaterial);
        expect(parsed.keyMaterial).toMatch(/^https?:\/\//i);
        expect(parsed.keyMaterial.split("{targetUser}")).toHaveLength(2);
      }),
      { numRuns: 800 },
    );
  });
});
