/**
 * @module conformance/store-cases
 * The conformance cases of the basic store operations: put/get round trips, replacement,
 * independence from the caller's bundle, take-once, last resort kept by take, delete, list
 * summaries (public fields only, ref order), count/list filters, pruning by the store clock, and
 * concurrent takes of one ref from one and from two store instances (exactly one winner).
 */
import { bytesEqual, toHex } from "@mlskit/codec";
import { createKeyPackages, type KeyPackageBundle } from "@mlskit/key-packages";
import { compareBytes } from "../backend.js";
import type { KeyPackageFilter } from "../key-package-store.js";
import { bundleHex, collect, listedRefs, T0 } from "./fixtures.js";
import type { ConformanceCases, ConformanceKit } from "./kit.js";

/** The names of a summary's fields: public data only. */
const SUMMARY_FIELDS = [
  "cipherSuite",
  "createdAt",
  "lastResort",
  "notAfter",
  "notBefore",
  "ref",
  "signatureKey",
];

/** The basic store cases of one mode. @internal */
export function storeCases(k: ConformanceKit): ConformanceCases {
  const { stored, expect, expectSame } = k;
  return {
    "put then get returns an equal bundle; unknown refs give undefined": () =>
      k.onStore("roundtrip", async (store, f) => {
        expect(store.encrypted).toBe(k.mode.label === "encrypted");
        for (const b of f.all) await store.put(b);
        for (const b of f.all) expectSame(await store.get(b.ref), b);
        expect(await store.get(new Uint8Array(32).fill(7))).toBe(undefined);
        expect(await store.count()).toBe(f.all.length);
      }),
    "put of an existing ref replaces it; putMany stores all": () =>
      k.onStore("replace", async (store, f) => {
        await store.put(f.ordinary[0]!);
        await store.put(f.ordinary[0]!);
        expect(await store.count()).toBe(1);
        await store.putMany(f.ordinary);
        await store.putMany([]);
        expect(await store.count()).toBe(3);
        for (const b of f.ordinary) expectSame(await store.get(b.ref), b);
      }),
    "the stored bundle is a copy: disposing the caller's or a returned bundle changes nothing": async () => {
      const f = await k.fixtures();
      const [mine] = await createKeyPackages({
        provider: k.opts.provider,
        cipherSuite: k.suiteId,
        credential: f.credential,
        signatureKeyPair: f.signer,
        count: 1,
      });
      const expected = bundleHex(mine!);
      await k.withStore(k.ctxFor("copy"), async (store) => {
        await store.put(mine!);
        mine!.dispose();
        const got = await store.get(mine!.ref);
        expect(got === undefined ? undefined : bundleHex(got)).toEqual(expected);
        got!.dispose();
        const again = await store.get(mine!.ref);
        expect(again === undefined ? undefined : bundleHex(again)).toEqual(expected);
      });
    },
    "take returns the bundle once and removes it": () =>
      k.onStore("take", async (store, f) => {
        const [a, b] = await stored(store, f.ordinary);
        expectSame(await store.take(a!.ref), a!);
        expect(await store.take(a!.ref)).toBe(undefined);
        expect(await store.get(a!.ref)).toBe(undefined);
        expectSame(await store.get(b!.ref), b!);
        expect(await store.count()).toBe(2);
        expect(await store.take(new Uint8Array(32).fill(1))).toBe(undefined);
      }),
    "take keeps a last-resort bundle; delete removes it": () =>
      k.onStore("last-resort", async (store, f) => {
        await store.put(f.lastResort);
        expectSame(await store.take(f.lastResort.ref), f.lastResort);
        expectSame(await store.take(f.lastResort.ref), f.lastResort);
        expect(await store.count({ lastResort: true })).toBe(1);
        expect(await store.delete(f.lastResort.ref)).toBe(true);
        expect(await store.take(f.lastResort.ref)).toBe(undefined);
      }),
    "delete reports whether it removed something": () =>
      k.onStore("delete", async (store, f) => {
        await store.put(f.ordinary[0]!);
        expect(await store.delete(f.ordinary[0]!.ref)).toBe(true);
        expect(await store.delete(f.ordinary[0]!.ref)).toBe(false);
        expect(await store.count()).toBe(0);
      }),
    "list yields public summaries of every package in ascending ref order": () =>
      k.onStore({ tag: "list", now: () => T0 + 5n }, async (store, f) => {
        await store.putMany(f.all);
        const listed = await collect(store.list());
        const sorted = [...f.all].sort((x, y) => compareBytes(x.ref, y.ref));
        expect(listed.map((s) => toHex(s.ref))).toEqual(sorted.map((b) => toHex(b.ref)));
        for (const s of listed) {
          expect(Object.keys(s).sort()).toEqual([...SUMMARY_FIELDS].sort());
          const b = f.all.find((x) => bytesEqual(x.ref, s.ref))!;
          expect({
            cipherSuite: s.cipherSuite,
            notBefore: s.notBefore,
            notAfter: s.notAfter,
            lastResort: s.lastResort,
            signatureKey: toHex(s.signatureKey),
            createdAt: s.createdAt,
          }).toEqual({
            cipherSuite: b.keyPackage.cipherSuite,
            notBefore: b.keyPackage.leafNode.lifetime!.notBefore,
            notAfter: b.keyPackage.leafNode.lifetime!.notAfter,
            lastResort: b.lastResort,
            signatureKey: toHex(b.keyPackage.leafNode.signatureKey),
            createdAt: T0 + 5n,
          });
        }
      }),
    "count and list honour every filter field": () =>
      k.onStore("filters", async (store, f) => {
        await store.putMany(f.all);
        const hex = (bs: KeyPackageBundle[]) => bs.map((b) => toHex(b.ref)).sort();
        const valid = [...f.ordinary, f.lastResort, f.otherSigner, f.otherSuite];
        const cases: [KeyPackageFilter, KeyPackageBundle[]][] = [
          [{}, f.all],
          [{ cipherSuite: k.suiteId }, f.all.filter((b) => b !== f.otherSuite)],
          [{ cipherSuite: f.otherSuiteId }, [f.otherSuite]],
          [{ cipherSuite: 0x0a0a }, []],
          [{ lastResort: true }, [f.lastResort]],
          [{ lastResort: false }, f.all.filter((b) => b !== f.lastResort)],
          [{ validAt: T0 + 500n }, valid],
          [{ validAt: T0 }, valid],
          [{ validAt: T0 + 1000n }, valid],
          [{ validAt: T0 - 1500n }, f.expired],
          [{ validAt: new Date(Number(T0 + 2500n) * 1000) }, [f.future]],
          [{ validAt: T0 + 1500n }, []],
          [
            { signatureKey: f.signer.publicKey },
            f.all.filter((b) => b !== f.otherSigner && b !== f.otherSuite),
          ],
          [{ signatureKey: f.otherSigner.keyPackage.leafNode.signatureKey }, [f.otherSigner]],
          [{ validAt: T0 + 1n, cipherSuite: k.suiteId, lastResort: false }, [...f.ordinary, f.otherSigner]],
        ];
        for (const [filter, want] of cases) {
          expect((await listedRefs(store.list(filter))).sort()).toEqual(hex(want));
          expect(await store.count(filter)).toBe(want.length);
        }
      }),
    "pruneExpired removes exactly the expired packages, last resort included, using the store clock by default":
      async () => {
        let clock = T0;
        await k.onStore({ tag: "prune", now: () => clock }, async (store, f) => {
          await store.putMany(f.all);
          expect(await store.pruneExpired()).toBe(f.expired.length);
          for (const b of f.expired) expect(await store.get(b.ref)).toBe(undefined);
          expect(await store.pruneExpired(T0)).toBe(0);
          clock = T0 + 1001n;
          // now ordinary, last resort, other signer and other suite are expired; `future` is not
          expect(await store.pruneExpired()).toBe(f.all.length - f.expired.length - 1);
          expect(await listedRefs(store.list())).toEqual([toHex(f.future.ref)]);
          expect(await store.pruneExpired(new Date(Number(T0 + 3001n) * 1000))).toBe(1);
          expect(await store.count()).toBe(0);
        });
      },
    "concurrent takes of one ref: exactly one winner, within one store and across two instances":
      async () => {
        await k.onShared("race", async (first, f, withSecond) => {
          const [a, b] = await stored(first, f.ordinary);
          const results = await Promise.all(Array.from({ length: 16 }, () => first.take(a!.ref)));
          expect(results.filter((r) => r !== undefined).length).toBe(1);
          expectSame(
            results.find((r) => r !== undefined),
            a!,
          );
          await withSecond(async (second) => {
            const both = await Promise.all(
              Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? first : second).take(b!.ref)),
            );
            expect(both.filter((r) => r !== undefined).length).toBe(1);
            expect(await second.count()).toBe(1);
          });
          await first.put(f.lastResort);
          const lastResortTakes = await Promise.all(
            Array.from({ length: 8 }, () => first.take(f.lastResort.ref)),
          );
          expect(lastResortTakes.filter((r) => r !== undefined).length).toBe(8);
        });
      },
  };
}
