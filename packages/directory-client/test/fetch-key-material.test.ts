/**
 * `fetchKeyMaterial` against a target provider that is not trusted: a scripted peer reads the
 * signed request the client sent and answers with what a careless or hostile provider could send
 * (a package of a suite the request did not accept, one missing a required extension, one with a
 * broken signature, a response about another user, bytes that do not decode, another content
 * type). The client against the real target provider is tested in @mlskit/directory.
 */
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import { nobleCryptoProvider as provider } from "@mlskit/crypto-provider-noble";
import { MlsError } from "@mlskit/errors";
import { createKeyPackage, type KeyPackageBundle } from "@mlskit/key-packages";
import {
  type ClientKeyMaterial,
  decodeKeyMaterialRequest,
  encodeKeyMaterialResponse,
  type KeyMaterialRequest,
  type KeyMaterialResponse,
  KeyMaterialUserCode,
  verifyKeyMaterialRequest,
} from "@mlskit/mimi";
import { describe, expect, it } from "vitest";
import { type FetchKeyMaterialOptions, fetchKeyMaterial } from "../src/index.js";

const BASE = "http://b.example:8080";
const ALICE = "mimi://a.example/u/alice";
const BOB = "mimi://b.example/u/bob";
const client = (name: string) => `mimi://b.example/d/bob/${name}`;

interface Peer {
  /** What the target provider answers to a keyMaterial POST (given the request it received). */
  keyMaterial: (request: KeyMaterialRequest) => Response | Promise<Response>;
  /** The discovery document (or a raw Response). */
  directory?: unknown;
}

interface Seen {
  urls: string[];
  request?: KeyMaterialRequest;
  contentType?: string;
}

function peerFetch(peer: Peer, seen: Seen): typeof fetch {
  return (async (url: string, init: RequestInit = {}) => {
    seen.urls.push(url);
    if (url === `${BASE}/.well-known/mimi-protocol-directory`) {
      if (peer.directory instanceof Response) return peer.directory;
      return Response.json(peer.directory ?? { keyMaterial: `${BASE}/v1/mimi/keyMaterial/{targetUser}` });
    }
    seen.contentType = (init.headers as Record<string, string>)["content-type"];
    seen.request = decodeKeyMaterialRequest(init.body as Uint8Array);
    return peer.keyMaterial(seen.request);
  }) as unknown as typeof fetch;
}

function binary(response: KeyMaterialResponse, type = "application/mimi-key-material-response"): Response {
  return new Response(encodeKeyMaterialResponse(response) as BodyInit, { headers: { "content-type": type } });
}

/** A target provider whose user has one client, "phone", with `bundle`'s key package. */
function phoneAnswers(bundle: KeyPackageBundle, seen: Seen = { urls: [] }): typeof fetch {
  return peerFetch(
    {
      keyMaterial: (req) =>
        binary({
          protocol: 1,
          userStatus: KeyMaterialUserCode.success,
          userUri: req.targetUser,
          clients: [{ clientStatus: 0, clientUri: client("phone"), keyPackage: bundle.keyPackage }],
        }),
    },
    seen,
  );
}

let signer: Promise<{ publicKey: Uint8Array; privateKey: Uint8Array }> | undefined;
async function aliceOptions(extra: Partial<FetchKeyMaterialOptions> = {}): Promise<FetchKeyMaterialOptions> {
  signer ??= provider.getCipherSuite(1).then((s) => s.signature.generateKeyPair());
  return {
    from: BASE,
    provider,
    requestingUser: ALICE,
    targetUser: BOB,
    roomId: "mimi://a.example/r/clubhouse",
    acceptableCiphersuites: [1],
    credential: basicCredential(ALICE),
    signatureKeyPair: await signer,
    ...extra,
  };
}

async function bobPackage(
  opts: { cipherSuite?: number; extensions?: number[]; lastResort?: boolean } = {},
): Promise<KeyPackageBundle> {
  const cipherSuite = opts.cipherSuite ?? 1;
  return createKeyPackage({
    provider,
    cipherSuite,
    credential: basicCredential(BOB),
    signatureKeyPair: await (await provider.getCipherSuite(cipherSuite)).signature.generateKeyPair(),
    ...(opts.extensions === undefined ? {} : { capabilities: { extensions: opts.extensions } }),
    ...(opts.lastResort === undefined ? {} : { lastResort: opts.lastResort }),
  });
}

async function failureOf(p: Promise<unknown>): Promise<MlsError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!MlsError.is(e)) throw new Error(`expected an MlsError, got ${String(e)}`);
  return e;
}

describe("fetchKeyMaterial against an untrusted target provider", () => {
  it("sends one signed request for the target user to the discovered endpoint", async () => {
    const good = await bobPackage();
    const seen: Seen = { urls: [] };
    const result = await fetchKeyMaterial({ ...(await aliceOptions()), fetch: phoneAnswers(good, seen) });
    expect(seen.urls).toEqual([
      `${BASE}/.well-known/mimi-protocol-directory`,
      `${BASE}/v1/mimi/keyMaterial/${encodeURIComponent(BOB)}`,
    ]);
    expect(seen.contentType).toBe("application/mimi-key-material-request");
    await verifyKeyMaterialRequest(seen.request!, { provider });
    expect(seen.request).toMatchObject({
      requestingUser: ALICE,
      targetUser: BOB,
      acceptableCiphersuites: [1],
    });
    expect(result.userStatus).toBe(KeyMaterialUserCode.success);
    const [c] = result.clients;
    expect(c?.status).toBe("success");
    expect(c?.status === "success" && [toHex(c.ref), c.lastResort]).toEqual([toHex(good.ref), false]);
  });

  it("rejects each package that fails a check, and keeps the others usable", async () => {
    const good = await bobPackage();
    const lastResort = await bobPackage({ lastResort: true });
    const otherSuite = await bobPackage({ cipherSuite: 3, extensions: [0xf0f0] });
    const lacking = await bobPackage();
    const forged = await bobPackage({ extensions: [0xf0f0] });
    const sig = forged.keyPackage.signature.slice();
    sig[0]! ^= 1;
    const withExtension = await bobPackage({ extensions: [0xf0f0] });
    const clients: ClientKeyMaterial[] = [
      { clientStatus: 0, clientUri: client("a-good"), keyPackage: withExtension.keyPackage },
      { clientStatus: 0, clientUri: client("b-other-suite"), keyPackage: otherSuite.keyPackage },
      { clientStatus: 0, clientUri: client("c-lacking"), keyPackage: lacking.keyPackage },
      {
        clientStatus: 0,
        clientUri: client("d-forged"),
        keyPackage: { ...forged.keyPackage, signature: sig },
      },
      { clientStatus: 1, clientUri: client("e-exhausted") },
      {
        clientStatus: 2,
        clientUri: client("f-incompatible"),
        clientCapabilities: good.keyPackage.leafNode.capabilities,
      },
    ];
    const required = { extensionTypes: [0xf0f0], proposalTypes: [], credentialTypes: [1] };
    const result = await fetchKeyMaterial({
      ...(await aliceOptions({ requiredCapabilities: required })),
      fetch: peerFetch(
        {
          keyMaterial: (req) =>
            binary({
              protocol: 1,
              userStatus: KeyMaterialUserCode.partialSuccess,
              userUri: req.targetUser,
              clients,
            }),
        },
        { urls: [] },
      ),
    });
    expect(result.userStatus).toBe(KeyMaterialUserCode.partialSuccess);
    expect(
      result.clients.map((c) => [c.clientUri, c.status, c.status === "rejected" ? c.error.code : undefined]),
    ).toEqual([
      [client("a-good"), "success", undefined],
      [client("b-other-suite"), "rejected", "MIMI_UNACCEPTABLE_CIPHER_SUITE"],
      [client("c-lacking"), "rejected", "MIMI_MISSING_REQUIRED_CAPABILITIES"],
      [client("d-forged"), "rejected", "KEY_PACKAGE_INVALID_SIGNATURE"],
      [client("e-exhausted"), "keyMaterialExhausted", undefined],
      [client("f-incompatible"), "nothingCompatible", undefined],
    ]);
    const incompatible = result.clients[5];
    expect(incompatible?.status === "nothingCompatible" && incompatible.capabilities).toEqual(
      good.keyPackage.leafNode.capabilities,
    );
    // A last-resort package is reported as such (from its own extension, not from the provider).
    const lr = await fetchKeyMaterial({ ...(await aliceOptions()), fetch: phoneAnswers(lastResort) });
    expect(lr.clients[0]?.status === "success" && lr.clients[0].lastResort).toBe(true);
  });

  it("refuses a response that does not answer the request or contradicts itself", async () => {
    const good = await bobPackage();
    const answers: Record<string, (req: KeyMaterialRequest) => KeyMaterialResponse> = {
      "another user": () => ({
        protocol: 1,
        userStatus: 4,
        userUri: "mimi://b.example/u/carol",
        clients: [],
      }),
      "success with an exhausted client": (req) => ({
        protocol: 1,
        userStatus: KeyMaterialUserCode.success,
        userUri: req.targetUser,
        clients: [
          { clientStatus: 0, clientUri: client("phone"), keyPackage: good.keyPackage },
          { clientStatus: 1, clientUri: client("laptop") },
        ],
      }),
      "clients with userUnknown": (req) => ({
        protocol: 1,
        userStatus: KeyMaterialUserCode.userUnknown,
        userUri: req.targetUser,
        clients: [{ clientStatus: 1, clientUri: client("phone") }],
      }),
    };
    for (const [what, answer] of Object.entries(answers)) {
      const e = await failureOf(
        fetchKeyMaterial({
          ...(await aliceOptions()),
          fetch: peerFetch({ keyMaterial: (req) => binary(answer(req)) }, { urls: [] }),
        }),
      );
      expect([what, e.code]).toEqual([what, "MIMI_INCONSISTENT_RESPONSE"]);
    }
  });

  it("refuses bytes that do not decode, another content type, and a bad directory document", async () => {
    const ok = (req: KeyMaterialRequest) =>
      encodeKeyMaterialResponse({ protocol: 1, userStatus: 4, userUri: req.targetUser, clients: [] });
    const cases: [string, Peer, string][] = [
      [
        "truncated",
        {
          keyMaterial: (req) =>
            new Response(ok(req).subarray(0, 5) as BodyInit, {
              headers: { "content-type": "application/mimi-key-material-response" },
            }),
        },
        "DIRECTORY_BAD_RESPONSE",
      ],
      [
        "trailing bytes",
        {
          keyMaterial: (req) =>
            new Response(Uint8Array.of(...ok(req), 0) as BodyInit, {
              headers: { "content-type": "application/mimi-key-material-response" },
            }),
        },
        "DIRECTORY_BAD_RESPONSE",
      ],
      [
        "another content type",
        {
          keyMaterial: (req) =>
            new Response(ok(req) as BodyInit, { headers: { "content-type": "application/octet-stream" } }),
        },
        "DIRECTORY_BAD_RESPONSE",
      ],
      [
        "no keyMaterial in the directory",
        { directory: { update: `${BASE}/v1/update/{roomId}` }, keyMaterial: () => new Response(null) },
        "MIMI_BAD_DIRECTORY",
      ],
      [
        "a directory that is not JSON",
        {
          directory: new Response("<html>", { headers: { "content-type": "text/html" } }),
          keyMaterial: () => new Response(null),
        },
        "DIRECTORY_BAD_RESPONSE",
      ],
    ];
    for (const [what, peer, code] of cases) {
      const e = await failureOf(
        fetchKeyMaterial({ ...(await aliceOptions()), fetch: peerFetch(peer, { urls: [] }) }),
      );
      expect([what, e.code]).toEqual([what, code]);
    }
  });

  it("passes the target provider's error answer on with its code and Retry-After", async () => {
    const e = await failureOf(
      fetchKeyMaterial({
        ...(await aliceOptions()),
        fetch: peerFetch(
          {
            keyMaterial: () =>
              Response.json(
                {
                  error: {
                    code: "DIRECTORY_RATE_LIMITED",
                    message: "slow down",
                    details: { retryAfterSeconds: 7 },
                  },
                },
                { status: 429, headers: { "retry-after": "7" } },
              ),
          },
          { urls: [] },
        ),
      }),
    );
    expect([e.code, e.details.status, e.details.retryAfterSeconds]).toEqual([
      "DIRECTORY_RATE_LIMITED",
      429,
      7,
    ]);
  });
});
