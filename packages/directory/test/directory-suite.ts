/**
 * The directory's behaviour, written once and run against every backend (sqlite.test.ts,
 * postgres.test.ts): publish, claim, count, list, delete, last resort, authentication,
 * authorisation, bad input (each with its status and code, and the store unchanged), quota,
 * rate limits, expiry and pruning, and topUp through the real client.
 * (Over 400 lines: one suite that every backend must pass as a whole; its cases share one server
 * fixture per backend.)
 */
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import {
  claimKeyPackages,
  countKeyPackages,
  type DirectoryConnection,
  deleteKeyPackage,
  listKeyPackages,
  publishKeyPackages,
  topUp,
} from "@mlskit/directory-client";
import type { MlsError } from "@mlskit/errors";
import { encodeKeyPackageMessage } from "@mlskit/key-packages";
import type { KeyPackageStore } from "@mlskit/keystore";
import { createMemoryKeyStore } from "@mlskit/keystore-memory";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createDirectoryServer,
  type DirectoryLimits,
  type DirectoryServer,
  type DirectoryStore,
  registerClient,
  splitKeyPackageBatch,
} from "../src/index.js";
import { addTestClient, type Backend, provider, rejects, snapshot, type TestClient } from "./helpers.js";

interface Ctx {
  store: DirectoryStore;
  server: DirectoryServer;
  url: string;
  now: bigint;
  dispose: () => Promise<void>;
}

const realNow = () => BigInt(Math.floor(Date.now() / 1000));

async function start(
  backend: Backend,
  limits: Partial<DirectoryLimits> = {},
  cipherSuites?: number[],
): Promise<Ctx> {
  const { store, dispose } = await backend.open();
  const ctx = { store, now: realNow() } as Ctx;
  ctx.server = createDirectoryServer({
    store,
    clock: () => ctx.now,
    limits: { pruneIntervalSeconds: 0, ...limits },
    ...(cipherSuites === undefined ? {} : { cipherSuites }),
  });
  ctx.url = await ctx.server.listen({ host: "127.0.0.1", port: 0 });
  ctx.dispose = async () => {
    await ctx.server.close();
    await dispose();
  };
  return ctx;
}

const conn = (ctx: Ctx, c: TestClient): DirectoryConnection => ({ url: ctx.url, token: c.token });

/** A raw claim (POST `/v1/users/{user}/claim`, default alice) with a JSON `body`. */
function rawClaim(ctx: Ctx, token: string, body: string, opts: { user?: string; accept?: string } = {}) {
  return raw(ctx, "POST", `/v1/users/${opts.user ?? "alice"}/claim`, {
    token,
    body,
    type: "application/json",
    ...(opts.accept === undefined ? {} : { accept: opts.accept }),
  });
}

async function raw(
  ctx: Ctx,
  method: string,
  path: string,
  opts: { token?: string; body?: Uint8Array | string; type?: string; accept?: string } = {},
): Promise<{ status: number; headers: Headers; json: Json; bytes: Uint8Array }> {
  const headers: Record<string, string> = {};
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.type !== undefined) headers["content-type"] = opts.type;
  if (opts.accept !== undefined) headers.accept = opts.accept;
  const res = await fetch(ctx.url + path, {
    method,
    headers,
    ...(opts.body === undefined ? {} : { body: opts.body as BodyInit }),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined as unknown as Json;
  }
  return { status: res.status, headers: res.headers, json, bytes };
}

const MLS = "application/mls-message";

/** A JSON answer: an error body, or any other fields. */
type Json = { error: { code: string; message: string; details: Record<string, unknown> } } & Record<
  string,
  unknown
>;

export function describeDirectory(backend: Backend): void {
  describe(`directory (${backend.name})`, () => {
    let ctx: Ctx;
    let alice: TestClient;
    let alice2: TestClient;
    let bob: TestClient;
    const setup = async (limits: Partial<DirectoryLimits> = {}, suites?: number[]) => {
      ctx = await start(backend, limits, suites);
      alice = await addTestClient(ctx.store, "alice", "phone");
      alice2 = await addTestClient(ctx.store, "alice", "laptop");
      bob = await addTestClient(ctx.store, "bob", "phone");
    };
    beforeEach(async () => {
      await setup();
    });
    afterEach(async () => {
      await ctx.dispose();
    });

    it("publishes a batch, counts and lists the client's own packages", async () => {
      const bundles = await alice.make(5);
      const r = await publishKeyPackages(
        conn(ctx, alice),
        bundles.map((b) => b.keyPackage),
      );
      expect(r.published.map((p) => toHex(p.ref))).toEqual(bundles.map((b) => toHex(b.ref)));
      expect(r.replacedLastResort).toEqual([]);
      expect(await countKeyPackages(conn(ctx, alice), { cipherSuite: 1 })).toEqual({
        cipherSuite: 1,
        count: 5,
        lastResort: null,
      });
      expect(await countKeyPackages(conn(ctx, alice2), { cipherSuite: 1 })).toMatchObject({ count: 0 });
      const listed = await listKeyPackages(conn(ctx, alice));
      expect(listed.map((s) => toHex(s.ref)).sort()).toEqual(bundles.map((b) => toHex(b.ref)).sort());
      expect(await listKeyPackages(conn(ctx, bob))).toEqual([]);
      expect((await raw(ctx, "GET", "/v1/me", { token: alice.token })).json).toMatchObject({
        userId: "alice",
        clientId: "phone",
      });
    });

    it("claims one package per client, each ordinary package once", async () => {
      const a = await alice.make(2);
      const l = await alice2.make(1);
      await publishKeyPackages(
        conn(ctx, alice),
        a.map((b) => b.keyPackage),
      );
      await publishKeyPackages(conn(ctx, alice2), [l[0]!.keyPackage]);
      const first = await claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 });
      expect(first.keyPackages.map((k) => [k.clientId, k.lastResort])).toEqual([
        ["laptop", false],
        ["phone", false],
      ]);
      expect(first.missingClients).toEqual([]);
      const second = await claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 });
      expect(second.keyPackages.map((k) => k.clientId)).toEqual(["phone"]);
      expect(second.missingClients).toEqual(["laptop"]);
      const handedOut = [...first.keyPackages, ...second.keyPackages].map((k) => toHex(k.ref)).sort();
      expect(handedOut).toEqual([...a, ...l].map((b) => toHex(b.ref)).sort());
      // What came back is what was published, byte for byte.
      const byRef = new Map(
        [...a, ...l].map((b) => [toHex(b.ref), toHex(encodeKeyPackageMessage(b.keyPackage))]),
      );
      for (const k of first.keyPackages) expect(toHex(k.message)).toBe(byRef.get(toHex(k.ref)));
      expect(await countKeyPackages(conn(ctx, alice), { cipherSuite: 1 })).toMatchObject({ count: 0 });
    });

    it("claims as application/mls-message: the packages back to back", async () => {
      await publishKeyPackages(
        conn(ctx, alice),
        (await alice.make(1)).map((b) => b.keyPackage),
      );
      await publishKeyPackages(
        conn(ctx, alice2),
        (await alice2.make(1)).map((b) => b.keyPackage),
      );
      const r = await rawClaim(ctx, bob.token, JSON.stringify({ cipherSuite: 1 }), { accept: MLS });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^application\/mls-message/);
      expect(splitKeyPackageBatch(r.bytes)).toHaveLength(2);
      const none = await rawClaim(ctx, bob.token, JSON.stringify({ cipherSuite: 1 }), { accept: MLS });
      expect([none.status, none.json.error.code]).toEqual([404, "DIRECTORY_NO_KEY_PACKAGE_AVAILABLE"]);
    });

    it("hands out the last resort when no ordinary package is left, and keeps it", async () => {
      const [ordinary] = await alice.make(1);
      const lr = await alice.makeLastResort();
      await publishKeyPackages(conn(ctx, alice), [ordinary!.keyPackage, lr.keyPackage]);
      expect(await countKeyPackages(conn(ctx, alice), { cipherSuite: 1 })).toMatchObject({
        count: 1,
        lastResort: { ref: lr.ref, claims: 0 },
      });
      const got = [];
      for (let i = 0; i < 3; i++) {
        const r = await claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 });
        const phone = r.keyPackages.find((k) => k.clientId === "phone")!;
        got.push([toHex(phone.ref), phone.lastResort]);
      }
      expect(got).toEqual([
        [toHex(ordinary!.ref), false],
        [toHex(lr.ref), true],
        [toHex(lr.ref), true],
      ]);
      expect(await countKeyPackages(conn(ctx, alice), { cipherSuite: 1 })).toMatchObject({
        count: 0,
        lastResort: { ref: lr.ref, claims: 2 },
      });
    });

    it("replaces a client's last resort with a newer one of the same suite", async () => {
      const old = await alice.makeLastResort();
      const newer = await alice.makeLastResort();
      await publishKeyPackages(conn(ctx, alice), [old.keyPackage]);
      const r = await publishKeyPackages(conn(ctx, alice), [newer.keyPackage]);
      expect(r.replacedLastResort.map(toHex)).toEqual([toHex(old.ref)]);
      const listed = await listKeyPackages(conn(ctx, alice));
      expect(listed.map((s) => [toHex(s.ref), s.lastResort])).toEqual([[toHex(newer.ref), true]]);
      // Another client's last resort is untouched.
      await publishKeyPackages(conn(ctx, alice2), [(await alice2.makeLastResort()).keyPackage]);
      expect(await listKeyPackages(conn(ctx, alice))).toHaveLength(1);
    });

    it("refuses two last-resort packages of one suite in one batch (422), storing nothing", async () => {
      const before = await snapshot(ctx.store);
      await rejects(
        publishKeyPackages(conn(ctx, alice), [
          (await alice.makeLastResort()).keyPackage,
          (await alice.makeLastResort()).keyPackage,
        ]),
        "DIRECTORY_MULTIPLE_LAST_RESORT",
        422,
      );
      expect(await snapshot(ctx.store)).toEqual(before);
    });

    it("answers 404 for a user with no client", async () => {
      await rejects(
        claimKeyPackages(conn(ctx, bob), "carol", { cipherSuite: 1 }),
        "DIRECTORY_USER_NOT_FOUND",
        404,
      );
    });

    it("requires a valid bearer token for publish, claim, count, list and delete", async () => {
      const [kp] = await alice.make(1);
      await publishKeyPackages(conn(ctx, alice), [kp!.keyPackage]);
      const before = await snapshot(ctx.store);
      const body = encodeKeyPackageMessage((await alice.make(1))[0]!.keyPackage);
      const calls: [string, string, Record<string, unknown>][] = [
        ["POST", "/v1/key-packages", { body, type: MLS }],
        ["POST", "/v1/users/alice/claim", { body: '{"cipherSuite":1}', type: "application/json" }],
        ["GET", "/v1/key-packages/count?cipherSuite=1", {}],
        ["GET", "/v1/key-packages", {}],
        ["DELETE", `/v1/key-packages/${toHex(kp!.ref)}`, {}],
      ];
      for (const [method, path, opts] of calls) {
        const missing = await raw(ctx, method, path, opts);
        expect([method, path, missing.status, missing.json?.error?.code]).toEqual([
          method,
          path,
          401,
          "DIRECTORY_MISSING_TOKEN",
        ]);
        expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
        const wrong = await raw(ctx, method, path, { ...opts, token: `${alice.token}x` });
        expect([method, path, wrong.status, wrong.json?.error?.code]).toEqual([
          method,
          path,
          401,
          "DIRECTORY_INVALID_TOKEN",
        ]);
      }
      expect(await snapshot(ctx.store)).toEqual(before);
    });

    it("lets a client delete only its own packages", async () => {
      const [kp] = await alice.make(1);
      await publishKeyPackages(conn(ctx, alice), [kp!.keyPackage]);
      expect(await deleteKeyPackage(conn(ctx, bob), kp!.ref)).toBe(false);
      expect(await listKeyPackages(conn(ctx, alice))).toHaveLength(1);
      expect(await deleteKeyPackage(conn(ctx, alice), kp!.ref)).toBe(true);
      expect(await deleteKeyPackage(conn(ctx, alice), kp!.ref)).toBe(false);
      expect(await listKeyPackages(conn(ctx, alice))).toEqual([]);
      const bad = await raw(ctx, "DELETE", "/v1/key-packages/xyz", { token: alice.token });
      expect([bad.status, bad.json.error.code]).toEqual([400, "DIRECTORY_INVALID_REQUEST"]);
    });

    describe("bad input: status, code, and nothing stored", () => {
      let before: string[];
      beforeEach(async () => {
        await publishKeyPackages(
          conn(ctx, alice),
          (await alice.make(2)).map((b) => b.keyPackage),
        );
        before = await snapshot(ctx.store);
      });
      const publishRaw = (body: Uint8Array | string, type = MLS, token = alice.token) =>
        raw(ctx, "POST", "/v1/key-packages", { token, body, type });
      const expectRefused = async (
        r: { status: number; json: Json },
        status: number,
        code: string,
      ): Promise<void> => {
        expect([r.status, r.json?.error?.code]).toEqual([status, code]);
        expect(typeof r.json.error.message).toBe("string");
        // Every error has the documented shape, the router's and the body parser's included.
        expect(r.json.error.details).toBeTypeOf("object");
        expect(await snapshot(ctx.store)).toEqual(before);
      };

      it("malformed bytes: 400 DIRECTORY_MALFORMED_KEY_PACKAGE", async () => {
        const r = await publishRaw(Uint8Array.of(0, 1, 0, 5, 0xff, 0xff));
        await expectRefused(r, 400, "DIRECTORY_MALFORMED_KEY_PACKAGE");
        expect(r.json.error.details).toMatchObject({ index: 0 });
      });

      it("a valid package followed by a truncated one: 400, neither stored", async () => {
        const [a, b] = await alice.make(2);
        const second = encodeKeyPackageMessage(b!.keyPackage);
        const body = new Uint8Array([...encodeKeyPackageMessage(a!.keyPackage), ...second.subarray(0, 50)]);
        const r = await publishRaw(body);
        await expectRefused(r, 400, "DIRECTORY_MALFORMED_KEY_PACKAGE");
        expect(r.json.error.details).toMatchObject({ index: 1 });
      });

      it("a message of another wire format: 400", async () => {
        const m = encodeKeyPackageMessage((await alice.make(1))[0]!.keyPackage);
        m[3] = 1; // mls_public_message
        const r = await publishRaw(m);
        await expectRefused(r, 400, "DIRECTORY_MALFORMED_KEY_PACKAGE");
        expect(r.json.error.details.codecCode).toBe("KEY_PACKAGE_MESSAGE_WRONG_WIRE_FORMAT");
      });

      it("an empty body: 400 DIRECTORY_EMPTY_BATCH", async () => {
        await expectRefused(await publishRaw(new Uint8Array(0)), 400, "DIRECTORY_EMPTY_BATCH");
      });

      it("an oversized body: 413 DIRECTORY_BODY_TOO_LARGE", async () => {
        await ctx.dispose();
        await setup({ bodyLimitBytes: 2000 });
        before = await snapshot(ctx.store);
        const body = encodeKeyPackageMessage((await alice.make(1))[0]!.keyPackage);
        expect((await publishRaw(body)).status).toBe(201);
        before = await snapshot(ctx.store);
        const big = new Uint8Array(
          (await alice.make(8)).flatMap((b) => [...encodeKeyPackageMessage(b.keyPackage)]),
        );
        expect(big.length).toBeGreaterThan(2000);
        await expectRefused(await publishRaw(big), 413, "DIRECTORY_BODY_TOO_LARGE");
      });

      it("a wrong content type: 415 DIRECTORY_UNSUPPORTED_MEDIA_TYPE", async () => {
        const body = encodeKeyPackageMessage((await alice.make(1))[0]!.keyPackage);
        await expectRefused(
          await publishRaw(body, "application/octet-stream"),
          415,
          "DIRECTORY_UNSUPPORTED_MEDIA_TYPE",
        );
        await expectRefused(
          await publishRaw("{}", "application/json"),
          415,
          "DIRECTORY_UNSUPPORTED_MEDIA_TYPE",
        );
      });

      it("a package whose credential is another client's: 403 DIRECTORY_CREDENTIAL_MISMATCH", async () => {
        const [mine] = await alice.make(1);
        const [bobs] = await bob.make(1);
        const body = new Uint8Array([
          ...encodeKeyPackageMessage(mine!.keyPackage),
          ...encodeKeyPackageMessage(bobs!.keyPackage),
        ]);
        const r = await publishRaw(body);
        await expectRefused(r, 403, "DIRECTORY_CREDENTIAL_MISMATCH");
        expect(r.json.error.details).toMatchObject({ index: 1 });
      });

      it("an invalid signature: 422 KEY_PACKAGE_INVALID_SIGNATURE", async () => {
        const m = encodeKeyPackageMessage((await alice.make(1))[0]!.keyPackage);
        m[m.length - 1] ^= 0x01;
        const r = await publishRaw(m);
        await expectRefused(r, 422, "KEY_PACKAGE_INVALID_SIGNATURE");
        expect(r.json.error.details).toMatchObject({ check: "KP-18", index: 0 });
      });

      it("an expired package: 422 KEY_PACKAGE_EXPIRED", async () => {
        const [expired] = await alice.make(1, {
          lifetime: { notBefore: ctx.now - 10_000n, notAfter: ctx.now - 1000n },
        });
        const r = await publishRaw(encodeKeyPackageMessage(expired!.keyPackage));
        await expectRefused(r, 422, "KEY_PACKAGE_EXPIRED");
        expect(r.json.error.details.check).toBe("KP-22");
      });

      it("a package that expired within the clock-skew allowance: 422 DIRECTORY_KEY_PACKAGE_EXPIRED", async () => {
        // validateKeyPackage grants 5 minutes of clock skew; such a package could never be claimed.
        const [expired] = await alice.make(1, {
          lifetime: { notBefore: ctx.now - 10_000n, notAfter: ctx.now - 60n },
        });
        const r = await publishRaw(encodeKeyPackageMessage(expired!.keyPackage));
        await expectRefused(r, 422, "DIRECTORY_KEY_PACKAGE_EXPIRED");
        expect(r.json.error.details).toMatchObject({ index: 0 });
      });

      it("a lifetime over the maximum: 422 KEY_PACKAGE_LIFETIME_TOO_LONG", async () => {
        const [long] = await alice.make(1, {
          lifetime: { notBefore: ctx.now - 10n, notAfter: ctx.now + 400n * 86400n },
        });
        await expectRefused(
          await publishRaw(encodeKeyPackageMessage(long!.keyPackage)),
          422,
          "KEY_PACKAGE_LIFETIME_TOO_LONG",
        );
      });

      it("a suite the directory does not serve: 422 on publish, 400 on claim", async () => {
        await ctx.dispose();
        await setup({}, [1]);
        before = await snapshot(ctx.store);
        const [p256] = await alice.make(1, { cipherSuite: 2 });
        const r = await publishRaw(encodeKeyPackageMessage(p256!.keyPackage));
        await expectRefused(r, 422, "KEY_PACKAGE_UNSUPPORTED_CIPHER_SUITE");
        const c = await rawClaim(ctx, bob.token, '{"cipherSuite":2}');
        await expectRefused(c, 400, "DIRECTORY_UNSUPPORTED_CIPHER_SUITE");
      });

      it("a package already published, or twice in a batch: 409 DIRECTORY_DUPLICATE_KEY_PACKAGE", async () => {
        const listed = await listKeyPackages(conn(ctx, alice));
        expect(listed).toHaveLength(2);
        const [fresh] = await alice.make(1);
        const m = encodeKeyPackageMessage(fresh!.keyPackage);
        await expectRefused(
          await publishRaw(new Uint8Array([...m, ...m])),
          409,
          "DIRECTORY_DUPLICATE_KEY_PACKAGE",
        );
        expect((await publishRaw(m)).status).toBe(201);
        before = await snapshot(ctx.store);
        await expectRefused(await publishRaw(m), 409, "DIRECTORY_DUPLICATE_KEY_PACKAGE");
      });

      it("bad claim requests: 400 DIRECTORY_INVALID_REQUEST", async () => {
        for (const body of [
          "{}",
          '{"cipherSuite":"x"}',
          '{"cipherSuite":"1"}',
          '{"cipherSuite":1.5}',
          '{"cipherSuite":70000}',
          "[1]",
          "not json",
        ]) {
          const r = await rawClaim(ctx, bob.token, body);
          await expectRefused(r, 400, "DIRECTORY_INVALID_REQUEST");
        }
        const badUser = await rawClaim(ctx, bob.token, '{"cipherSuite":1}', { user: "a%20b" });
        await expectRefused(badUser, 400, "DIRECTORY_INVALID_REQUEST");
        const count = await raw(ctx, "GET", "/v1/key-packages/count", { token: bob.token });
        await expectRefused(count, 400, "DIRECTORY_INVALID_REQUEST");
        const nowhere = await raw(ctx, "GET", "/v1/nowhere", { token: bob.token });
        await expectRefused(nowhere, 404, "DIRECTORY_NOT_FOUND");
      });
    });

    it("enforces the per-client quota of stored packages (403), all or nothing", async () => {
      await ctx.dispose();
      await setup({ quotaPerClient: 3 });
      await publishKeyPackages(
        conn(ctx, alice),
        [...(await alice.make(2)), await alice.makeLastResort()].map((b) => b.keyPackage),
      );
      const before = await snapshot(ctx.store);
      const e = await rejects(
        publishKeyPackages(
          conn(ctx, alice),
          (await alice.make(1)).map((b) => b.keyPackage),
        ),
        "DIRECTORY_QUOTA_EXCEEDED",
        403,
      );
      expect(e.details).toMatchObject({ quota: 3 });
      await rejects(
        publishKeyPackages(
          conn(ctx, alice),
          (await alice.make(4)).map((b) => b.keyPackage),
        ),
        "DIRECTORY_QUOTA_EXCEEDED",
        403,
      );
      expect(await snapshot(ctx.store)).toEqual(before);
      // Replacing the last resort does not count twice.
      await publishKeyPackages(conn(ctx, alice), [(await alice.makeLastResort()).keyPackage]);
      // Another client's quota is its own.
      await publishKeyPackages(
        conn(ctx, bob),
        (await bob.make(3)).map((b) => b.keyPackage),
      );
    });

    it("rate-limits claims per (claimer, user) with 429 and Retry-After, in the database", async () => {
      await ctx.dispose();
      await setup({ claimsPerWindow: 2, rateLimitWindowSeconds: 60 });
      ctx.now = (ctx.now / 60n) * 60n + 10n; // 50 s left in the window
      await publishKeyPackages(
        conn(ctx, alice),
        (await alice.make(5)).map((b) => b.keyPackage),
      );
      await claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 });
      await claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 });
      const before = await snapshot(ctx.store);
      const e = await rejects(
        claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 }),
        "DIRECTORY_RATE_LIMITED",
        429,
      );
      expect(e.details.retryAfterSeconds).toBe(50);
      const r = await rawClaim(ctx, bob.token, '{"cipherSuite":1}');
      expect([r.status, r.headers.get("retry-after"), r.json.error.code]).toEqual([
        429,
        "50",
        "DIRECTORY_RATE_LIMITED",
      ]);
      expect(await snapshot(ctx.store)).toEqual(before);
      // Other pairs have their own counters; a second server on the same store shares them.
      await claimKeyPackages(conn(ctx, alice2), "alice", { cipherSuite: 1 });
      expect((await claimKeyPackages(conn(ctx, bob), "bob", { cipherSuite: 1 })).missingClients).toEqual([
        "phone",
      ]);
      const twin = createDirectoryServer({
        store: ctx.store,
        clock: () => ctx.now,
        limits: { claimsPerWindow: 2, pruneIntervalSeconds: 0 },
      });
      const twinUrl = await twin.listen({ port: 0 });
      try {
        await rejects(
          claimKeyPackages({ url: twinUrl, token: bob.token }, "alice", { cipherSuite: 1 }),
          "DIRECTORY_RATE_LIMITED",
          429,
        );
      } finally {
        await twin.close();
      }
      ctx.now += 50n; // next window
      await claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 });
    });

    it("ignores expired packages and prunes them", async () => {
      const short = await alice.make(2, { lifetime: { notBefore: ctx.now - 60n, notAfter: ctx.now + 600n } });
      const long = await alice.make(1);
      await publishKeyPackages(
        conn(ctx, alice),
        [...short, ...long].map((b) => b.keyPackage),
      );
      expect(await countKeyPackages(conn(ctx, alice), { cipherSuite: 1 })).toMatchObject({ count: 3 });
      ctx.now += 601n;
      expect(await countKeyPackages(conn(ctx, alice), { cipherSuite: 1 })).toMatchObject({ count: 1 });
      const r = await claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 });
      expect(r.keyPackages.map((k) => toHex(k.ref))).toEqual([toHex(long[0]!.ref)]);
      expect(await listKeyPackages(conn(ctx, alice))).toHaveLength(2);
      expect(await ctx.server.prune()).toMatchObject({ keyPackages: 2 });
      expect(await listKeyPackages(conn(ctx, alice))).toEqual([]);
    });

    it("routes ids of up to 128 characters and refs of up to 64 bytes to their handlers", async () => {
      const longUser = `u${"x".repeat(127)}`;
      const carol = await addTestClient(ctx.store, longUser, `c${"y".repeat(127)}`);
      await publishKeyPackages(
        conn(ctx, carol),
        (await carol.make(1)).map((b) => b.keyPackage),
      );
      const claimed = await claimKeyPackages(conn(ctx, bob), longUser, { cipherSuite: 1 });
      expect(claimed.keyPackages).toHaveLength(1);
      // Suite 5 hashes with SHA-512: its refs are 64 bytes, 128 hex digits.
      const [p521] = await alice.make(1, { cipherSuite: 5 });
      await publishKeyPackages(conn(ctx, alice), [p521!.keyPackage]);
      expect(p521!.ref).toHaveLength(64);
      expect(await deleteKeyPackage(conn(ctx, alice), p521!.ref)).toBe(true);
      // Over the limits: the documented 400, in the documented shape, however long.
      for (const length of [129, 300, 5000]) {
        const r = await raw(ctx, "POST", `/v1/users/${"a".repeat(length)}/claim`, {
          token: bob.token,
          body: '{"cipherSuite":1}',
          type: "application/json",
        });
        expect([length, r.status, r.json?.error?.code]).toEqual([length, 400, "DIRECTORY_INVALID_REQUEST"]);
        expect(r.json.error.details).toMatchObject({ field: "userId" });
        const d = await raw(ctx, "DELETE", `/v1/key-packages/${"ab".repeat(length)}`, { token: alice.token });
        expect([length, d.status, d.json?.error?.code]).toEqual([length, 400, "DIRECTORY_INVALID_REQUEST"]);
      }
    });

    it("answers a wrong method on a known path with 405 and Allow", async () => {
      for (const [method, path, allow] of [
        ["PUT", "/v1/key-packages", "GET, POST"],
        ["GET", "/v1/users/alice/claim", "POST"],
        ["POST", `/v1/key-packages/${"ab".repeat(32)}`, "DELETE"],
        ["DELETE", "/v1/health", "GET"],
      ] as const) {
        const r = await raw(ctx, method, path, { token: bob.token });
        expect([method, path, r.status, r.json?.error?.code, r.headers.get("allow")]).toEqual([
          method,
          path,
          405,
          "DIRECTORY_METHOD_NOT_ALLOWED",
          allow,
        ]);
        expect(r.json.error.details).toMatchObject({ method });
      }
    });

    it("writes nothing for a claim of an unknown user, not even a rate-limit count", async () => {
      await ctx.dispose();
      await setup({ claimsPerWindow: 1 });
      for (let i = 0; i < 3; i++) {
        await rejects(
          claimKeyPackages(conn(ctx, bob), "carol", { cipherSuite: 1 }),
          "DIRECTORY_USER_NOT_FOUND",
          404,
        );
      }
      // No window was counted: pruning from the far future finds none to delete.
      expect(await ctx.store.pruneExpired(ctx.now + 10n ** 9n, 60)).toEqual({
        keyPackages: 0,
        rateLimits: 0,
        keyPackageRoutes: 0,
      });
    });

    it("names which rule refused a registration: the ids, or the credential of another client", async () => {
      const before = await snapshot(ctx.store);
      const taken = await registerClient(ctx.store, {
        userId: "alice",
        clientId: "phone",
        credential: basicCredential("someone-else"),
      }).then(
        () => undefined,
        (e: unknown) => e as MlsError,
      );
      expect([taken?.code, taken?.message, taken?.details.conflict]).toEqual([
        "DIRECTORY_CLIENT_EXISTS",
        'client "phone" of user "alice" is already registered',
        "client",
      ]);
      const shared = await registerClient(ctx.store, {
        userId: "carol",
        clientId: "tablet",
        credential: bob.credential,
      }).then(
        () => undefined,
        (e: unknown) => e as MlsError,
      );
      expect([shared?.code, shared?.message, shared?.details]).toEqual([
        "DIRECTORY_CLIENT_EXISTS",
        'the credential is already registered to client "phone" of user "bob"',
        {
          userId: "carol",
          clientId: "tablet",
          conflict: "credential",
          holderUserId: "bob",
          holderClientId: "phone",
        },
      ]);
      expect(await snapshot(ctx.store)).toEqual(before);
      expect((await ctx.store.listClients()).map((c) => `${c.userId}/${c.clientId}`)).toEqual([
        "alice/laptop",
        "alice/phone",
        "bob/phone",
      ]);
    });

    it("answers health checks without a token", async () => {
      const r = await raw(ctx, "GET", "/v1/health");
      expect([r.status, r.json]).toEqual([200, { status: "ok", store: backend.name }]);
    });

    /** topUp of alice's suite-1 stock to 5 packages on this directory, keeping them in `store`. */
    const aliceTopUp = (store: KeyPackageStore) => ({
      directory: conn(ctx, alice),
      store,
      provider,
      cipherSuite: 1,
      credential: alice.credential,
      signatureKeyPair: alice.signatureKeyPair,
      target: 5,
    });

    it("topUp keeps the target stock and rotates a used last resort", async () => {
      const local = await createMemoryKeyStore();
      const opts = { ...aliceTopUp(local), batchSize: 2 };
      expect(await topUp(opts)).toEqual({ before: 0, published: 5, lastResortPublished: true, after: 5 });
      expect(await local.count()).toBe(6);
      expect(await countKeyPackages(conn(ctx, alice), { cipherSuite: 1 })).toMatchObject({
        count: 5,
        lastResort: { claims: 0 },
      });
      expect(await topUp(opts)).toEqual({ before: 5, published: 0, lastResortPublished: false, after: 5 });
      const claimed = await claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 });
      const mine = claimed.keyPackages.find((k) => k.clientId === "phone")!;
      // The private parts of what was handed out are in the local store.
      expect((await local.take(mine.ref))?.ref).toEqual(mine.ref);
      expect(await topUp({ ...opts, lowWater: 4 })).toMatchObject({ published: 0 });
      expect(await topUp(opts)).toEqual({ before: 4, published: 1, lastResortPublished: false, after: 5 });
      for (let i = 0; i < 6; i++) await claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 });
      const stock = await countKeyPackages(conn(ctx, alice), { cipherSuite: 1 });
      expect(stock.count).toBe(0);
      expect(stock.lastResort?.claims).toBe(1);
      const r = await topUp(opts);
      expect(r).toEqual({ before: 0, published: 5, lastResortPublished: true, after: 5 });
      expect((await countKeyPackages(conn(ctx, alice), { cipherSuite: 1 })).lastResort?.claims).toBe(0);
      await local.close();
    });

    it("topUp removes from the local store what the directory refused", async () => {
      await ctx.dispose();
      await setup({ quotaPerClient: 3 });
      const local = await createMemoryKeyStore();
      await rejects(topUp(aliceTopUp(local)), "DIRECTORY_QUOTA_EXCEEDED", 403);
      expect(await local.count()).toBe(0);
      await local.close();
    });

    it("never hands out one package twice under concurrent claims", async () => {
      await ctx.dispose();
      await setup({ claimsPerWindow: 10_000 });
      const published = await alice.make(20);
      const lr = await alice.makeLastResort();
      await publishKeyPackages(conn(ctx, alice), [...published.map((b) => b.keyPackage), lr.keyPackage]);
      const results = await Promise.all(
        Array.from({ length: 50 }, () => claimKeyPackages(conn(ctx, bob), "alice", { cipherSuite: 1 })),
      );
      const refs = results.map((r) => r.keyPackages.find((k) => k.clientId === "phone")!);
      const ordinary = refs.filter((k) => !k.lastResort).map((k) => toHex(k.ref));
      expect(new Set(ordinary).size).toBe(20);
      expect(ordinary.sort()).toEqual(published.map((b) => toHex(b.ref)).sort());
      expect(refs.filter((k) => k.lastResort).every((k) => toHex(k.ref) === toHex(lr.ref))).toBe(true);
      expect(refs.filter((k) => k.lastResort)).toHaveLength(30);
    });
  });
}
