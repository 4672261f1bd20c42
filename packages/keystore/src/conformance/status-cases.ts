/**
 * @module conformance/status-cases
 * The conformance cases of the `status` probe and its tombstones: available, reserved, consumed
 * through take and commit, never consumed for last resort, unknown; an expired lease is
 * available; delete leaves no tombstone, put revives a consumed ref, pruning drops old
 * tombstones; tombstones survive reopening and are seen by a second instance.
 */
import { toHex } from "@mlskit/codec";
import { KeyStoreErrorCode } from "../errors.js";
import { caught, listedRefs, T0 } from "./fixtures.js";
import type { ConformanceCases, ConformanceKit } from "./kit.js";

/** The status cases of one mode. @internal */
export function statusCases(k: ConformanceKit): ConformanceCases {
  const { stored, expect, expectSame, expectCode, expectStatus } = k;
  return {
    "status: available → reserved → released → available; reserved → committed → consumed; take → consumed; unknown refs":
      () =>
        k.onStore({ tag: "status", now: () => T0 }, async (store, f) => {
          const [a, b, c] = await stored(store, f.ordinary);
          const unknown = { ref: new Uint8Array(32).fill(7) };
          await expectStatus(store, [unknown, "unknown"], [a!, "available"]);
          const r = await store.reserve(a!.ref);
          await expectStatus(store, [a!, "reserved"]);
          await r!.release();
          await expectStatus(store, [a!, "available"]);
          expectSame(await store.get(a!.ref), a!);
          const s = await store.reserve(a!.ref);
          await expectStatus(store, [a!, "reserved"]);
          await s!.commit();
          await expectStatus(store, [a!, "consumed"]);
          expect(await store.get(a!.ref)).toBe(undefined);
          expect(await store.reserve(a!.ref)).toBe(undefined);
          expectSame(await store.take(b!.ref), b!);
          await expectStatus(store, [b!, "consumed"]);
          expect(await store.take(b!.ref)).toBe(undefined);
          await expectStatus(store, [b!, "consumed"]);
          // a tombstone is not a package: not listed, not counted, not deleted
          expect(await store.count()).toBe(1);
          expect(await listedRefs(store.list())).toEqual([toHex(c!.ref)]);
          expect(await store.delete(b!.ref)).toBe(false);
          await expectStatus(store, [b!, "consumed"]);
          // the status probe consumes and reserves nothing
          await expectStatus(store, [c!, "available"]);
          expectSame(await store.get(c!.ref), c!);
          await expectStatus(store, [unknown, "unknown"]);
        }),
    "status: a last-resort package is never consumed; an expired lease is available; delete leaves no tombstone; put revives a consumed ref":
      async () => {
        let clock = T0;
        await k.onStore({ tag: "status-more", now: () => clock }, async (store, f) => {
          const [a, b, c] = await stored(store, [...f.ordinary, f.lastResort]);
          const lr = f.lastResort;
          expectSame(await store.take(lr.ref), lr);
          await expectStatus(store, [lr, "available"]);
          const r = await store.reserve(lr.ref);
          await expectStatus(store, [lr, "reserved"]);
          await r!.commit();
          await expectStatus(store, [lr, "available"]);

          const stale = await store.reserve(a!.ref, { leaseSeconds: 10 });
          clock = T0 + 9n;
          await expectStatus(store, [a!, "reserved"]);
          clock = T0 + 10n; // the lease ends at T0 + 10
          await expectStatus(store, [a!, "available"]);
          const fresh = await store.reserve(a!.ref);
          await expectStatus(store, [a!, "reserved"]);
          expectCode(await caught(stale!.commit()), KeyStoreErrorCode.reservationLost);
          await expectStatus(store, [a!, "reserved"]);
          await fresh!.commit();
          await expectStatus(store, [a!, "consumed"]);

          // deleting is not consuming: no tombstone, reserved or not
          expect(await store.delete(b!.ref)).toBe(true);
          await expectStatus(store, [b!, "unknown"]);
          const held = await store.reserve(c!.ref);
          expect(await store.delete(c!.ref)).toBe(true);
          await expectStatus(store, [c!, "unknown"]);
          expectCode(await caught(held!.commit()), KeyStoreErrorCode.reservationLost);
          await expectStatus(store, [c!, "unknown"]);

          // put of a consumed ref replaces the tombstone: available again
          await store.put(a!);
          await expectStatus(store, [a!, "available"]);
          expectSame(await store.take(a!.ref), a!);
          await expectStatus(store, [a!, "consumed"]);
          await store.putMany([a!]);
          await expectStatus(store, [a!, "available"]);
          expectSame(await store.get(a!.ref), a!);
        });
      },
    "pruneExpired removes tombstones whose notAfter has passed, and only those; tombstones survive reopening":
      async () => {
        const f = await k.fixtures();
        let clock = T0;
        const ctx = k.ctxFor("status-prune", () => clock);
        const [a, b] = f.ordinary; // notAfter T0 + 1000
        const [x] = f.expired; // notAfter T0 - 1000
        await k.withStore(ctx, async (store) => {
          await store.putMany([a!, b!, x!]);
          expectSame(await store.take(a!.ref), a!);
          const r = await store.reserve(x!.ref);
          await r!.commit();
          await expectStatus(store, [x!, "consumed"]);
          // x's package had expired: its tombstone goes; a's stays until T0 + 1000 has passed
          expect(await store.pruneExpired()).toBe(0);
          await expectStatus(store, [x!, "unknown"], [a!, "consumed"]);
          expect(await store.pruneExpired(T0 + 1000n)).toBe(0);
          await expectStatus(store, [a!, "consumed"]);
        });
        await k.withStore(ctx, async (store) => {
          await expectStatus(store, [a!, "consumed"], [b!, "available"]);
          clock = T0 + 1001n;
          expect(await store.pruneExpired()).toBe(1); // b, expired; a's tombstone goes too
          await expectStatus(store, [a!, "unknown"], [b!, "unknown"]);
          expect(await store.count()).toBe(0);
        });
      },
    "status across two store instances: a reservation and a consumption in one are seen by the other":
      async () => {
        await k.onShared("status-shared", async (first, f, withSecond) => {
          const [a, b, c] = await stored(first, f.ordinary);
          await withSecond(async (second) => {
            const r = await first.reserve(a!.ref);
            await expectStatus(second, [a!, "reserved"]);
            expect(await second.reserve(a!.ref)).toBe(undefined);
            await r!.commit();
            await expectStatus(second, [a!, "consumed"]);
            expectSame(await second.take(b!.ref), b!);
            await expectStatus(first, [b!, "consumed"]);
            // of concurrent reserves of one ref, one wins; every loser then sees why
            const all = await Promise.all(
              Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? first : second).reserve(c!.ref)),
            );
            const winner = all.filter((x) => x !== undefined);
            expect(winner.length).toBe(1);
            await expectStatus(second, [c!, "reserved"]);
            await winner[0]!.commit();
            await expectStatus(first, [c!, "consumed"]);
          });
        });
      },
  };
}
