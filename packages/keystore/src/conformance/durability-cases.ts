/**
 * @module conformance/durability-cases
 * The conformance cases of what a store keeps and refuses: signature key pairs, the largest key
 * package and signature key pair the provider makes (post-quantum suites: about 15 KB with
 * ML-KEM-1024 and ML-DSA-87), reopening after close, closed-store errors, argument checks, a
 * corrupted record (when the implementer provides a way to corrupt one), and many records.
 *
 * The many-records case builds its bundles cheaply: one real key package's bytes with distinct
 * synthetic refs and random private keys (stores do not recompute refs), so 10,000 bundles cost
 * no signing.
 */
import { toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import type { MlsError } from "@mlskit/errors";
import { encodeKeyPackage, type KeyPackageBundle, restoreKeyPackageBundle } from "@mlskit/key-packages";
import { compareBytes } from "../backend.js";
import { KeyStoreErrorCode } from "../errors.js";
import { caught, collect, keyPairHex, randomKey, T0 } from "./fixtures.js";
import type { ConformanceCases, ConformanceKit } from "./kit.js";

/** The durability cases of one mode (the corrupted-record case only with `corruptKeyPackage`). @internal */
export function durabilityCases(k: ConformanceKit): ConformanceCases {
  const { expect, expectSame, expectCode } = k;
  const corrupt = k.opts.corruptKeyPackage;
  const many = k.opts.manyRecords ?? 10_000;
  return {
    "signature key pairs: put, get, replace, delete, kept apart per credential and suite": async () => {
      const f = await k.fixtures();
      const suite = await k.opts.provider.getCipherSuite(k.suiteId);
      const other = await suite.signature.generateKeyPair();
      const alice = { credential: f.credential, cipherSuite: k.suiteId };
      const bob = { credential: basicCredential("conformance-bob@example.com"), cipherSuite: k.suiteId };
      const alice2 = { credential: f.credential, cipherSuite: f.otherSuiteId };
      await k.withStore(k.ctxFor("signature-keys"), async (store) => {
        expect(await store.getSignatureKeyPair(alice)).toBe(undefined);
        await store.putSignatureKeyPair({ ...alice, signatureKeyPair: f.signer });
        await store.putSignatureKeyPair({ ...bob, signatureKeyPair: other });
        expect(keyPairHex(await store.getSignatureKeyPair(alice))).toEqual(keyPairHex(f.signer));
        expect(keyPairHex(await store.getSignatureKeyPair(bob))).toEqual(keyPairHex(other));
        expect(await store.getSignatureKeyPair(alice2)).toBe(undefined);
        await store.putSignatureKeyPair({ ...alice, signatureKeyPair: other });
        expect(keyPairHex(await store.getSignatureKeyPair(alice))).toEqual(keyPairHex(other));
        const got = await store.getSignatureKeyPair(bob);
        got!.privateKey.fill(0);
        expect(keyPairHex(await store.getSignatureKeyPair(bob))).toEqual(keyPairHex(other));
        expect(await store.deleteSignatureKeyPair(alice)).toBe(true);
        expect(await store.deleteSignatureKeyPair(alice)).toBe(false);
        expect(await store.getSignatureKeyPair(alice)).toBe(undefined);
        expect(await store.count()).toBe(0);
      });
    },
    "the largest key package and signature key pair of the provider's suites: stored, listed, reserved, reopened and taken intact":
      async () => {
        const { bundle, signer } = await k.largest();
        const owner = {
          credential: basicCredential("conformance-carol@example.com"),
          cipherSuite: bundle.keyPackage.cipherSuite,
        };
        const ctx = k.ctxFor("largest", () => T0);
        await k.withStore(ctx, async (store) => {
          await store.put(bundle);
          await store.putSignatureKeyPair({ ...owner, signatureKeyPair: signer });
          expectSame(await store.get(bundle.ref), bundle);
          const [summary] = await collect(store.list());
          expect(summary?.cipherSuite).toBe(bundle.keyPackage.cipherSuite);
          expect(summary === undefined ? undefined : toHex(summary.signatureKey)).toBe(
            toHex(signer.publicKey),
          );
          const r = await store.reserve(bundle.ref);
          expectSame(r?.bundle, bundle);
          await r!.release();
        });
        await k.withStore(ctx, async (store) => {
          expect(keyPairHex(await store.getSignatureKeyPair(owner))).toEqual(keyPairHex(signer));
          expectSame(await store.take(bundle.ref), bundle);
          expect(await store.count()).toBe(0);
        });
      },
    "reopening after close keeps key packages and signature key pairs": async () => {
      const f = await k.fixtures();
      const ctx = k.ctxFor("reopen");
      const owner = { credential: f.credential, cipherSuite: k.suiteId };
      await k.withStore(ctx, async (store) => {
        await store.putMany(f.all);
        await store.take(f.ordinary[0]!.ref);
        await store.putSignatureKeyPair({ ...owner, signatureKeyPair: f.signer });
      });
      await k.withStore(ctx, async (store) => {
        expect(await store.count()).toBe(f.all.length - 1);
        expect(await store.get(f.ordinary[0]!.ref)).toBe(undefined);
        for (const b of f.all.slice(1)) expectSame(await store.get(b.ref), b);
        const pair = await store.getSignatureKeyPair(owner);
        expect(pair === undefined ? undefined : toHex(pair.privateKey)).toBe(toHex(f.signer.privateKey));
      });
    },
    "a closed store refuses every operation with STORE_CLOSED; close is idempotent": async () => {
      const f = await k.fixtures();
      const store = await k.opts.open(k.ctxFor("closed"));
      const [a, b] = f.ordinary;
      await store.putMany(f.ordinary);
      const held = await store.reserve(b!.ref);
      await store.close();
      await store.close();
      const owner = { credential: f.credential, cipherSuite: k.suiteId };
      const calls: (() => Promise<unknown>)[] = [
        () => store.put(b!),
        () => store.putMany([b!]),
        () => store.get(a!.ref),
        () => store.take(a!.ref),
        () => store.delete(a!.ref),
        () => collect(store.list()),
        () => store.count(),
        () => store.pruneExpired(T0),
        () => store.reserve(a!.ref),
        () => store.status(a!.ref),
        () => held!.commit(),
        () => held!.release(),
        () => store.putSignatureKeyPair({ ...owner, signatureKeyPair: f.signer }),
        () => store.getSignatureKeyPair(owner),
        () => store.deleteSignatureKeyPair(owner),
        () => store.rekey(randomKey()),
      ];
      for (const call of calls) expectCode(await caught(call), KeyStoreErrorCode.closed);
    },
    "wrong argument types are TypeError or RangeError": () =>
      k.withStore(k.ctxFor("arguments"), async (store) => {
        const ref = new Uint8Array(32);
        const bad: [() => unknown, string][] = [
          [() => store.put({} as never), "TypeError"],
          [() => store.put(null as never), "TypeError"],
          [() => store.putMany("x" as never), "TypeError"],
          [() => store.get("ab" as never), "TypeError"],
          [() => store.get(new Uint8Array(0)), "RangeError"],
          [() => store.take([1, 2] as never), "TypeError"],
          [() => store.delete(undefined as never), "TypeError"],
          [() => store.count({ cipherSuite: "1" } as never), "TypeError"],
          [() => store.count({ signatureKey: "ab" } as never), "TypeError"],
          [() => store.count({ validAt: 5 } as never), "TypeError"],
          [() => store.pruneExpired(-1n), "RangeError"],
          [() => store.reserve("ab" as never), "TypeError"],
          [() => store.reserve(new Uint8Array(0)), "RangeError"],
          [() => store.reserve(ref, { leaseSeconds: "60" } as never), "TypeError"],
          [() => store.reserve(ref, { leaseSeconds: 0 }), "RangeError"],
          [() => store.reserve(ref, { leaseSeconds: 1.5 }), "RangeError"],
          [() => store.reserve(ref, { leaseSeconds: -5 }), "RangeError"],
          [() => store.reserve(ref, null as never), "TypeError"],
          [() => store.status("ab" as never), "TypeError"],
          [() => store.status(new Uint8Array(0)), "RangeError"],
          [() => store.getSignatureKeyPair({ credential: null, cipherSuite: 1 } as never), "TypeError"],
          [() => store.rekey(new Uint8Array(16)), "RangeError"],
          [() => store.rekey("key" as never), "TypeError"],
        ];
        for (const [call, name] of bad) {
          const e = await caught(async () => call());
          expect(e instanceof Error ? e.name : String(e)).toBe(name);
        }
      }),
    ...(corrupt === undefined
      ? {}
      : {
          "a corrupted record gives STORE_CORRUPT_RECORD naming the ref; the rest stays readable":
            async () => {
              const f = await k.fixtures();
              const ctx = k.ctxFor("corrupt");
              const victim = f.ordinary[1]!;
              await k.withStore(ctx, (store) => store.putMany(f.all));
              await corrupt(ctx.location, victim.ref);
              await k.withStore(ctx, async (store) => {
                for (const call of [
                  () => store.get(victim.ref),
                  () => store.take(victim.ref),
                  () => store.reserve(victim.ref),
                  // the failed reserve left no lease: the record is still reported, not hidden
                  () => store.reserve(victim.ref),
                ]) {
                  const e = await caught(call);
                  expectCode(e, KeyStoreErrorCode.corruptRecord);
                  expect((e as MlsError).details.ref).toBe(toHex(victim.ref));
                  expect((e as Error).message.includes(toHex(victim.ref))).toBe(true);
                }
                for (const b of f.all) if (b !== victim) expectSame(await store.get(b.ref), b);
                expect(await store.count()).toBe(f.all.length);
                expect((await collect(store.list())).length).toBe(f.all.length);
                expect(await store.delete(victim.ref)).toBe(true);
                expectSame(await store.take(f.ordinary[0]!.ref), f.ordinary[0]!);
              });
            },
        }),
    [`many records (${many}): putMany, count, list, get, take, reopen`]: async () => {
      const f = await k.fixtures();
      const kpBytes = encodeKeyPackage(f.ordinary[0]!.keyPackage);
      const synthetic: KeyPackageBundle[] = [];
      for (let i = 0; i < many; i++) {
        const ref = randomKey();
        // distinct by construction: the index in the last four bytes
        new DataView(ref.buffer).setUint32(28, i);
        synthetic.push(
          restoreKeyPackageBundle({
            keyPackage: kpBytes,
            ref,
            initPrivateKey: randomKey(),
            encryptionPrivateKey: randomKey(),
          }),
        );
      }
      const ctx = k.ctxFor("many");
      await k.withStore(ctx, async (store) => {
        const chunk = 2000;
        for (let i = 0; i < synthetic.length; i += chunk) await store.putMany(synthetic.slice(i, i + chunk));
        expect(await store.count()).toBe(many);
        const listed = await collect(store.list());
        expect(listed.length).toBe(many);
        for (let i = 1; i < listed.length; i++) {
          if (compareBytes(listed[i - 1]!.ref, listed[i]!.ref) >= 0) expect("list order").toBe("ascending");
        }
        for (let i = 0; i < many; i += Math.max(1, Math.floor(many / 25))) {
          expectSame(await store.get(synthetic[i]!.ref), synthetic[i]!);
        }
        const takes = await Promise.all(synthetic.slice(0, 10).map((b) => store.take(b.ref)));
        expect(takes.filter((t) => t !== undefined).length).toBe(10);
        expect(await store.count()).toBe(many - 10);
      });
      await k.withStore(ctx, async (store) => {
        expect(await store.count()).toBe(many - 10);
        expectSame(await store.get(synthetic[many - 1]!.ref), synthetic[many - 1]!);
      });
    },
  };
}
