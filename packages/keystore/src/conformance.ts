/**
 * @module conformance
 * A conformance kit for `KeyPackageStore` implementations. It registers tests through the
 * `describe` / `it` / `expect` it is given (vitest's, or any runner's with the same shape), so this
 * package never imports a test runner, and it makes its key packages with the `CryptoProvider` it
 * is given, so it never imports a crypto implementation.
 *
 * What it checks, with encryption off and on: put/get round trips, replacement, independence from
 * the caller's bundle, take-once, last resort kept by take, delete, list summaries (public fields
 * only, ref order), count/list filters (suite, last resort, validity time, signature key), pruning,
 * reservations (hidden while reserved, commit, release, last resort, lease expiry by the injected
 * clock, a stale reservation's commit refused, repeated calls, pruning and reopening with a lease,
 * concurrent reserves and takes with one winner), the `status` probe (available, reserved,
 * consumed through take and commit, never for last resort, unknown; an expired lease is available;
 * delete leaves no tombstone, put revives a consumed ref, pruning drops old tombstones; tombstones
 * survive reopening, are seen by a second instance and through rekey),
 * the store clock, concurrent takes of one ref from one and from two store instances (exactly one
 * winner), signature key pairs, the largest key package and signature key pair the provider makes
 * (post-quantum suites: about 15 KB with ML-KEM-1024 and ML-DSA-87), reopening after close, closed-store errors, argument checks, a
 * corrupted record (when the implementer provides a way to corrupt one), and many records (10,000
 * by default). For encryption: reopening with the key, a wrong key refused without changes, a
 * missing key, an unencrypted store opened with a key, rekey to a new key and back to none.
 *
 * The many-records test builds its bundles cheaply: one real key package's bytes with distinct
 * synthetic refs and random private keys (stores do not recompute refs), so 10,000 bundles cost
 * no signing.
 */
import { bytesEqual, toHex } from "@mlskit/codec";
import { basicCredential, type Credential } from "@mlskit/credentials";
import { type CryptoProvider, cipherSuiteInfo } from "@mlskit/crypto-provider";
import { MlsError } from "@mlskit/errors";
import {
  createKeyPackages,
  encodeKeyPackage,
  type KeyPackageBundle,
  restoreKeyPackageBundle,
} from "@mlskit/key-packages";
import { compareBytes } from "./backend.js";
import { KeyStoreErrorCode } from "./errors.js";
import type { KeyPackageStore, KeyPackageSummary } from "./key-package-store.js";

/**
 * The assertions the kit uses; vitest's and jest's `expect(...)` results satisfy it.
 *
 * @example
 * ```ts
 * const a: KeyStoreConformanceAssertion = expect(1);
 * a.toBe(1);
 * ```
 */
export interface KeyStoreConformanceAssertion {
  /** Strict (`Object.is`) equality. */
  toBe(expected: unknown): void;
  /** Deep equality. */
  toEqual(expected: unknown): void;
}

/**
 * The test-runner functions the kit registers its tests with (vitest's shape).
 *
 * @example
 * ```ts
 * import { describe, expect, it } from "vitest";
 * const api: KeyStoreConformanceTestApi = { describe, it, expect };
 * ```
 */
export interface KeyStoreConformanceTestApi {
  /** Group tests. */
  describe(name: string, fn: () => void): unknown;
  /** Register one test; `timeout` in milliseconds. */
  it(name: string, fn: () => Promise<void>, timeout?: number): unknown;
  /** Start an assertion. */
  expect(actual: unknown): KeyStoreConformanceAssertion;
}

/**
 * What the kit passes to {@link KeyStoreConformanceOptions.open}.
 *
 * @example
 * ```ts
 * open: (ctx) => openSqliteKeyStore({ path: join(dir, `${ctx.location}.db`), ...ctx })
 * ```
 */
export interface KeyStoreOpenContext {
  /**
   * A name unique to one test (`[a-z0-9-]`). Opening the same location again — after `close()`,
   * or while another instance is open — must reach the same stored data; a new location starts empty.
   */
  readonly location: string;
  /** Pass through as the store's `encryptionKey` (absent: unencrypted). */
  readonly encryptionKey?: Uint8Array;
  /** Pass through as the store's clock (`now` option). */
  readonly now?: () => bigint;
}

/**
 * Options of {@link runKeyStoreConformance}.
 *
 * @example
 * ```ts
 * const opts: KeyStoreConformanceOptions = {
 *   name: "sqlite",
 *   provider: nobleCryptoProvider,
 *   open: (ctx) => openSqliteKeyStore({ path: join(dir, `${ctx.location}.db`), ...ctx }),
 * };
 * ```
 */
export interface KeyStoreConformanceOptions {
  /** Shown in the test names. */
  readonly name: string;
  /** Makes the kit's key packages (must support `cipherSuite` and one other suite for filters). */
  readonly provider: CryptoProvider;
  /** Open (or reopen) the store at `ctx.location`, forwarding `encryptionKey` and `now`. */
  open(ctx: KeyStoreOpenContext): Promise<KeyPackageStore>;
  /**
   * Damage the stored record of `ref` at `location` (e.g. flip a byte of the record or truncate
   * it) while no store is open there. Without it the corrupted-record test is not registered.
   */
  corruptKeyPackage?(location: string, ref: Uint8Array): Promise<void>;
  /** Number of records of the many-records test. Default 10,000. */
  readonly manyRecords?: number;
  /** The main cipher suite. Default 1. */
  readonly cipherSuite?: number;
  /** Timeout of each test in ms. Default 120,000. */
  readonly timeout?: number;
}

const T0 = 1_700_000_000n;

interface Fixtures {
  credential: Credential;
  /** 3 ordinary bundles valid over [T0, T0+1000]. */
  ordinary: KeyPackageBundle[];
  /** last resort, valid over [T0, T0+1000]. */
  lastResort: KeyPackageBundle;
  /** 2 bundles expired at T0 (notAfter = T0-1000). */
  expired: KeyPackageBundle[];
  /** 1 bundle valid later: [T0+2000, T0+3000]. */
  future: KeyPackageBundle;
  /** 1 bundle of another signer. */
  otherSigner: KeyPackageBundle;
  /** 1 bundle of another cipher suite. */
  otherSuite: KeyPackageBundle;
  otherSuiteId: number;
  signer: { publicKey: Uint8Array; privateKey: Uint8Array };
  all: KeyPackageBundle[];
}

function bundleHex(b: KeyPackageBundle): Record<string, string | boolean> {
  return {
    ref: toHex(b.ref),
    keyPackage: toHex(encodeKeyPackage(b.keyPackage)),
    initPrivateKey: toHex(b.initPrivateKey),
    encryptionPrivateKey: toHex(b.encryptionPrivateKey),
    lastResort: b.lastResort,
  };
}

function randomKey(): Uint8Array {
  const k = new Uint8Array(32);
  globalThis.crypto.getRandomValues(k);
  return k;
}

async function caught(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    if (typeof p === "function") await p();
    else await p;
  } catch (e) {
    return e;
  }
  return undefined;
}

async function collect(it: AsyncIterable<KeyPackageSummary>): Promise<KeyPackageSummary[]> {
  const out: KeyPackageSummary[] = [];
  for await (const s of it) out.push(s);
  return out;
}

/**
 * Register the key store conformance tests.
 *
 * @param api - the runner's `describe`, `it` and `expect`
 * @param opts - how to open the store under test, and the provider for key packages
 * @example
 * ```ts
 * import { describe, expect, it } from "vitest";
 * import { nobleCryptoProvider } from "@mlskit/crypto-provider-noble";
 * import { runKeyStoreConformance } from "@mlskit/keystore/testing";
 * import { createMemoryKeyStore, createMemoryKeyStoreBackend } from "@mlskit/keystore-memory";
 *
 * const backends = new Map();
 * runKeyStoreConformance({ describe, it, expect }, {
 *   name: "memory",
 *   provider: nobleCryptoProvider,
 *   open: ({ location, ...opts }) => {
 *     if (!backends.has(location)) backends.set(location, createMemoryKeyStoreBackend());
 *     return createMemoryKeyStore({ ...opts, backend: backends.get(location) });
 *   },
 * });
 * ```
 */
export function runKeyStoreConformance(
  api: KeyStoreConformanceTestApi,
  opts: KeyStoreConformanceOptions,
): void {
  const { describe, it, expect } = api;
  const suiteId = opts.cipherSuite ?? 1;
  const many = opts.manyRecords ?? 10_000;
  const timeout = opts.timeout ?? 120_000;
  let counter = 0;
  const newLocation = (tag: string): string => `ks-${++counter}-${tag}`;

  let fixtures: Promise<Fixtures> | undefined;
  const getFixtures = (): Promise<Fixtures> => {
    fixtures ??= (async () => {
      const provider = opts.provider;
      const suite = await provider.getCipherSuite(suiteId);
      const signer = await suite.signature.generateKeyPair();
      const credential = basicCredential("conformance-alice@example.com");
      const base = { provider, cipherSuite: suiteId, credential, signatureKeyPair: signer, grease: false };
      const during = { notBefore: T0, notAfter: T0 + 1000n };
      const ordinary = await createKeyPackages({ ...base, lifetime: during, count: 3 });
      const [lastResort] = await createKeyPackages({ ...base, lifetime: during, lastResort: true, count: 1 });
      const expired = await createKeyPackages({
        ...base,
        lifetime: { notBefore: T0 - 2000n, notAfter: T0 - 1000n },
        count: 2,
      });
      const [future] = await createKeyPackages({
        ...base,
        lifetime: { notBefore: T0 + 2000n, notAfter: T0 + 3000n },
        count: 1,
      });
      const other = await suite.signature.generateKeyPair();
      const [otherSigner] = await createKeyPackages({
        ...base,
        credential: basicCredential("conformance-bob@example.com"),
        signatureKeyPair: other,
        lifetime: during,
        count: 1,
      });
      const otherSuiteId = provider.supportedCipherSuites().find((s) => s !== suiteId);
      if (otherSuiteId === undefined) throw new Error("the conformance kit needs a provider with two suites");
      const otherSuiteImpl = await provider.getCipherSuite(otherSuiteId);
      const [otherSuite] = await createKeyPackages({
        ...base,
        cipherSuite: otherSuiteId,
        signatureKeyPair: await otherSuiteImpl.signature.generateKeyPair(),
        lifetime: during,
        count: 1,
      });
      const f = {
        credential,
        ordinary,
        lastResort: lastResort!,
        expired,
        future: future!,
        otherSigner: otherSigner!,
        otherSuite: otherSuite!,
        otherSuiteId,
        signer,
      };
      return {
        ...f,
        all: [...ordinary, f.lastResort, ...expired, f.future, f.otherSigner, f.otherSuite],
      };
    })();
    return fixtures;
  };

  // The provider's suite with the most key material in a package (two HPKE keys, the signature
  // key, two signatures), from the registry rows: no size is assumed here.
  let largest:
    | Promise<{ bundle: KeyPackageBundle; signer: { publicKey: Uint8Array; privateKey: Uint8Array } }>
    | undefined;
  const getLargest = () => {
    largest ??= (async () => {
      const weight = (id: number): number => {
        const i = cipherSuiteInfo(id);
        return i === undefined
          ? 0
          : 2 * i.hpkePublicKeySize + i.signaturePublicKeySize + 2 * i.maxSignatureSize;
      };
      const id = [...opts.provider.supportedCipherSuites()].sort((a, b) => weight(b) - weight(a))[0]!;
      const suite = await opts.provider.getCipherSuite(id);
      const signer = await suite.signature.generateKeyPair();
      const [bundle] = await createKeyPackages({
        provider: opts.provider,
        cipherSuite: id,
        credential: basicCredential("conformance-carol@example.com"),
        signatureKeyPair: signer,
        lifetime: { notBefore: T0, notAfter: T0 + 1000n },
        count: 1,
      });
      return { bundle: bundle!, signer };
    })();
    return largest;
  };

  /** Open a store, run `fn`, always close it. */
  const withStore = async <T>(
    ctx: KeyStoreOpenContext,
    fn: (store: KeyPackageStore) => Promise<T>,
  ): Promise<T> => {
    const store = await opts.open(ctx);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };

  const expectCode = (e: unknown, code: string): void => {
    expect(MlsError.is(e) ? e.code : String(e)).toBe(code);
    expect((e as MlsError).category).toBe("storage");
  };

  const expectSame = (actual: KeyPackageBundle | undefined, expected: KeyPackageBundle): void => {
    expect(actual === undefined ? undefined : bundleHex(actual)).toEqual(bundleHex(expected));
  };

  const modes: readonly { label: string; key: () => Uint8Array | undefined }[] = [
    { label: "unencrypted", key: () => undefined },
    { label: "encrypted", key: randomKey },
  ];

  describe(`KeyPackageStore conformance: ${opts.name}`, () => {
    for (const mode of modes) {
      const ctxFor = (tag: string, extra: { now?: () => bigint } = {}): KeyStoreOpenContext => {
        const key = mode.key();
        return { location: newLocation(tag), ...(key === undefined ? {} : { encryptionKey: key }), ...extra };
      };

      describe(mode.label, () => {
        it(
          "put then get returns an equal bundle; unknown refs give undefined",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("roundtrip"), async (store) => {
              expect(store.encrypted).toBe(mode.label === "encrypted");
              for (const b of f.all) await store.put(b);
              for (const b of f.all) expectSame(await store.get(b.ref), b);
              expect(await store.get(new Uint8Array(32).fill(7))).toBe(undefined);
              expect(await store.count()).toBe(f.all.length);
            });
          },
          timeout,
        );

        it(
          "put of an existing ref replaces it; putMany stores all",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("replace"), async (store) => {
              await store.put(f.ordinary[0]!);
              await store.put(f.ordinary[0]!);
              expect(await store.count()).toBe(1);
              await store.putMany(f.ordinary);
              await store.putMany([]);
              expect(await store.count()).toBe(3);
              for (const b of f.ordinary) expectSame(await store.get(b.ref), b);
            });
          },
          timeout,
        );

        it(
          "the stored bundle is a copy: disposing the caller's or a returned bundle changes nothing",
          async () => {
            const f = await getFixtures();
            const provider = opts.provider;
            const [mine] = await createKeyPackages({
              provider,
              cipherSuite: suiteId,
              credential: f.credential,
              signatureKeyPair: f.signer,
              count: 1,
            });
            const expected = bundleHex(mine!);
            await withStore(ctxFor("copy"), async (store) => {
              await store.put(mine!);
              mine!.dispose();
              const got = await store.get(mine!.ref);
              expect(got === undefined ? undefined : bundleHex(got)).toEqual(expected);
              got!.dispose();
              const again = await store.get(mine!.ref);
              expect(again === undefined ? undefined : bundleHex(again)).toEqual(expected);
            });
          },
          timeout,
        );

        it(
          "take returns the bundle once and removes it",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("take"), async (store) => {
              await store.putMany(f.ordinary);
              const [a, b] = f.ordinary;
              expectSame(await store.take(a!.ref), a!);
              expect(await store.take(a!.ref)).toBe(undefined);
              expect(await store.get(a!.ref)).toBe(undefined);
              expectSame(await store.get(b!.ref), b!);
              expect(await store.count()).toBe(2);
              expect(await store.take(new Uint8Array(32).fill(1))).toBe(undefined);
            });
          },
          timeout,
        );

        it(
          "take keeps a last-resort bundle; delete removes it",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("last-resort"), async (store) => {
              await store.put(f.lastResort);
              expectSame(await store.take(f.lastResort.ref), f.lastResort);
              expectSame(await store.take(f.lastResort.ref), f.lastResort);
              expect(await store.count({ lastResort: true })).toBe(1);
              expect(await store.delete(f.lastResort.ref)).toBe(true);
              expect(await store.take(f.lastResort.ref)).toBe(undefined);
            });
          },
          timeout,
        );

        it(
          "delete reports whether it removed something",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("delete"), async (store) => {
              await store.put(f.ordinary[0]!);
              expect(await store.delete(f.ordinary[0]!.ref)).toBe(true);
              expect(await store.delete(f.ordinary[0]!.ref)).toBe(false);
              expect(await store.count()).toBe(0);
            });
          },
          timeout,
        );

        it(
          "list yields public summaries of every package in ascending ref order",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("list", { now: () => T0 + 5n }), async (store) => {
              await store.putMany(f.all);
              const listed = await collect(store.list());
              const sorted = [...f.all].sort((x, y) => compareBytes(x.ref, y.ref));
              expect(listed.map((s) => toHex(s.ref))).toEqual(sorted.map((b) => toHex(b.ref)));
              for (const s of listed) {
                expect(Object.keys(s).sort()).toEqual(
                  [
                    "cipherSuite",
                    "createdAt",
                    "lastResort",
                    "notAfter",
                    "notBefore",
                    "ref",
                    "signatureKey",
                  ].sort(),
                );
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
            });
          },
          timeout,
        );

        it(
          "count and list honour every filter field",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("filters"), async (store) => {
              await store.putMany(f.all);
              const refsOf = async (filter: Parameters<KeyPackageStore["list"]>[0]) =>
                (await collect(store.list(filter))).map((s) => toHex(s.ref)).sort();
              const hex = (bs: KeyPackageBundle[]) => bs.map((b) => toHex(b.ref)).sort();
              const cases: [Parameters<KeyPackageStore["list"]>[0], KeyPackageBundle[]][] = [
                [{}, f.all],
                [{ cipherSuite: suiteId }, f.all.filter((b) => b !== f.otherSuite)],
                [{ cipherSuite: f.otherSuiteId }, [f.otherSuite]],
                [{ cipherSuite: 0x0a0a }, []],
                [{ lastResort: true }, [f.lastResort]],
                [{ lastResort: false }, f.all.filter((b) => b !== f.lastResort)],
                [{ validAt: T0 + 500n }, [...f.ordinary, f.lastResort, f.otherSigner, f.otherSuite]],
                [{ validAt: T0 }, [...f.ordinary, f.lastResort, f.otherSigner, f.otherSuite]],
                [{ validAt: T0 + 1000n }, [...f.ordinary, f.lastResort, f.otherSigner, f.otherSuite]],
                [{ validAt: T0 - 1500n }, f.expired],
                [{ validAt: new Date(Number(T0 + 2500n) * 1000) }, [f.future]],
                [{ validAt: T0 + 1500n }, []],
                [
                  { signatureKey: f.signer.publicKey },
                  f.all.filter((b) => b !== f.otherSigner && b !== f.otherSuite),
                ],
                [{ signatureKey: f.otherSigner.keyPackage.leafNode.signatureKey }, [f.otherSigner]],
                [
                  { validAt: T0 + 1n, cipherSuite: suiteId, lastResort: false },
                  [...f.ordinary, f.otherSigner],
                ],
              ];
              for (const [filter, want] of cases) {
                expect(await refsOf(filter)).toEqual(hex(want));
                expect(await store.count(filter)).toBe(want.length);
              }
            });
          },
          timeout,
        );

        it(
          "pruneExpired removes exactly the expired packages, last resort included, using the store clock by default",
          async () => {
            const f = await getFixtures();
            let clock = T0;
            await withStore(ctxFor("prune", { now: () => clock }), async (store) => {
              await store.putMany(f.all);
              expect(await store.pruneExpired()).toBe(f.expired.length);
              for (const b of f.expired) expect(await store.get(b.ref)).toBe(undefined);
              expect(await store.pruneExpired(T0)).toBe(0);
              clock = T0 + 1001n;
              // now ordinary, last resort, other signer and other suite are expired; `future` is not
              expect(await store.pruneExpired()).toBe(f.all.length - f.expired.length - 1);
              expect((await collect(store.list())).map((s) => toHex(s.ref))).toEqual([toHex(f.future.ref)]);
              expect(await store.pruneExpired(new Date(Number(T0 + 3001n) * 1000))).toBe(1);
              expect(await store.count()).toBe(0);
            });
          },
          timeout,
        );

        it(
          "concurrent takes of one ref: exactly one winner, within one store and across two instances",
          async () => {
            const f = await getFixtures();
            const ctx = ctxFor("race");
            const first = await opts.open(ctx);
            try {
              await first.putMany(f.ordinary);
              const [a, b] = f.ordinary;
              const results = await Promise.all(Array.from({ length: 16 }, () => first.take(a!.ref)));
              expect(results.filter((r) => r !== undefined).length).toBe(1);
              expectSame(
                results.find((r) => r !== undefined),
                a!,
              );
              const second = await opts.open(ctx);
              try {
                const both = await Promise.all(
                  Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? first : second).take(b!.ref)),
                );
                expect(both.filter((r) => r !== undefined).length).toBe(1);
                expect(await second.count()).toBe(1);
              } finally {
                await second.close();
              }
              const lastResortTakes = await Promise.all([first.put(f.lastResort)]).then(() =>
                Promise.all(Array.from({ length: 8 }, () => first.take(f.lastResort.ref))),
              );
              expect(lastResortTakes.filter((r) => r !== undefined).length).toBe(8);
            } finally {
              await first.close();
            }
          },
          timeout,
        );

        it(
          "reserve hides the package from get, take, reserve, list and count; commit removes it",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("reserve-commit", { now: () => T0 }), async (store) => {
              await store.putMany(f.ordinary);
              const [a, b] = f.ordinary;
              const r = await store.reserve(a!.ref);
              expectSame(r?.bundle, a!);
              expect(r === undefined ? undefined : toHex(r.ref)).toBe(toHex(a!.ref));
              expect(r?.expiresAt).toBe(T0 + 300n);
              expect(await store.get(a!.ref)).toBe(undefined);
              expect(await store.take(a!.ref)).toBe(undefined);
              expect(await store.reserve(a!.ref)).toBe(undefined);
              expect((await collect(store.list())).map((s) => toHex(s.ref)).includes(toHex(a!.ref))).toBe(
                false,
              );
              expect(await store.count()).toBe(2);
              expect(await store.count({ validAt: T0 })).toBe(2);
              expectSame(await store.get(b!.ref), b!);
              await r!.commit();
              expect(await store.get(a!.ref)).toBe(undefined);
              expect(await store.reserve(a!.ref)).toBe(undefined);
              expect(await store.delete(a!.ref)).toBe(false);
              expect(await store.count()).toBe(2);
              expect(await store.reserve(new Uint8Array(32).fill(3))).toBe(undefined);
            });
          },
          timeout,
        );

        it(
          "release gives the package back untouched; a put of a reserved ref keeps it reserved",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("reserve-release", { now: () => T0 }), async (store) => {
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
              expect((await collect(store.list({ validAt: T0 }))).length).toBe(3);
              const again = await store.reserve(a.ref);
              expectSame(again?.bundle, a);
              await again!.release();
              expectSame(await store.take(a.ref), a);
              expect(await store.get(a.ref)).toBe(undefined);
            });
          },
          timeout,
        );

        it(
          "a last-resort package stays after commit and comes back after release",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("reserve-last-resort", { now: () => T0 }), async (store) => {
              await store.put(f.lastResort);
              const r = await store.reserve(f.lastResort.ref);
              expectSame(r?.bundle, f.lastResort);
              expect(await store.take(f.lastResort.ref)).toBe(undefined);
              expect(await store.count({ lastResort: true })).toBe(0);
              await r!.commit();
              expectSame(await store.get(f.lastResort.ref), f.lastResort);
              expect(await store.count({ lastResort: true })).toBe(1);
              const again = await store.reserve(f.lastResort.ref);
              expect(await store.get(f.lastResort.ref)).toBe(undefined);
              await again!.release();
              expectSame(await store.take(f.lastResort.ref), f.lastResort);
              expectSame(await store.take(f.lastResort.ref), f.lastResort);
            });
          },
          timeout,
        );

        it(
          "an expired lease makes the package takeable again; the stale reservation's commit fails with STORE_RESERVATION_LOST and consumes nothing",
          async () => {
            const f = await getFixtures();
            let clock = T0;
            await withStore(ctxFor("reserve-expiry", { now: () => clock }), async (store) => {
              await store.putMany([...f.ordinary, f.lastResort]);
              const [a, b, c] = f.ordinary;
              const stale = await store.reserve(a!.ref, { leaseSeconds: 10 });
              clock = T0 + 9n;
              expect(await store.get(a!.ref)).toBe(undefined);
              clock = T0 + 10n; // the lease ends at T0 + 10
              expectSame(await store.get(a!.ref), a!);
              expect(await store.count()).toBe(4);
              // someone else reserves it now; the stale commit must not consume their reservation
              const fresh = await store.reserve(a!.ref, { leaseSeconds: 10 });
              expectSame(fresh?.bundle, a!);
              expectCode(await caught(stale!.commit()), KeyStoreErrorCode.reservationLost);
              expectCode(await caught(stale!.commit()), KeyStoreErrorCode.reservationLost);
              await stale!.release(); // nothing to give back: the fresh reservation still holds it
              expect(await store.get(a!.ref)).toBe(undefined);
              await fresh!.commit();
              expect(await store.get(a!.ref)).toBe(undefined);

              // expired and taken by another: lost too
              const lost = await store.reserve(b!.ref, { leaseSeconds: 10 });
              clock += 10n;
              expectSame(await store.take(b!.ref), b!);
              const e = await caught(lost!.commit());
              expectCode(e, KeyStoreErrorCode.reservationLost);
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
              expectCode(await caught(lr!.commit()), KeyStoreErrorCode.reservationLost);
              await lr2!.commit();
              expectSame(await store.get(f.lastResort.ref), f.lastResort);
            });
          },
          timeout,
        );

        it(
          "commit and release are safe to repeat; commit after release is STORE_RESERVATION_RELEASED; delete ends a reservation",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("reserve-repeat", { now: () => T0 }), async (store) => {
              await store.putMany(f.ordinary);
              const [a, b, c] = f.ordinary;
              const r = await store.reserve(a!.ref);
              await Promise.all([r!.commit(), r!.commit()]);
              await r!.commit();
              await r!.release();
              expect(await store.get(a!.ref)).toBe(undefined);

              const s = await store.reserve(b!.ref);
              await Promise.all([s!.release(), s!.release()]);
              expectCode(await caught(s!.commit()), KeyStoreErrorCode.reservationReleased);
              expectSame(await store.get(b!.ref), b!);

              const t = await store.reserve(c!.ref);
              expect(await store.delete(c!.ref)).toBe(true);
              expectCode(await caught(t!.commit()), KeyStoreErrorCode.reservationLost);
              await t!.release();
              expect(await store.count()).toBe(1);
              expect(JSON.stringify(s).includes(toHex(b!.initPrivateKey))).toBe(false);
            });
          },
          timeout,
        );

        it(
          "pruneExpired leaves a reserved package alone while its lease lives",
          async () => {
            const f = await getFixtures();
            let clock = T0;
            await withStore(ctxFor("reserve-prune", { now: () => clock }), async (store) => {
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
              expectCode(await caught(again!.commit()), KeyStoreErrorCode.reservationLost);
              expect(await store.get(y!.ref)).toBe(undefined);
              expect(await store.count()).toBe(0);
            });
          },
          timeout,
        );

        it(
          "a reservation survives closing the store (as a crash would leave it) until its lease expires",
          async () => {
            const f = await getFixtures();
            let clock = T0;
            const ctx = ctxFor("reserve-reopen", { now: () => clock });
            await withStore(ctx, async (store) => {
              await store.putMany(f.ordinary);
              // reserved and never committed nor released: the process "dies" with it
              expect((await store.reserve(f.ordinary[0]!.ref, { leaseSeconds: 300 })) !== undefined).toBe(
                true,
              );
            });
            await withStore(ctx, async (store) => {
              expect(await store.get(f.ordinary[0]!.ref)).toBe(undefined);
              expect(await store.take(f.ordinary[0]!.ref)).toBe(undefined);
              expect(await store.count()).toBe(2);
              clock = T0 + 300n;
              expect(await store.count()).toBe(3);
              expectSame(await store.take(f.ordinary[0]!.ref), f.ordinary[0]!);
            });
          },
          timeout,
        );

        it(
          "concurrent reserves and takes of one ref: exactly one winner, within one store and across two instances",
          async () => {
            const f = await getFixtures();
            const ctx = ctxFor("reserve-race");
            const first = await opts.open(ctx);
            try {
              await first.putMany([...f.ordinary, f.lastResort]);
              const [a, b, c] = f.ordinary;
              const reserves = await Promise.all(Array.from({ length: 16 }, () => first.reserve(a!.ref)));
              expect(reserves.filter((r) => r !== undefined).length).toBe(1);
              const second = await opts.open(ctx);
              try {
                const mixed = await Promise.all(
                  Array.from({ length: 16 }, (_, i) => {
                    const s = i % 2 === 0 ? first : second;
                    return i % 4 < 2 ? s.reserve(b!.ref) : s.take(b!.ref);
                  }),
                );
                expect(mixed.filter((r) => r !== undefined).length).toBe(1);
                const across = await Promise.all(
                  Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? first : second).reserve(c!.ref)),
                );
                const winner = across.filter((r) => r !== undefined);
                expect(winner.length).toBe(1);
                await winner[0]!.commit();
                expect(await second.get(c!.ref)).toBe(undefined);
                // a last-resort package is taken by everyone, but reserved by one
                const lr = await Promise.all(
                  Array.from({ length: 8 }, (_, i) =>
                    (i % 2 === 0 ? first : second).reserve(f.lastResort.ref),
                  ),
                );
                expect(lr.filter((r) => r !== undefined).length).toBe(1);
              } finally {
                await second.close();
              }
            } finally {
              await first.close();
            }
          },
          timeout,
        );

        it(
          "status: available → reserved → released → available; reserved → committed → consumed; take → consumed; unknown refs",
          async () => {
            const f = await getFixtures();
            await withStore(ctxFor("status", { now: () => T0 }), async (store) => {
              await store.putMany(f.ordinary);
              const [a, b, c] = f.ordinary;
              const unknown = new Uint8Array(32).fill(7);
              expect(await store.status(unknown)).toBe("unknown");
              expect(await store.status(a!.ref)).toBe("available");
              const r = await store.reserve(a!.ref);
              expect(await store.status(a!.ref)).toBe("reserved");
              await r!.release();
              expect(await store.status(a!.ref)).toBe("available");
              expectSame(await store.get(a!.ref), a!);
              const s = await store.reserve(a!.ref);
              expect(await store.status(a!.ref)).toBe("reserved");
              await s!.commit();
              expect(await store.status(a!.ref)).toBe("consumed");
              expect(await store.get(a!.ref)).toBe(undefined);
              expect(await store.reserve(a!.ref)).toBe(undefined);
              expectSame(await store.take(b!.ref), b!);
              expect(await store.status(b!.ref)).toBe("consumed");
              expect(await store.take(b!.ref)).toBe(undefined);
              expect(await store.status(b!.ref)).toBe("consumed");
              // a tombstone is not a package: not listed, not counted, not deleted
              expect(await store.count()).toBe(1);
              expect((await collect(store.list())).map((x) => toHex(x.ref))).toEqual([toHex(c!.ref)]);
              expect(await store.delete(b!.ref)).toBe(false);
              expect(await store.status(b!.ref)).toBe("consumed");
              // the status probe consumes and reserves nothing
              expect(await store.status(c!.ref)).toBe("available");
              expectSame(await store.get(c!.ref), c!);
              expect(await store.status(unknown)).toBe("unknown");
            });
          },
          timeout,
        );

        it(
          "status: a last-resort package is never consumed; an expired lease is available; delete leaves no tombstone; put revives a consumed ref",
          async () => {
            const f = await getFixtures();
            let clock = T0;
            await withStore(ctxFor("status-more", { now: () => clock }), async (store) => {
              await store.putMany([...f.ordinary, f.lastResort]);
              const [a, b, c] = f.ordinary;
              const lr = f.lastResort.ref;
              expectSame(await store.take(lr), f.lastResort);
              expect(await store.status(lr)).toBe("available");
              const r = await store.reserve(lr);
              expect(await store.status(lr)).toBe("reserved");
              await r!.commit();
              expect(await store.status(lr)).toBe("available");

              const stale = await store.reserve(a!.ref, { leaseSeconds: 10 });
              clock = T0 + 9n;
              expect(await store.status(a!.ref)).toBe("reserved");
              clock = T0 + 10n; // the lease ends at T0 + 10
              expect(await store.status(a!.ref)).toBe("available");
              const fresh = await store.reserve(a!.ref);
              expect(await store.status(a!.ref)).toBe("reserved");
              expectCode(await caught(stale!.commit()), KeyStoreErrorCode.reservationLost);
              expect(await store.status(a!.ref)).toBe("reserved");
              await fresh!.commit();
              expect(await store.status(a!.ref)).toBe("consumed");

              // deleting is not consuming: no tombstone, reserved or not
              expect(await store.delete(b!.ref)).toBe(true);
              expect(await store.status(b!.ref)).toBe("unknown");
              const held = await store.reserve(c!.ref);
              expect(await store.delete(c!.ref)).toBe(true);
              expect(await store.status(c!.ref)).toBe("unknown");
              expectCode(await caught(held!.commit()), KeyStoreErrorCode.reservationLost);
              expect(await store.status(c!.ref)).toBe("unknown");

              // put of a consumed ref replaces the tombstone: available again
              await store.put(a!);
              expect(await store.status(a!.ref)).toBe("available");
              expectSame(await store.take(a!.ref), a!);
              expect(await store.status(a!.ref)).toBe("consumed");
              await store.putMany([a!]);
              expect(await store.status(a!.ref)).toBe("available");
              expectSame(await store.get(a!.ref), a!);
            });
          },
          timeout,
        );

        it(
          "pruneExpired removes tombstones whose notAfter has passed, and only those; tombstones survive reopening",
          async () => {
            const f = await getFixtures();
            let clock = T0;
            const ctx = ctxFor("status-prune", { now: () => clock });
            const [a, b] = f.ordinary; // notAfter T0 + 1000
            const [x] = f.expired; // notAfter T0 - 1000
            await withStore(ctx, async (store) => {
              await store.putMany([a!, b!, x!]);
              expectSame(await store.take(a!.ref), a!);
              const r = await store.reserve(x!.ref);
              await r!.commit();
              expect(await store.status(x!.ref)).toBe("consumed");
              // x's package had expired: its tombstone goes; a's stays until T0 + 1000 has passed
              expect(await store.pruneExpired()).toBe(0);
              expect(await store.status(x!.ref)).toBe("unknown");
              expect(await store.status(a!.ref)).toBe("consumed");
              expect(await store.pruneExpired(T0 + 1000n)).toBe(0);
              expect(await store.status(a!.ref)).toBe("consumed");
            });
            await withStore(ctx, async (store) => {
              expect(await store.status(a!.ref)).toBe("consumed");
              expect(await store.status(b!.ref)).toBe("available");
              clock = T0 + 1001n;
              expect(await store.pruneExpired()).toBe(1); // b, expired; a's tombstone goes too
              expect(await store.status(a!.ref)).toBe("unknown");
              expect(await store.status(b!.ref)).toBe("unknown");
              expect(await store.count()).toBe(0);
            });
          },
          timeout,
        );

        it(
          "status across two store instances: a reservation and a consumption in one are seen by the other",
          async () => {
            const f = await getFixtures();
            const ctx = ctxFor("status-shared");
            const first = await opts.open(ctx);
            try {
              await first.putMany(f.ordinary);
              const [a, b] = f.ordinary;
              const second = await opts.open(ctx);
              try {
                const r = await first.reserve(a!.ref);
                expect(await second.status(a!.ref)).toBe("reserved");
                expect(await second.reserve(a!.ref)).toBe(undefined);
                await r!.commit();
                expect(await second.status(a!.ref)).toBe("consumed");
                expectSame(await second.take(b!.ref), b!);
                expect(await first.status(b!.ref)).toBe("consumed");
                // of concurrent reserves of one ref, one wins; every loser then sees why
                const c = f.ordinary[2]!;
                const all = await Promise.all(
                  Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? first : second).reserve(c.ref)),
                );
                const winner = all.filter((x) => x !== undefined);
                expect(winner.length).toBe(1);
                expect(await second.status(c.ref)).toBe("reserved");
                await winner[0]!.commit();
                expect(await first.status(c.ref)).toBe("consumed");
              } finally {
                await second.close();
              }
            } finally {
              await first.close();
            }
          },
          timeout,
        );

        it(
          "signature key pairs: put, get, replace, delete, kept apart per credential and suite",
          async () => {
            const f = await getFixtures();
            const suite = await opts.provider.getCipherSuite(suiteId);
            const other = await suite.signature.generateKeyPair();
            const alice = { credential: f.credential, cipherSuite: suiteId };
            const bob = { credential: basicCredential("conformance-bob@example.com"), cipherSuite: suiteId };
            const alice2 = { credential: f.credential, cipherSuite: f.otherSuiteId };
            const hexPair = (p: { publicKey: Uint8Array; privateKey: Uint8Array } | undefined) =>
              p === undefined
                ? undefined
                : { publicKey: toHex(p.publicKey), privateKey: toHex(p.privateKey) };
            await withStore(ctxFor("signature-keys"), async (store) => {
              expect(await store.getSignatureKeyPair(alice)).toBe(undefined);
              await store.putSignatureKeyPair({ ...alice, signatureKeyPair: f.signer });
              await store.putSignatureKeyPair({ ...bob, signatureKeyPair: other });
              expect(hexPair(await store.getSignatureKeyPair(alice))).toEqual(hexPair(f.signer));
              expect(hexPair(await store.getSignatureKeyPair(bob))).toEqual(hexPair(other));
              expect(await store.getSignatureKeyPair(alice2)).toBe(undefined);
              await store.putSignatureKeyPair({ ...alice, signatureKeyPair: other });
              expect(hexPair(await store.getSignatureKeyPair(alice))).toEqual(hexPair(other));
              const got = await store.getSignatureKeyPair(bob);
              got!.privateKey.fill(0);
              expect(hexPair(await store.getSignatureKeyPair(bob))).toEqual(hexPair(other));
              expect(await store.deleteSignatureKeyPair(alice)).toBe(true);
              expect(await store.deleteSignatureKeyPair(alice)).toBe(false);
              expect(await store.getSignatureKeyPair(alice)).toBe(undefined);
              expect(await store.count()).toBe(0);
            });
          },
          timeout,
        );

        it(
          "the largest key package and signature key pair of the provider's suites: stored, listed, reserved, reopened and taken intact",
          async () => {
            const { bundle, signer } = await getLargest();
            const owner = {
              credential: basicCredential("conformance-carol@example.com"),
              cipherSuite: bundle.keyPackage.cipherSuite,
            };
            const ctx = ctxFor("largest", { now: () => T0 });
            await withStore(ctx, async (store) => {
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
            await withStore(ctx, async (store) => {
              const pair = await store.getSignatureKeyPair(owner);
              expect(
                pair === undefined ? undefined : [toHex(pair.publicKey), toHex(pair.privateKey)],
              ).toEqual([toHex(signer.publicKey), toHex(signer.privateKey)]);
              expectSame(await store.take(bundle.ref), bundle);
              expect(await store.count()).toBe(0);
            });
          },
          timeout,
        );

        it(
          "reopening after close keeps key packages and signature key pairs",
          async () => {
            const f = await getFixtures();
            const ctx = ctxFor("reopen");
            await withStore(ctx, async (store) => {
              await store.putMany(f.all);
              await store.take(f.ordinary[0]!.ref);
              await store.putSignatureKeyPair({
                credential: f.credential,
                cipherSuite: suiteId,
                signatureKeyPair: f.signer,
              });
            });
            await withStore(ctx, async (store) => {
              expect(await store.count()).toBe(f.all.length - 1);
              expect(await store.get(f.ordinary[0]!.ref)).toBe(undefined);
              for (const b of f.all.slice(1)) expectSame(await store.get(b.ref), b);
              const pair = await store.getSignatureKeyPair({
                credential: f.credential,
                cipherSuite: suiteId,
              });
              expect(pair === undefined ? undefined : toHex(pair.privateKey)).toBe(
                toHex(f.signer.privateKey),
              );
            });
          },
          timeout,
        );

        it(
          "a closed store refuses every operation with STORE_CLOSED; close is idempotent",
          async () => {
            const f = await getFixtures();
            const store = await opts.open(ctxFor("closed"));
            await store.putMany(f.ordinary);
            const held = await store.reserve(f.ordinary[1]!.ref);
            await store.close();
            await store.close();
            const owner = { credential: f.credential, cipherSuite: suiteId };
            const calls: (() => Promise<unknown>)[] = [
              () => store.put(f.ordinary[1]!),
              () => store.putMany([f.ordinary[1]!]),
              () => store.get(f.ordinary[0]!.ref),
              () => store.take(f.ordinary[0]!.ref),
              () => store.delete(f.ordinary[0]!.ref),
              () => collect(store.list()),
              () => store.count(),
              () => store.pruneExpired(T0),
              () => store.reserve(f.ordinary[0]!.ref),
              () => store.status(f.ordinary[0]!.ref),
              () => held!.commit(),
              () => held!.release(),
              () => store.putSignatureKeyPair({ ...owner, signatureKeyPair: f.signer }),
              () => store.getSignatureKeyPair(owner),
              () => store.deleteSignatureKeyPair(owner),
              () => store.rekey(randomKey()),
            ];
            for (const call of calls) expectCode(await caught(call), KeyStoreErrorCode.closed);
          },
          timeout,
        );

        it(
          "wrong argument types are TypeError or RangeError",
          async () => {
            await withStore(ctxFor("arguments"), async (store) => {
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
                [() => store.reserve(new Uint8Array(32), { leaseSeconds: "60" } as never), "TypeError"],
                [() => store.reserve(new Uint8Array(32), { leaseSeconds: 0 }), "RangeError"],
                [() => store.reserve(new Uint8Array(32), { leaseSeconds: 1.5 }), "RangeError"],
                [() => store.reserve(new Uint8Array(32), { leaseSeconds: -5 }), "RangeError"],
                [() => store.reserve(new Uint8Array(32), null as never), "TypeError"],
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
            });
          },
          timeout,
        );

        const corrupt = opts.corruptKeyPackage;
        if (corrupt !== undefined) {
          it(
            "a corrupted record gives STORE_CORRUPT_RECORD naming the ref; the rest stays readable",
            async () => {
              const f = await getFixtures();
              const ctx = ctxFor("corrupt");
              const victim = f.ordinary[1]!;
              await withStore(ctx, (store) => store.putMany(f.all));
              await corrupt(ctx.location, victim.ref);
              await withStore(ctx, async (store) => {
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
            timeout,
          );
        }

        it(
          `many records (${many}): putMany, count, list, get, take, reopen`,
          async () => {
            const f = await getFixtures();
            const base = f.ordinary[0]!;
            const kpBytes = encodeKeyPackage(base.keyPackage);
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
            const ctx = ctxFor("many");
            await withStore(ctx, async (store) => {
              const chunk = 2000;
              for (let i = 0; i < synthetic.length; i += chunk)
                await store.putMany(synthetic.slice(i, i + chunk));
              expect(await store.count()).toBe(many);
              const listed = await collect(store.list());
              expect(listed.length).toBe(many);
              for (let i = 1; i < listed.length; i++) {
                if (compareBytes(listed[i - 1]!.ref, listed[i]!.ref) >= 0)
                  expect("list order").toBe("ascending");
              }
              for (let i = 0; i < many; i += Math.max(1, Math.floor(many / 25))) {
                expectSame(await store.get(synthetic[i]!.ref), synthetic[i]!);
              }
              const takes = await Promise.all(synthetic.slice(0, 10).map((b) => store.take(b.ref)));
              expect(takes.filter((t) => t !== undefined).length).toBe(10);
              expect(await store.count()).toBe(many - 10);
            });
            await withStore(ctx, async (store) => {
              expect(await store.count()).toBe(many - 10);
              expectSame(await store.get(synthetic[many - 1]!.ref), synthetic[many - 1]!);
            });
          },
          timeout,
        );
      });
    }

    describe("encryption at rest", () => {
      it(
        "an encrypted store reopens with its key and reads everything",
        async () => {
          const f = await getFixtures();
          const key = randomKey();
          const ctx = { location: newLocation("enc-reopen"), encryptionKey: key };
          await withStore(ctx, async (store) => {
            await store.putMany(f.all);
            await store.putSignatureKeyPair({
              credential: f.credential,
              cipherSuite: suiteId,
              signatureKeyPair: f.signer,
            });
          });
          await withStore({ location: ctx.location, encryptionKey: key.slice() }, async (store) => {
            expect(store.encrypted).toBe(true);
            for (const b of f.all) expectSame(await store.get(b.ref), b);
            const pair = await store.getSignatureKeyPair({ credential: f.credential, cipherSuite: suiteId });
            expect(pair === undefined ? undefined : toHex(pair.privateKey)).toBe(toHex(f.signer.privateKey));
          });
        },
        timeout,
      );

      it(
        "a wrong key is refused with STORE_WRONG_ENCRYPTION_KEY and changes nothing; the right key still reads everything",
        async () => {
          const f = await getFixtures();
          const key = randomKey();
          const location = newLocation("enc-wrong");
          await withStore({ location, encryptionKey: key }, (store) => store.putMany(f.all));
          for (let i = 0; i < 3; i++) {
            expectCode(
              await caught(opts.open({ location, encryptionKey: randomKey() })),
              KeyStoreErrorCode.wrongEncryptionKey,
            );
          }
          const flipped = key.slice();
          flipped[31]! ^= 1;
          expectCode(
            await caught(opts.open({ location, encryptionKey: flipped })),
            KeyStoreErrorCode.wrongEncryptionKey,
          );
          await withStore({ location, encryptionKey: key }, async (store) => {
            expect(await store.count()).toBe(f.all.length);
            for (const b of f.all) expectSame(await store.get(b.ref), b);
          });
        },
        timeout,
      );

      it(
        "an encrypted store opened without a key throws STORE_ENCRYPTION_KEY_REQUIRED",
        async () => {
          const f = await getFixtures();
          const key = randomKey();
          const location = newLocation("enc-nokey");
          await withStore({ location, encryptionKey: key }, (store) => store.put(f.ordinary[0]!));
          expectCode(await caught(opts.open({ location })), KeyStoreErrorCode.encryptionKeyRequired);
          await withStore({ location, encryptionKey: key }, async (store) => {
            expectSame(await store.get(f.ordinary[0]!.ref), f.ordinary[0]!);
          });
        },
        timeout,
      );

      it(
        "an unencrypted store with records opened with a key throws STORE_NOT_ENCRYPTED; rekey encrypts it",
        async () => {
          const f = await getFixtures();
          const key = randomKey();
          const location = newLocation("enc-upgrade");
          await withStore({ location }, (store) => store.putMany(f.all));
          expectCode(
            await caught(opts.open({ location, encryptionKey: key })),
            KeyStoreErrorCode.notEncrypted,
          );
          await withStore({ location }, async (store) => {
            await store.rekey(key);
            expect(store.encrypted).toBe(true);
            expectSame(await store.get(f.ordinary[0]!.ref), f.ordinary[0]!);
          });
          expectCode(await caught(opts.open({ location })), KeyStoreErrorCode.encryptionKeyRequired);
          await withStore({ location, encryptionKey: key }, async (store) => {
            for (const b of f.all) expectSame(await store.get(b.ref), b);
          });
        },
        timeout,
      );

      it(
        "rekey re-encrypts everything: the old key is refused, the new key reads all; rekey(null) decrypts",
        async () => {
          const f = await getFixtures();
          const oldKey = randomKey();
          const newKey = randomKey();
          const location = newLocation("enc-rekey");
          const owner = { credential: f.credential, cipherSuite: suiteId };
          const consumed = f.ordinary[0]!;
          const rest = f.all.filter((b) => b !== consumed);
          await withStore({ location, encryptionKey: oldKey }, async (store) => {
            await store.putMany(f.all);
            await store.putSignatureKeyPair({ ...owner, signatureKeyPair: f.signer });
            expectSame(await store.take(consumed.ref), consumed);
            await Promise.all([store.rekey(newKey), store.get(f.all[1]!.ref), store.count()]);
            for (const b of rest) expectSame(await store.get(b.ref), b);
            expect(await store.status(consumed.ref)).toBe("consumed");
          });
          expectCode(
            await caught(opts.open({ location, encryptionKey: oldKey })),
            KeyStoreErrorCode.wrongEncryptionKey,
          );
          await withStore({ location, encryptionKey: newKey }, async (store) => {
            for (const b of rest) expectSame(await store.get(b.ref), b);
            const pair = await store.getSignatureKeyPair(owner);
            expect(pair === undefined ? undefined : toHex(pair.privateKey)).toBe(toHex(f.signer.privateKey));
            await store.rekey(null);
            expect(store.encrypted).toBe(false);
          });
          await withStore({ location }, async (store) => {
            expect(store.encrypted).toBe(false);
            expect(await store.status(consumed.ref)).toBe("consumed");
            for (const b of rest) expectSame(await store.get(b.ref), b);
            const pair = await store.getSignatureKeyPair(owner);
            expect(pair === undefined ? undefined : toHex(pair.privateKey)).toBe(toHex(f.signer.privateKey));
          });
        },
        timeout,
      );

      it(
        "tombstones hold no secret: an unencrypted store left with only tombstones can be opened with a key, and keeps them",
        async () => {
          const f = await getFixtures();
          const key = randomKey();
          const location = newLocation("enc-tombstones");
          const [a] = f.ordinary;
          await withStore({ location }, async (store) => {
            await store.put(a!);
            expectSame(await store.take(a!.ref), a!);
          });
          await withStore({ location, encryptionKey: key }, async (store) => {
            expect(store.encrypted).toBe(true);
            expect(await store.status(a!.ref)).toBe("consumed");
            await store.put(a!);
            expect(await store.status(a!.ref)).toBe("available");
            expectSame(await store.take(a!.ref), a!);
          });
          expectCode(await caught(opts.open({ location })), KeyStoreErrorCode.encryptionKeyRequired);
        },
        timeout,
      );

      it(
        "a key that is not 32 bytes is a RangeError",
        async () => {
          for (const n of [0, 16, 31, 33, 64]) {
            const e = await caught(
              opts.open({ location: newLocation("enc-size"), encryptionKey: new Uint8Array(n) }),
            );
            expect(e instanceof RangeError).toBe(true);
          }
        },
        timeout,
      );
    });
  });
}
