import { concatBytes, encode, Writer } from "@mlskit/codec";
import { CodecError } from "@mlskit/errors";
import { encodeKeyPackage } from "@mlskit/key-packages";
import { codecErrorOf } from "@mlskit/test-kit";
import { describe, expect, it } from "vitest";
import {
  type ClientKeyMaterial,
  checkKeyMaterialResponse,
  clientKeyMaterialCodec,
  decodeKeyMaterialResponse,
  encodeKeyMaterialResponse,
  identifierUriCodec,
  KeyMaterialClientCode,
  type KeyMaterialResponse,
  KeyMaterialUserCode,
  keyMaterialUserStatus,
  MimiErrorCode,
} from "../src/index.js";
import { BOB, codeOf, keyPackage } from "./helpers.js";

const PHONE = "mimi://b.example/d/bob/phone";
const LAPTOP = "mimi://b.example/d/bob/laptop";
const TABLET = "mimi://b.example/d/bob/tablet";

async function sample(): Promise<KeyMaterialResponse> {
  const { keyPackage: kp } = await keyPackage(1);
  return {
    protocol: 1,
    userStatus: KeyMaterialUserCode.partialSuccess,
    userUri: BOB,
    clients: [
      { clientStatus: KeyMaterialClientCode.success, clientUri: PHONE, keyPackage: kp },
      { clientStatus: KeyMaterialClientCode.keyMaterialExhausted, clientUri: LAPTOP },
      {
        clientStatus: KeyMaterialClientCode.nothingCompatible,
        clientUri: TABLET,
        clientCapabilities: kp.leafNode.capabilities,
      },
      { clientStatus: KeyMaterialClientCode.nothingCompatible, clientUri: "mimi://b.example/d/bob/watch" },
    ],
  };
}

describe("KeyMaterialResponse codec", () => {
  it("round-trips every kind of client entry byte for byte", async () => {
    const r = await sample();
    const bytes = encodeKeyMaterialResponse(r);
    const back = decodeKeyMaterialResponse(bytes);
    expect(back).toMatchObject({ protocol: 1, userStatus: 1, userUri: BOB });
    expect(back.clients.map((c) => c.clientStatus)).toEqual([0, 1, 2, 2]);
    const [ok, , caps, hidden] = back.clients;
    expect(ok?.clientStatus === 0 && encodeKeyPackage(ok.keyPackage)).toEqual(
      encodeKeyPackage((r.clients[0] as Extract<ClientKeyMaterial, { clientStatus: 0 }>).keyPackage),
    );
    expect(caps).toEqual(r.clients[2]);
    expect(hidden).toEqual({ clientStatus: 2, clientUri: "mimi://b.example/d/bob/watch" });
    expect("clientCapabilities" in hidden!).toBe(false);
    expect(encodeKeyMaterialResponse(back)).toEqual(bytes);
  });

  it("writes a client entry as status, URI, then the KeyPackage struct (no MLSMessage header)", async () => {
    const { keyPackage: kp } = await keyPackage(1);
    const w = new Writer();
    w.uint8(0);
    identifierUriCodec.encode(w, PHONE);
    expect(encode(clientKeyMaterialCodec, { clientStatus: 0, clientUri: PHONE, keyPackage: kp })).toEqual(
      concatBytes(w.finish(), encodeKeyPackage(kp)),
    );
    // nothingCompatible without capabilities: the optional's absent octet.
    const w2 = new Writer();
    w2.uint8(2);
    identifierUriCodec.encode(w2, PHONE);
    w2.uint8(0);
    expect(encode(clientKeyMaterialCodec, { clientStatus: 2, clientUri: PHONE })).toEqual(w2.finish());
  });

  it("an unknown user code decodes (kept as a number) with no clients", () => {
    const bytes = encodeKeyMaterialResponse({ protocol: 1, userStatus: 200, userUri: BOB, clients: [] });
    expect(decodeKeyMaterialResponse(bytes).userStatus).toBe(200);
  });

  it("an unknown client code cannot be decoded: CODEC_INVALID_VALUE at clientStatus", () => {
    const w = new Writer();
    w.uint8(1);
    w.uint8(0);
    identifierUriCodec.encode(w, BOB);
    w.withLength(() => {
      w.uint8(3);
      identifierUriCodec.encode(w, PHONE);
    });
    const e = codecErrorOf(() => decodeKeyMaterialResponse(w.finish()));
    expect(e.code).toBe("CODEC_INVALID_VALUE");
    expect(e.details.path).toBe("KeyMaterialResponse.clients.[0].clientStatus");
  });

  it("another protocol decodes only with no clients (their form is undefined)", () => {
    const empty = encodeKeyMaterialResponse({ protocol: 7, userStatus: 2, userUri: BOB, clients: [] });
    expect(decodeKeyMaterialResponse(empty)).toEqual({
      protocol: 7,
      userStatus: 2,
      userUri: BOB,
      clients: [],
    });
    const w = new Writer();
    w.uint8(7);
    w.uint8(2);
    identifierUriCodec.encode(w, BOB);
    w.withLength(() => w.uint8(1));
    expect(codeOf(() => decodeKeyMaterialResponse(w.finish()))).toBe("CODEC_INVALID_VALUE");
    expect(() =>
      encodeKeyMaterialResponse({
        protocol: 7,
        userStatus: 2,
        userUri: BOB,
        clients: [{ clientStatus: 1, clientUri: PHONE }],
      }),
    ).toThrow(RangeError);
  });

  it("refuses every truncation and trailing bytes", async () => {
    const bytes = encodeKeyMaterialResponse(await sample());
    for (let n = 0; n < bytes.length; n += 7) {
      expect(() => decodeKeyMaterialResponse(bytes.subarray(0, n))).toThrow(CodecError);
    }
    expect(codeOf(() => decodeKeyMaterialResponse(concatBytes(bytes, Uint8Array.of(1))))).toBe(
      "CODEC_TRAILING_BYTES",
    );
  });

  it("refuses to encode an undefined client code", () => {
    expect(() => encode(clientKeyMaterialCodec, { clientStatus: 9, clientUri: PHONE } as never)).toThrow(
      RangeError,
    );
    expect(() => encode(clientKeyMaterialCodec, null as never)).toThrow(TypeError);
  });
});

describe("keyMaterialUserStatus", () => {
  it("all succeeded: success; some: partialSuccess; none: noCompatibleMaterial", () => {
    expect(keyMaterialUserStatus([0, 0])).toBe(KeyMaterialUserCode.success);
    expect(keyMaterialUserStatus([0, 1, 2])).toBe(KeyMaterialUserCode.partialSuccess);
    expect(keyMaterialUserStatus([1, 2])).toBe(KeyMaterialUserCode.noCompatibleMaterial);
    expect(keyMaterialUserStatus([1])).toBe(KeyMaterialUserCode.noCompatibleMaterial);
  });

  it("needs at least one client", () => {
    expect(() => keyMaterialUserStatus([])).toThrow(RangeError);
  });
});

describe("checkKeyMaterialResponse", () => {
  const entry = (clientStatus: 1 | 2, clientUri: string): ClientKeyMaterial => ({ clientStatus, clientUri });

  it("accepts consistent responses", async () => {
    const r = await sample();
    const ok = r.clients[0]!;
    expect(codeOf(() => checkKeyMaterialResponse(r))).toBeUndefined();
    expect(codeOf(() => checkKeyMaterialResponse({ ...r, userStatus: 0, clients: [ok] }))).toBeUndefined();
    expect(
      codeOf(() =>
        checkKeyMaterialResponse({ ...r, userStatus: 3, clients: [entry(1, PHONE), entry(2, LAPTOP)] }),
      ),
    ).toBeUndefined();
    expect(codeOf(() => checkKeyMaterialResponse({ ...r, userStatus: 3, clients: [] }))).toBeUndefined();
    expect(codeOf(() => checkKeyMaterialResponse({ ...r, userStatus: 4, clients: [] }))).toBeUndefined();
  });

  it("given the request, refuses a response about another protocol or user", async () => {
    const r = await sample();
    expect(codeOf(() => checkKeyMaterialResponse(r, { protocol: 1, targetUser: BOB }))).toBeUndefined();
    expect(
      codeOf(() => checkKeyMaterialResponse(r, { protocol: 1, targetUser: "mimi://b.example/u/eve" })),
    ).toBe(MimiErrorCode.inconsistentResponse);
    expect(
      codeOf(() =>
        checkKeyMaterialResponse({ ...r, protocol: 2, clients: [] }, { protocol: 1, targetUser: BOB }),
      ),
    ).toBe(MimiErrorCode.inconsistentResponse);
  });

  it("refuses each contradiction", async () => {
    const r = await sample();
    const ok = r.clients[0]!;
    const bad: KeyMaterialResponse[] = [
      { ...r, userStatus: 0, clients: [] },
      { ...r, userStatus: 0, clients: [ok, entry(1, LAPTOP)] },
      { ...r, userStatus: 1, clients: [ok] },
      { ...r, userStatus: 1, clients: [entry(1, LAPTOP)] },
      { ...r, userStatus: 3, clients: [ok, entry(1, LAPTOP)] },
      { ...r, userStatus: 4, clients: [entry(1, LAPTOP)] },
      { ...r, userStatus: 5, clients: [entry(1, LAPTOP)] },
      { ...r, userStatus: 1, clients: [ok, entry(1, PHONE)] },
    ];
    for (const b of bad)
      expect(codeOf(() => checkKeyMaterialResponse(b))).toBe(MimiErrorCode.inconsistentResponse);
  });
});
