/**
 * @module conformance/reservation-cases
 * The conformance cases of reservations: hidden while reserved, commit, release, last resort,
 * lease expiry by the injected clock, a stale reservation's commit refused, repeated calls,
 * pruning and reopening with a lease, and concurrent reserves and takes with one winner.
 */
import { toHex } from "@mlskit/codec";
import type { MlsError } from "@mlskit/errors";
import { KeyStoreErrorCode } from "../errors.js";
import { caught, listedRefs, T0 } from "./fixtures.js";
import type { ConformanceCases, ConformanceKit } from "./kit.js";

const { reservationLost: LOST, reservationReleased: RELEASED } = KeyStoreErrorCode;

/** The reservation cases of one mode. @internal */
export function reservationCases(k: ConformanceKit): ConformanceCases {
  const { stored, expect, expectSame, expectCode } = k;
  const fixed = () => T0;
  return {
    "reserve hides the package from get, take, reserve, list and count; commit removes it": () =>
      k.onStore({ tag: "reserve-commit", now: fixed }, async (store, f) => {
        const [a, b] = await stored(store, f.ordinary);
        const r = await store.reserve(a!.ref);
        expectSame(r?.bundle, a!);
        expect(r === undefined ? undefined : toHex(r.ref)).toBe(toHex(a!.ref));
        expect(r?.expiresAt).toBe(T0 + 300n);
        expect(await store.get(a!.ref)).toBe(undefined);
        expect(await store.take(a!.ref)).toBe(undefined);
        expect(await store.reserve(a!.ref)).toBe(undefined);
        expect((await listedRefs(store.list())).includes(toHex(a!.ref))).toBe(false);
        expect(await store.count()).toBe(2);
        expect(await store.count({ validAt: T0 })).toBe(2);
        expectSame(await store.get(b!.ref), b!);
        await r!.commit();
        expect(await store.get(a!.ref)).toBe(undefined);
        expect(await store.reserve(a!.ref)).toBe(undefined);
        expect(await store.delete(a!.ref)).toBe(false);
        expect(await store.count()).toBe(2);
        expect(await store.reserve(new Uint8Array(32).fill(3))).toBe(undefined);
      }),
    "release gives the package back untouched; a put of a reserved ref keeps it reserved": () =>
      k.onStore({ tag: "reserve-release", now: fixed }, async (store, f) => {
        await store.putMany(f.ordinary);
        const a = f.ordinary[0]!;
        const r = await store.reserve(a.ref, { leaseSeconds: 60 });
        expect(r?.expiresAt).toBe(T0 + 60n);
        await store.put(a);
        expect(await store.get(a.ref)).toBe(undefined);
        expect(await store.count()).toBe(2);
        await r!.release();
        expectSame(await store.get(a.ref), a);
        expect(await store.count()).toBe(3);
        expect((await listedRefs(store.list({ validAt: T0 }))).length).toBe(3);
        const again = await store.reserve(a.ref);
        expectSame(again?.bundle, a);
        await again!.release();
        expectSame(await store.take(a.ref), a);
        expect(await store.get(a.ref)).toBe(undefined);
      }),
    "a last-resort package stays after commit and comes back after release": () =>
      k.onStore({ tag: "reserve-last-resort", now: fixed }, async (store, f) => {
        const lr = f.lastResort;
        await store.put(lr);
        const r = await store.reserve(lr.ref);
        expectSame(r?.bundle, lr);
        expect(await store.take(lr.ref)).toBe(undefined);
        expect(await store.count({ lastResort: true })).toBe(0);
        await r!.commit();
        expectSame(await store.get(lr.ref), lr);
        expect(await store.count({ lastResort: true })).toBe(1);
        const again = await store.reserve(lr.ref);
        expect(await store.get(lr.ref)).toBe(undefined);
        await again!.release();
        expectSame(await store.take(lr.ref), lr);
        expectSame(await store.take(lr.ref), lr);
      }),
    "an expired lease makes the package takeable again; the stale reservation's commit fails with STORE_RESERVATION_LOST and consumes nothing":
      async () => {
        let clock = T0;
        await k.onStore({ tag: "reserve-expiry", now: () => clock }, async (store, f) => {
          const [a, b, c] = await stored(store, [...f.ordinary, f.lastResort]);
          const stale = await store.reserve(a!.ref, { leaseSeconds: 10 });
          clock = T0 + 9n;
          expect(await store.get(a!.ref)).toBe(undefined);
          clock = T0 + 10n; // the lease ends at T0 + 10
          expectSame(await store.get(a!.ref), a!);
          expect(await store.count()).toBe(4);
          // someone else reserves it now; the stale commit must not consume their reservation
          const fresh = await store.reserve(a!.ref, { leaseSeconds: 10 });
          expectSame(fresh?.bundle, a!);
          expectCode(await caught(stale!.commit()), LOST);
          expectCode(await caught(stale!.commit()), LOST);
          await stale!.release(); // nothing to give back: the fresh reservation still holds it
          expect(await store.get(a!.ref)).toBe(undefined);
          await fresh!.commit();
          expect(await store.get(a!.ref)).toBe(undefined);

          // expired and taken by another: lost too
          const lost = await store.reserve(b!.ref, { leaseSeconds: 10 });
          clock += 10n;
          expectSame(await store.take(b!.ref), b!);
          const e = await caught(lost!.commit());
          expectCode(e, LOST);
          expect((e as MlsError).details.ref).toBe(toHex(b!.ref));

          // expired but untouched: the late commit still consumes it
          const late = await store.reserve(c!.ref, { leaseSeconds: 10 });
          clock += 1000n;
          await late!.commit();
          expect(await store.get(c!.ref)).toBe(undefined);

          // a last-resort package's stale reservation is lost the same way
          const lr = await store.reserve(f.lastResort.ref, { leaseSeconds: 10 });
          clock += 10n;
          const lr2 = await store.reserve(f.lastResort.ref);
          expectCode(await caught(lr!.commit()), LOST);
          await lr2!.commit();
          expectSame(await store.get(f.lastResort.ref), f.lastResort);
        });
      },
    "commit and release are safe to repeat; commit after release is STORE_RESERVATION_RELEASED; delete ends a reservation":
      () =>
        k.onStore({ tag: "reserve-repeat", now: fixed }, async (store, f) => {
          const [a, b, c] = await stored(store, f.ordinary);
          const r = await store.reserve(a!.ref);
          await Promise.all([r!.commit(), r!.commit()]);
          await r!.commit();
          await r!.release();
          expect(await store.get(a!.ref)).toBe(undefined);

          const s = await store.reserve(b!.ref);
          await Promise.all([s!.release(), s!.release()]);
          expectCode(await caught(s!.commit()), RELEASED);
          expectSame(await store.get(b!.ref), b!);

          const t = await store.reserve(c!.ref);
          expect(await store.delete(c!.ref)).toBe(true);
          expectCode(await caught(t!.commit()), LOST);
          await t!.release();
          expect(await store.count()).toBe(1);
          expect(JSON.stringify(s).includes(toHex(b!.initPrivateKey))).toBe(false);
        }),
    "pruneExpired leaves a reserved package alone while its lease lives": async () => {
      let clock = T0;
      await k.onStore({ tag: "reserve-prune", now: () => clock }, async (store, f) => {
        await store.putMany(f.expired);
        const [x, y] = f.expired;
        const r = await store.reserve(x!.ref, { leaseSeconds: 10 });
        expect(await store.pruneExpired()).toBe(1);
        expect(await store.pruneExpired(T0 + 5000n)).toBe(0);
        await r!.release();
        expectSame(await store.get(x!.ref), x!);
        const again = await store.reserve(x!.ref, { leaseSeconds: 10 });
        clock = T0 + 10n;
        expect(await store.pruneExpired()).toBe(1);
        expectCode(await caught(again!.commit()), LOST);
        expect(await store.get(y!.ref)).toBe(undefined);
        expect(await store.count()).toBe(0);
      });
    },
    "a reservation survives closing the store (as a crash would leave it) until its lease expires":
      async () => {
        const f = await k.fixtures();
        const held = f.ordinary[0]!;
        let clock = T0;
        const ctx = k.ctxFor("reserve-reopen", () => clock);
        await k.withStore(ctx, async (store) => {
          await store.putMany(f.ordinary);
          // reserved and never committed nor released: the process "dies" with it
          expect((await store.reserve(held.ref, { leaseSeconds: 300 })) !== undefined).toBe(true);
        });
        await k.withStore(ctx, async (store) => {
          expect(await store.get(held.ref)).toBe(undefined);
          expect(await store.take(held.ref)).toBe(undefined);
          expect(await store.count()).toBe(2);
          clock = T0 + 300n;
          expect(await store.count()).toBe(3);
          expectSame(await store.take(held.ref), held);
        });
      },
    "concurrent reserves and takes of one ref: exactly one winner, within one store and across two instances":
      async () => {
        await k.onShared("reserve-race", async (first, f, withSecond) => {
          const [a, b, c] = await stored(first, [...f.ordinary, f.lastResort]);
          const reserves = await Promise.all(Array.from({ length: 16 }, () => first.reserve(a!.ref)));
          expect(reserves.filter((r) => r !== undefined).length).toBe(1);
          await withSecond(async (second) => {
            const either = (i: number) => (i % 2 === 0 ? first : second);
            const mixed = await Promise.all(
              Array.from({ length: 16 }, (_, i) =>
                i % 4 < 2 ? either(i).reserve(b!.ref) : either(i).take(b!.ref),
              ),
            );
            expect(mixed.filter((r) => r !== undefined).length).toBe(1);
            const across = await Promise.all(Array.from({ length: 16 }, (_, i) => either(i).reserve(c!.ref)));
            const winner = across.filter((r) => r !== undefined);
            expect(winner.length).toBe(1);
            await winner[0]!.commit();
            expect(await second.get(c!.ref)).toBe(undefined);
            // a last-resort package is taken by everyone, but reserved by one
            const lr = await Promise.all(
              Array.from({ length: 8 }, (_, i) => either(i).reserve(f.lastResort.ref)),
            );
            expect(lr.filter((r) => r !== undefined).length).toBe(1);
          });
        });
      },
  };
}
