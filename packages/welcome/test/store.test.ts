/**
 * openWelcome with a key store: the package is reserved first, released on any failure (a failed
 * Welcome never consumes a key package), kept reserved on success until commit() or release(),
 * and a lease that is neither committed nor released expires.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex } from "@mlskit/codec";
import { MlsError } from "@mlskit/errors";
import type { KeyPackageBundle } from "@mlskit/key-packages";
import type { KeyPackageStore } from "@mlskit/keystore";
import { createMemoryKeyStore } from "@mlskit/keystore-memory";
import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";
import { mlsErrorOf } from "@mlskit/test-kit";
import { afterAll, describe, expect, it } from "vitest";
import { type JoinedGroup, openWelcome, WelcomeErrorCode } from "../src/index.js";
import { buildWelcome } from "../src/testing/index.js";
import { checkOf, joinerBundle, NOW, provider } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mlskit-welcome-store-"));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup(
  extra: Parameters<typeof buildWelcome>[0] extends infer O ? Partial<O> : never = {},
  lastResort = false,
) {
  let clock = NOW;
  const store = await createMemoryKeyStore({ now: () => clock });
  const bundle = await joinerBundle(1, { lastResort });
  const other = await joinerBundle(1, {
    signatureKeyPair: await (await provider.getCipherSuite(1)).signature.generateKeyPair(),
  });
  await store.putMany([other, bundle]);
  const built = await buildWelcome({
    provider,
    joiners: [bundle.keyPackage],
    members: 3,
    now: NOW,
    ...extra,
  });
  return { store, bundle, other, built, tick: (s: bigint) => (clock += s) };
}

describe("openWelcome with a store", () => {
  it("reserves the named package: invisible until commit() consumes it", async () => {
    const { store, bundle, other, built } = await setup();
    const joined = await openWelcome({ welcome: built.welcomeBytes, provider, store, now: NOW });
    expect(toHex(joined.keyPackageRef)).toBe(toHex(bundle.ref));
    expect(toHex(joined.epochAuthenticator)).toBe(toHex(built.epochAuthenticator));
    expect(await store.get(bundle.ref)).toBeUndefined(); // reserved
    expect(await store.count()).toBe(1);
    await joined.commit();
    await joined.release(); // no-op after commit
    expect(await store.take(bundle.ref)).toBeUndefined(); // consumed
    expect(await store.get(other.ref)).toBeDefined(); // the other package is untouched
  });

  it("release() gives the package back untouched", async () => {
    const { store, bundle, built } = await setup();
    const joined = await openWelcome({ welcome: built.welcomeBytes, provider, store, now: NOW });
    await joined.release();
    const back = await store.get(bundle.ref);
    expect(toHex(back!.initPrivateKey)).toBe(toHex(bundle.initPrivateKey));
  });

  it("a failed Welcome releases the reservation: the key package is not consumed", async () => {
    for (const edit of [
      {
        editSignedGroupInfo: (gi: { signature: Uint8Array }) => ({
          ...gi,
          signature: gi.signature.map((b, i) => (i === 0 ? b ^ 1 : b)),
        }),
      },
      { editGroupSecrets: () => Uint8Array.of(1) },
      { ratchetTreeExtension: false },
    ]) {
      const { store, bundle, built } = await setup(edit as never);
      const error = await openWelcome({ welcome: built.welcomeBytes, provider, store, now: NOW }).catch(
        (e: unknown) => e,
      );
      expect(MlsError.is(error)).toBe(true);
      const back = await store.take(bundle.ref);
      expect(back).toBeDefined();
      expect(toHex(back!.encryptionPrivateKey)).toBe(toHex(bundle.encryptionPrivateKey));
    }
  });

  it("a provider failure (not a check) releases it too", async () => {
    const { store, bundle, built } = await setup();
    const broken = { ...provider, getCipherSuite: async () => Promise.reject(new Error("backend down")) };
    await expect(
      openWelcome({ welcome: built.welcomeBytes, provider: broken, store, now: NOW }),
    ).rejects.toThrow("backend down");
    expect(await store.get(bundle.ref)).toBeDefined();
  });

  it("W-01 when the store holds none of the refs (never stored, or deleted by the application)", async () => {
    const { store, bundle, built } = await setup();
    const empty = await createMemoryKeyStore();
    const e = await mlsErrorOf(
      openWelcome({ welcome: built.welcomeBytes, provider, store: empty, now: NOW }),
    );
    expect([e.code, e.details.check]).toEqual([WelcomeErrorCode.noMatchingKeyPackage, "W-01"]);
    // deleting is not consuming: the package is simply not ours any more
    expect(await store.delete(bundle.ref)).toBe(true);
    expect(await checkOf(openWelcome({ welcome: built.welcomeBytes, provider, store, now: NOW }))).toBe(
      "W-01",
    );
  });

  for (const kind of ["memory", "sqlite"] as const) {
    /**
     * A fresh `kind` store (its clock starts at NOW) holding one joiner's package, and a Welcome
     * for it; `open` opens that Welcome from the store. The store is closed after `fn`.
     */
    const withJoiner = async (
      fn: (s: {
        store: KeyPackageStore;
        bundle: KeyPackageBundle;
        open: (leaseSeconds?: number) => Promise<JoinedGroup>;
        setClock: (t: bigint) => void;
      }) => Promise<void>,
    ) => {
      let clock = NOW;
      const now = () => clock;
      const store =
        kind === "memory"
          ? await createMemoryKeyStore({ now })
          : await openSqliteKeyStore({ path: join(dir, `w02-${kind}-${++files}.db`), now });
      try {
        const bundle = await joinerBundle(1);
        await store.put(bundle);
        const built = await buildWelcome({ provider, joiners: [bundle.keyPackage], members: 3, now: NOW });
        const welcome = built.welcomeBytes;
        const open = (leaseSeconds?: number) =>
          openWelcome({
            welcome,
            provider,
            store,
            now: NOW,
            ...(leaseSeconds === undefined ? {} : { leaseSeconds }),
          });
        await fn({ store, bundle, open, setClock: (t) => (clock = t) });
      } finally {
        await store.close();
      }
    };

    it(`W-02 (${kind} store): the package is reserved by another open in progress, then consumed; the message says which, with the ref`, async () => {
      await withJoiner(async ({ store, bundle, open, setClock }) => {
        const ref = toHex(bundle.ref);
        const first = await open(60);
        const reserved = await mlsErrorOf(open());
        expect([
          reserved.code,
          reserved.details.check,
          reserved.details.status,
          reserved.details.ref,
        ]).toEqual([WelcomeErrorCode.keyPackageUnavailable, "W-02", "reserved", ref]);
        expect(reserved.message).toContain(`key package ${ref}`);
        expect(reserved.message).toContain("reserved by another open in progress");
        await first.commit();
        const consumed = await mlsErrorOf(open());
        expect([consumed.code, consumed.details.check, consumed.details.status]).toEqual([
          WelcomeErrorCode.keyPackageUnavailable,
          "W-02",
          "consumed",
        ]);
        expect(consumed.message).toContain(`key package ${ref}`);
        expect(consumed.message).toContain("already consumed");
        // once the package would have expired anyway, pruning forgets it: W-01
        setClock(bundle.keyPackage.leafNode.lifetime!.notAfter + 1n);
        await store.pruneExpired();
        expect(await checkOf(open())).toBe("W-01");
      });
    });

    it(`W-02 accepts (${kind} store): a released or expired reservation leaves the package to open`, async () => {
      await withJoiner(async ({ store, bundle, open, setClock }) => {
        const first = await open(30);
        await first.release();
        const second = await open(30);
        setClock(NOW + 30n); // second "crashed": its lease ends
        const third = await open();
        await third.commit();
        expect(await store.status(bundle.ref)).toBe("consumed");
        await second.release();
      });
    });
  }

  it("two concurrent opens of one Welcome: exactly one joins", async () => {
    const { store, built } = await setup();
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => openWelcome({ welcome: built.welcomeBytes, provider, store, now: NOW })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results) {
      // the losers find the package reserved by the winner (still opening): W-02, never W-01
      if (r.status === "rejected")
        expect((r.reason as MlsError).code).toBe(WelcomeErrorCode.keyPackageUnavailable);
    }
  });

  it("a lease neither committed nor released expires (leaseSeconds): the package can be taken again", async () => {
    const { store, bundle, built, tick } = await setup();
    await openWelcome({ welcome: built.welcomeBytes, provider, store, now: NOW, leaseSeconds: 30 }); // then "crash"
    expect(await store.get(bundle.ref)).toBeUndefined();
    tick(31n);
    expect(await store.take(bundle.ref)).toBeDefined();
  });

  it("a last-resort package stays after commit()", async () => {
    const { store, bundle, built } = await setup({}, true);
    const joined = await openWelcome({ welcome: built.welcomeBytes, provider, store, now: NOW });
    await joined.commit();
    expect(await store.get(bundle.ref)).toBeDefined();
  });
});
