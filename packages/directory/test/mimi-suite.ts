/**
 * The directory as a MIMI target provider, written once and run against every backend
 * (mimi-sqlite.test.ts, mimi-postgres.test.ts): discovery, key material for all clients of a
 * user through the real requester (`fetchKeyMaterial`), selection (suites in the requester's
 * order, required capabilities, last resort, expiry), user and client codes, authorisation,
 * bad requests (each with its documented answer, and nothing changed), rate limits, routing
 * records and their pruning.
 * (Over 400 lines: one suite that every backend must pass as a whole; its cases share one
 * federation fixture — two providers and their PKI — per backend.)
 */
import { toHex } from "@mlskit/codec";
import { fetchKeyMaterial, publishKeyPackages } from "@mlskit/directory-client";
import type { KeyPackageBundle } from "@mlskit/key-packages";
import {
  createKeyMaterialRequest,
  decodeKeyMaterialResponse,
  encodeKeyMaterialRequest,
  type KeyMaterialRequest,
  KeyMaterialUserCode,
} from "@mlskit/mimi";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  createDirectoryServer,
  createPeerProviderAuthorizer,
  type DirectoryServer,
  type DirectoryStore,
  type MimiPeerProvider,
  type MimiServerOptions,
} from "../src/index.js";
import { addTestClient, type Backend, provider, rejects, snapshot, type TestClient } from "./helpers.js";
import { makeRequester, postKeyMaterial, type Requester } from "./mimi-helpers.js";

const DOMAIN = "b.example";
const BOB = `mimi://${DOMAIN}/u/bob`;
const DELIVERY_TOKEN = "delivery-token-0123456789";
const realNow = () => BigInt(Math.floor(Date.now() / 1000));

interface Ctx {
  store: DirectoryStore;
  server: DirectoryServer;
  url: string;
  now: bigint;
  alice: Requester;
  dispose: () => Promise<void>;
}

async function start(
  backend: Backend,
  opts: {
    peers?: (alice: Requester) => MimiPeerProvider[];
    mimi?: Partial<MimiServerOptions>;
    cipherSuites?: number[];
  } = {},
): Promise<Ctx> {
  const { store, dispose } = await backend.open();
  const alice = await makeRequester("a.example", "alice");
  const ctx = { store, now: realNow(), alice } as Ctx;
  const peers = opts.peers?.(alice) ?? [{ provider: "a.example", trustAnchors: [alice.root.der] }];
  ctx.server = createDirectoryServer({
    store,
    clock: () => ctx.now,
    limits: { pruneIntervalSeconds: 0 },
    ...(opts.cipherSuites === undefined ? {} : { cipherSuites: opts.cipherSuites }),
    mimi: {
      domain: DOMAIN,
      authorize: createPeerProviderAuthorizer({ peers }),
      deliveryToken: DELIVERY_TOKEN,
      ...opts.mimi,
    },
  });
  ctx.url = await ctx.server.listen({ host: "127.0.0.1", port: 0 });
  ctx.dispose = async () => {
    await ctx.server.close();
    await dispose();
  };
  return ctx;
}

async function publish(ctx: Ctx, c: TestClient, bundles: readonly KeyPackageBundle[]): Promise<void> {
  await publishKeyPackages(
    { url: ctx.url, token: c.token },
    bundles.map((b) => b.keyPackage),
  );
}

function fetchFor(ctx: Ctx, r: Requester, extra: Partial<Parameters<typeof fetchKeyMaterial>[0]> = {}) {
  return fetchKeyMaterial({
    from: ctx.url,
    provider,
    requestingUser: r.requestingUser,
    targetUser: BOB,
    roomId: "mimi://a.example/r/clubhouse",
    acceptableCiphersuites: [1],
    credential: r.credential,
    signatureKeyPair: r.signatureKeyPair,
    ...extra,
  });
}

async function routes(ctx: Ctx, ref: Uint8Array, method = "GET", token = DELIVERY_TOKEN) {
  const res = await fetch(`${ctx.url}/v1/mimi/key-package-routes/${toHex(ref)}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
}

async function request(r: Requester, extra: Partial<Parameters<typeof createKeyMaterialRequest>[0]> = {}) {
  return createKeyMaterialRequest({
    provider,
    requestingUser: r.requestingUser,
    targetUser: BOB,
    acceptableCiphersuites: [1],
    credential: r.credential,
    signatureKeyPair: r.signatureKeyPair,
    ...extra,
  });
}

export function describeMimi(backend: Backend): void {
  describe(`MIMI key material (${backend.name})`, () => {
    let ctx: Ctx | undefined;
    afterEach(async () => {
      await ctx?.dispose();
      ctx = undefined;
    });

    it("serves the discovery document with the keyMaterial URL template", async () => {
      ctx = await start(backend);
      const res = await fetch(`${ctx.url}/.well-known/mimi-protocol-directory`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ keyMaterial: `${ctx.url}/v1/mimi/keyMaterial/{targetUser}` });
    });

    it("names the public base URL in the discovery document when one is configured", async () => {
      ctx = await start(backend, { mimi: { publicUrl: "https://mimi.b.example/directory/" } });
      const res = await fetch(`${ctx.url}/.well-known/mimi-protocol-directory`);
      expect(await res.json()).toEqual({
        keyMaterial: "https://mimi.b.example/directory/v1/mimi/keyMaterial/{targetUser}",
      });
    });

    it("hands out one validated package per client, records its route, and hands it out once", async () => {
      ctx = await start(backend);
      const phone = await addTestClient(ctx.store, "bob", "phone");
      const bundles = await phone.make(2);
      await publish(ctx, phone, bundles);
      const first = await fetchFor(ctx, ctx.alice);
      expect(first.userStatus).toBe(KeyMaterialUserCode.success);
      expect(first.userUri).toBe(BOB);
      const [c] = first.clients;
      expect(c?.status).toBe("success");
      if (c?.status !== "success") return;
      expect(c.clientUri).toBe(`mimi://${DOMAIN}/d/bob/phone`);
      expect(c.lastResort).toBe(false);
      const handed = toHex(c.ref);
      expect(bundles.map((b) => toHex(b.ref))).toContain(handed);

      const route = await routes(ctx, c.ref);
      expect(route.status).toBe(200);
      expect(route.json).toMatchObject({
        ref: handed,
        userId: "bob",
        clientId: "phone",
        clientUri: `mimi://${DOMAIN}/d/bob/phone`,
        lastResort: false,
        handedOut: [{ requester: "a.example", roomId: "mimi://a.example/r/clubhouse" }],
      });

      const second = await fetchFor(ctx, ctx.alice);
      const c2 = second.clients[0];
      expect(c2?.status === "success" && toHex(c2.ref)).not.toBe(handed);
      const third = await fetchFor(ctx, ctx.alice);
      expect(third.userStatus).toBe(KeyMaterialUserCode.noCompatibleMaterial);
      expect(third.clients).toEqual([
        { status: "keyMaterialExhausted", clientUri: `mimi://${DOMAIN}/d/bob/phone` },
      ]);

      // The delivery side forgets the route once the Welcome is routed.
      expect((await routes(ctx, c.ref, "DELETE")).status).toBe(204);
      expect(await routes(ctx, c.ref)).toMatchObject({
        status: 404,
        json: { error: { code: "DIRECTORY_KEY_PACKAGE_ROUTE_NOT_FOUND" } },
      });
      expect((await routes(ctx, c.ref, "GET", "wrong-token")).json.error.code).toBe(
        "DIRECTORY_INVALID_TOKEN",
      );
    });

    it("a user with three clients, one exhausted and one incompatible: partialSuccess with the right codes", async () => {
      ctx = await start(backend);
      const laptop = await addTestClient(ctx.store, "bob", "laptop");
      await addTestClient(ctx.store, "bob", "phone");
      const tablet = await addTestClient(ctx.store, "bob", "tablet");
      await publish(ctx, laptop, await laptop.make(1));
      // phone: nothing at all (exhausted); tablet: only suite 2 (incompatible with [1]).
      const tabletPackages = await tablet.make(1, { cipherSuite: 2 });
      await publish(ctx, tablet, tabletPackages);
      const r = await fetchFor(ctx, ctx.alice);
      expect(r.userStatus).toBe(KeyMaterialUserCode.partialSuccess);
      expect(r.clients.map((c) => [c.clientUri, c.status])).toEqual([
        [`mimi://${DOMAIN}/d/bob/laptop`, "success"],
        [`mimi://${DOMAIN}/d/bob/phone`, "keyMaterialExhausted"],
        [`mimi://${DOMAIN}/d/bob/tablet`, "nothingCompatible"],
      ]);
      const tabletResult = r.clients[2];
      expect(tabletResult?.status === "nothingCompatible" && tabletResult.capabilities).toEqual(
        tabletPackages[0]!.keyPackage.leafNode.capabilities,
      );
      // The incompatible package stays.
      expect((await ctx.store.list((await ctx.store.listClients("bob"))[2]!.id)).length).toBe(1);
    });

    it("keeps a nothingCompatible client's capabilities private when told to", async () => {
      ctx = await start(backend, { mimi: { revealCapabilities: false } });
      const tablet = await addTestClient(ctx.store, "bob", "tablet");
      await publish(ctx, tablet, await tablet.make(1, { cipherSuite: 2 }));
      const r = await fetchFor(ctx, ctx.alice);
      expect(r.userStatus).toBe(KeyMaterialUserCode.noCompatibleMaterial);
      expect(r.clients).toEqual([
        { status: "nothingCompatible", clientUri: `mimi://${DOMAIN}/d/bob/tablet` },
      ]);
    });

    it("follows the requester's suite order, ordinary packages before the last resort", async () => {
      ctx = await start(backend);
      const phone = await addTestClient(ctx.store, "bob", "phone");
      const s1 = await phone.make(1, { cipherSuite: 1 });
      const s3 = await phone.make(1, { cipherSuite: 3 });
      const lr3 = await phone.makeLastResort({ cipherSuite: 3 });
      await publish(ctx, phone, [...s1, ...s3, lr3]);
      const suiteOf = async () => {
        const r = await fetchFor(ctx!, ctx!.alice, { acceptableCiphersuites: [3, 1] });
        const c = r.clients[0]!;
        return c.status === "success" ? [c.keyPackage.cipherSuite, c.lastResort, toHex(c.ref)] : c.status;
      };
      expect(await suiteOf()).toEqual([3, false, toHex(s3[0]!.ref)]);
      expect(await suiteOf()).toEqual([1, false, toHex(s1[0]!.ref)]);
      // Only the last resort is left: it is handed out, and it stays.
      expect(await suiteOf()).toEqual([3, true, toHex(lr3.ref)]);
      expect(await suiteOf()).toEqual([3, true, toHex(lr3.ref)]);
      const route = await routes(ctx, lr3.ref);
      expect(route.json).toMatchObject({ lastResort: true, handedOut: [{ requester: "a.example" }] });
    });

    it("hands out only packages whose capabilities support the required ones", async () => {
      ctx = await start(backend);
      const phone = await addTestClient(ctx.store, "bob", "phone");
      const plain = await phone.make(2);
      const rich = await phone.make(1, { capabilities: { extensions: [0xf0f0] } });
      await publish(ctx, phone, [...plain, ...rich]);
      const required = { extensionTypes: [0xf0f0], proposalTypes: [], credentialTypes: [1] };
      const r = await fetchFor(ctx, ctx.alice, { requiredCapabilities: required });
      const c = r.clients[0]!;
      expect(c.status === "success" && toHex(c.ref)).toBe(toHex(rich[0]!.ref));
      const again = await fetchFor(ctx, ctx.alice, { requiredCapabilities: required });
      expect(again.clients[0]?.status).toBe("nothingCompatible");
      // Without the requirement, the plain ones are still there.
      expect((await fetchFor(ctx, ctx.alice)).clients[0]?.status).toBe("success");
    });

    it("never hands out an expired package", async () => {
      ctx = await start(backend);
      const phone = await addTestClient(ctx.store, "bob", "phone");
      const now = ctx.now;
      await publish(
        ctx,
        phone,
        await phone.make(3, { lifetime: { notBefore: now - 60n, notAfter: now + 3600n } }),
      );
      ctx.now = now + 3601n;
      const r = await fetchFor(ctx, ctx.alice, { now: ctx.now });
      expect(r.clients).toEqual([
        { status: "keyMaterialExhausted", clientUri: `mimi://${DOMAIN}/d/bob/phone` },
      ]);
      expect((await snapshot(ctx.store)).length).toBe(3);
    });

    it("answers userUnknown for an unknown user, or noConsent when unknown users are hidden", async () => {
      ctx = await start(backend);
      expect((await fetchFor(ctx, ctx.alice)).userStatus).toBe(KeyMaterialUserCode.userUnknown);
      expect((await fetchFor(ctx, ctx.alice, { targetUser: "mimi://c.example/u/bob" })).userStatus).toBe(
        KeyMaterialUserCode.userUnknown,
      );
      await ctx.dispose();
      ctx = await start(backend, { mimi: { hideUnknownUsers: true } });
      const r = await fetchFor(ctx, ctx.alice);
      expect([r.userStatus, r.clients]).toEqual([KeyMaterialUserCode.noConsent, []]);
    });

    it("asks the peer's consent hook, and changes nothing when it refuses", async () => {
      ctx = await start(backend, {
        peers: (alice) => [
          {
            provider: "a.example",
            trustAnchors: [alice.root.der],
            consent: ({ request }) =>
              request.roomId === "" ? true : KeyMaterialUserCode.noConsentForThisRoom,
          },
        ],
      });
      const phone = await addTestClient(ctx.store, "bob", "phone");
      await publish(ctx, phone, await phone.make(1));
      const before = await snapshot(ctx.store);
      const r = await fetchFor(ctx, ctx.alice);
      expect([r.userStatus, r.clients]).toEqual([KeyMaterialUserCode.noConsentForThisRoom, []]);
      expect(await snapshot(ctx.store)).toEqual(before);
      expect((await fetchFor(ctx, ctx.alice, { roomId: "" })).userStatus).toBe(KeyMaterialUserCode.success);
    });

    it("refuses requesters of unregistered providers, under other roots, or not named by their certificate", async () => {
      ctx = await start(backend);
      const phone = await addTestClient(ctx.store, "bob", "phone");
      await publish(ctx, phone, await phone.make(1));
      const before = await snapshot(ctx.store);
      const carol = await makeRequester("c.example", "carol");
      await rejects(fetchFor(ctx, carol), "DIRECTORY_MIMI_UNKNOWN_PROVIDER", 403);
      const impostor = await makeRequester("a.example", "mallory");
      const e = await rejects(fetchFor(ctx, impostor), "DIRECTORY_MIMI_REQUESTER_REJECTED", 403);
      expect(e.details.reason).toMatch(/^X509_(UNTRUSTED_ROOT|BROKEN_CHAIN)$/);
      const misnamed = await makeRequester("a.example", "mallory", {
        root: ctx.alice.root,
        uri: "mimi://a.example/u/alice",
      });
      const e2 = await rejects(fetchFor(ctx, misnamed), "DIRECTORY_MIMI_REQUESTER_REJECTED", 403);
      expect(e2.details.reason).toBe("identity");
      expect(await snapshot(ctx.store)).toEqual(before);
    });

    describe("bad requests: the documented answer, and nothing changed", () => {
      async function withStock(): Promise<{ before: string[]; valid: KeyMaterialRequest }> {
        ctx = await start(backend);
        const phone = await addTestClient(ctx.store, "bob", "phone");
        await publish(ctx, phone, [...(await phone.make(2)), await phone.makeLastResort()]);
        return { before: await snapshot(ctx.store), valid: await request(ctx.alice) };
      }
      const errorOf = (json: unknown) => (json as { error: { code: string } }).error.code;

      it("a forged signature: 403 MIMI_INVALID_SIGNATURE", async () => {
        const { before, valid } = await withStock();
        const sig = valid.keyMaterialRequestSignature.slice();
        sig[0]! ^= 1;
        const res = await postKeyMaterial(
          ctx!.url,
          BOB,
          encodeKeyMaterialRequest({ ...valid, keyMaterialRequestSignature: sig }),
        );
        expect([res.status, errorOf(res.json)]).toEqual([403, "MIMI_INVALID_SIGNATURE"]);
        // A field changed after signing is a forgery too.
        const res2 = await postKeyMaterial(
          ctx!.url,
          BOB,
          encodeKeyMaterialRequest({ ...valid, requestingUser: "mimi://a.example/u/eve" }),
        );
        expect([res2.status, errorOf(res2.json)]).toEqual([403, "MIMI_INVALID_SIGNATURE"]);
        expect(await snapshot(ctx!.store)).toEqual(before);
      });

      it("a body targetUser other than the path's: 400 DIRECTORY_MIMI_TARGET_MISMATCH", async () => {
        const { before, valid } = await withStock();
        const res = await postKeyMaterial(
          ctx!.url,
          `mimi://${DOMAIN}/u/carol`,
          encodeKeyMaterialRequest(valid),
        );
        expect([res.status, errorOf(res.json)]).toEqual([400, "DIRECTORY_MIMI_TARGET_MISMATCH"]);
        expect(await snapshot(ctx!.store)).toEqual(before);
      });

      it("an unknown protocol: 200 with userStatus incompatibleProtocol and no clients", async () => {
        const { before, valid } = await withStock();
        const body = encodeKeyMaterialRequest(valid);
        body[0] = 2;
        const res = await postKeyMaterial(ctx!.url, BOB, body);
        expect([res.status, res.type]).toEqual([200, "application/mimi-key-material-response"]);
        expect(decodeKeyMaterialResponse(res.bytes)).toEqual({
          protocol: 2,
          userStatus: KeyMaterialUserCode.incompatibleProtocol,
          userUri: BOB,
          clients: [],
        });
        expect(await snapshot(ctx!.store)).toEqual(before);
      });

      it("an empty suite list: 400 MIMI_EMPTY_CIPHER_SUITES", async () => {
        const { before, valid } = await withStock();
        const res = await postKeyMaterial(
          ctx!.url,
          BOB,
          encodeKeyMaterialRequest({ ...valid, acceptableCiphersuites: [] }),
        );
        expect([res.status, errorOf(res.json)]).toEqual([400, "MIMI_EMPTY_CIPHER_SUITES"]);
        expect(await snapshot(ctx!.store)).toEqual(before);
      });

      it("a truncated body: 400 DIRECTORY_MALFORMED_MIMI_REQUEST naming the field", async () => {
        const { before, valid } = await withStock();
        const body = encodeKeyMaterialRequest(valid);
        for (const n of [0, 1, 10, body.length - 1]) {
          const res = await postKeyMaterial(ctx!.url, BOB, body.subarray(0, n));
          expect([res.status, errorOf(res.json)]).toEqual([400, "DIRECTORY_MALFORMED_MIMI_REQUEST"]);
          expect((res.json as { error: { details: { codecCode: string } } }).error.details.codecCode).toMatch(
            /^CODEC_/,
          );
        }
        expect(await snapshot(ctx!.store)).toEqual(before);
      });

      it("any mutation or truncation of a signed request: a documented answer, never a server error, nothing changed", async () => {
        const { before, valid } = await withStock();
        const body = encodeKeyMaterialRequest(valid);
        const seen = new Set<string>();
        await fc.assert(
          fc.asyncProperty(
            fc.nat({ max: body.length - 1 }),
            fc.integer({ min: 0, max: 255 }),
            fc.nat({ max: 3 }),
            async (i, v, cut) => {
              const m = body.slice(0, body.length - cut);
              if (i < m.length) m[i] = v;
              // The unchanged request is the one mutation that must succeed.
              fc.pre(cut > 0 || v !== body[i]);
              const res = await postKeyMaterial(ctx!.url, BOB, m);
              if (res.status === 200) {
                // Only another protocol is answered, and with nothing.
                expect(m[0]).not.toBe(1);
                expect(decodeKeyMaterialResponse(res.bytes)).toMatchObject({
                  userStatus: KeyMaterialUserCode.incompatibleProtocol,
                  clients: [],
                });
                seen.add("200 incompatibleProtocol");
                return;
              }
              const code = errorOf(res.json);
              expect([res.status, code]).toEqual([
                res.status,
                expect.stringMatching(
                  /^(DIRECTORY_MALFORMED_MIMI_REQUEST|DIRECTORY_MIMI_TARGET_MISMATCH|MIMI_[A-Z_]+)$/,
                ),
              ]);
              expect([400, 403]).toContain(res.status);
              seen.add(`${res.status} ${code}`);
            },
          ),
          { numRuns: 120, seed: 0x6d696d69 },
        );
        // The mutations reached the decoder, the target check and the signature check.
        expect([...seen]).toEqual(
          expect.arrayContaining(["400 DIRECTORY_MALFORMED_MIMI_REQUEST", "403 MIMI_INVALID_SIGNATURE"]),
        );
        expect(await snapshot(ctx!.store)).toEqual(before);
        // And the stock is intact: the valid request still gets a package.
        expect((await fetchFor(ctx!, ctx!.alice)).userStatus).toBe(KeyMaterialUserCode.success);
      });

      it("another media type: 415 DIRECTORY_UNSUPPORTED_MEDIA_TYPE", async () => {
        const { before, valid } = await withStock();
        const res = await postKeyMaterial(
          ctx!.url,
          BOB,
          encodeKeyMaterialRequest(valid),
          "application/mls-message",
        );
        expect([res.status, errorOf(res.json)]).toEqual([415, "DIRECTORY_UNSUPPORTED_MEDIA_TYPE"]);
        expect(await snapshot(ctx!.store)).toEqual(before);
      });
    });

    it("rate-limits per requesting provider and target user, and per provider in all", async () => {
      ctx = await start(backend, { mimi: { requestsPerWindow: 2, requestsPerProviderPerWindow: 3 } });
      const alice = ctx.alice;
      const phone = await addTestClient(ctx.store, "bob", "phone");
      await publish(ctx, phone, await phone.make(3));
      expect((await fetchFor(ctx, alice)).userStatus).toBe(KeyMaterialUserCode.success);
      expect((await fetchFor(ctx, alice)).userStatus).toBe(KeyMaterialUserCode.success);
      const before = await snapshot(ctx.store);
      const e = await rejects(fetchFor(ctx, alice), "DIRECTORY_RATE_LIMITED", 429);
      expect(e.details.retryAfterSeconds).toBeGreaterThan(0);
      // A refused request claims nothing.
      expect(await snapshot(ctx.store)).toEqual(before);
      // Another user of the same provider: the per-user limit is fresh, the provider's quota is not.
      await fetchFor(ctx, alice, { targetUser: `mimi://${DOMAIN}/u/carol` });
      await rejects(
        fetchFor(ctx, alice, { targetUser: `mimi://${DOMAIN}/u/dave` }),
        "DIRECTORY_RATE_LIMITED",
        429,
      );
      ctx.now += 60n;
      expect((await fetchFor(ctx, alice)).userStatus).toBe(KeyMaterialUserCode.success);
      expect(await snapshot(ctx.store)).toEqual([]);
    });

    it("prunes routing records once the package expired", async () => {
      ctx = await start(backend);
      const phone = await addTestClient(ctx.store, "bob", "phone");
      const now = ctx.now;
      const [b] = await phone.make(1, { lifetime: { notBefore: now - 60n, notAfter: now + 3600n } });
      await publish(ctx, phone, [b!]);
      const r = await fetchFor(ctx, ctx.alice);
      expect(r.userStatus).toBe(KeyMaterialUserCode.success);
      expect((await routes(ctx, b!.ref)).status).toBe(200);
      ctx.now = now + 3601n;
      expect((await ctx.server.prune()).keyPackageRoutes).toBe(1);
      expect((await routes(ctx, b!.ref)).status).toBe(404);
    });
  });
}
