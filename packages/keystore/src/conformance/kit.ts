/**
 * @module conformance/kit
 * What every conformance case is written against: the fixtures (made once per run), fresh
 * locations in the case's encryption mode, opening a store that is always closed again, and the
 * kit's assertions (a storage error's code, a bundle equal to another). Cases are a record of
 * bodies by name; the runner registers each with the test runner's `it`.
 */
import { MlsError } from "@mlskit/errors";
import type { KeyPackageBundle } from "@mlskit/key-packages";
import type { KeyPackageStatus, KeyPackageStore } from "../key-package-store.js";
import {
  bundleHex,
  type Fixtures,
  type LargestFixture,
  makeFixtures,
  makeLargest,
  randomKey,
} from "./fixtures.js";
import type {
  KeyStoreConformanceOptions,
  KeyStoreConformanceTestApi,
  KeyStoreOpenContext,
} from "./options.js";

/** Conformance tests by name, in the order they run. @internal */
export type ConformanceCases = Readonly<Record<string, () => Promise<void>>>;

/** Where a case's store is: a tag for its fresh location, and the store clock if injected. @internal */
export type ConformanceStoreAt = string | { readonly tag: string; readonly now: () => bigint };

/** An encryption mode the per-mode cases run in. @internal */
export interface ConformanceMode {
  readonly label: "unencrypted" | "encrypted";
  /** The key of a fresh location (a new one each time), or none. */
  key(): Uint8Array | undefined;
}

/** The two modes every per-mode case runs in. @internal */
export const MODES: readonly ConformanceMode[] = [
  { label: "unencrypted", key: () => undefined },
  { label: "encrypted", key: randomKey },
];

/** What the cases of one mode share. @internal */
export interface ConformanceKit {
  readonly opts: KeyStoreConformanceOptions;
  readonly expect: KeyStoreConformanceTestApi["expect"];
  /** The main cipher suite. */
  readonly suiteId: number;
  readonly mode: ConformanceMode;
  fixtures(): Promise<Fixtures>;
  largest(): Promise<LargestFixture>;
  /** A location no other test uses. */
  newLocation(tag: string): string;
  /** The open context of a fresh location in this mode, with the clock `now` if given. */
  ctxFor(tag: string, now?: () => bigint): KeyStoreOpenContext;
  /** Open a store, run `fn`, always close it. */
  withStore<T>(ctx: KeyStoreOpenContext, fn: (store: KeyPackageStore) => Promise<T>): Promise<T>;
  /** {@link withStore} over a fresh location of this mode, with the fixtures. */
  onStore(at: ConformanceStoreAt, fn: (store: KeyPackageStore, f: Fixtures) => Promise<void>): Promise<void>;
  /**
   * {@link onStore} with a second instance at hand: `withSecond(fn)` opens another store over the
   * same location, runs `fn` with it, and closes it.
   */
  onShared(
    tag: string,
    fn: (
      first: KeyPackageStore,
      f: Fixtures,
      withSecond: (fn: (second: KeyPackageStore) => Promise<void>) => Promise<void>,
    ) => Promise<void>,
  ): Promise<void>;
  /** Put `bundles` into `store` and return them. */
  stored(store: KeyPackageStore, bundles: readonly KeyPackageBundle[]): Promise<readonly KeyPackageBundle[]>;
  /** `e` is a storage `MlsError` with `code`. */
  expectCode(e: unknown, code: string): void;
  /** `actual` is a bundle equal to `expected`. */
  expectSame(actual: KeyPackageBundle | undefined, expected: KeyPackageBundle): void;
  /** Each `[ref holder, status]` pair: `store.status` says so. */
  expectStatus(
    store: KeyPackageStore,
    ...pairs: readonly (readonly [{ readonly ref: Uint8Array }, KeyPackageStatus])[]
  ): Promise<void>;
}

/** What the kits of one run share: the location counter and the fixtures, made once. @internal */
export interface ConformanceRun {
  /** The suite of the run's key packages (the options' `cipherSuite`, default 1). */
  readonly suiteId: number;
  newLocation(tag: string): string;
  fixtures(): Promise<Fixtures>;
  largest(): Promise<LargestFixture>;
}

/** The shared state of one `runKeyStoreConformance` call. @internal */
export function conformanceRun(opts: KeyStoreConformanceOptions): ConformanceRun {
  const suiteId = opts.cipherSuite ?? 1;
  let counter = 0;
  let fixtures: Promise<Fixtures> | undefined;
  let largest: Promise<LargestFixture> | undefined;
  return {
    suiteId,
    newLocation: (tag) => `ks-${++counter}-${tag}`,
    fixtures: () => {
      fixtures ??= makeFixtures(opts.provider, suiteId);
      return fixtures;
    },
    largest: () => {
      largest ??= makeLargest(opts.provider);
      return largest;
    },
  };
}

/** The kit of one mode of a run. @internal */
export function conformanceKit(
  api: KeyStoreConformanceTestApi,
  opts: KeyStoreConformanceOptions,
  run: ConformanceRun,
  mode: ConformanceMode,
): ConformanceKit {
  const { expect } = api;
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
  const ctxFor = (tag: string, now?: () => bigint): KeyStoreOpenContext => {
    const key = mode.key();
    return {
      location: run.newLocation(tag),
      ...(key === undefined ? {} : { encryptionKey: key }),
      ...(now === undefined ? {} : { now }),
    };
  };
  return {
    opts,
    expect,
    suiteId: run.suiteId,
    mode,
    fixtures: run.fixtures,
    largest: run.largest,
    newLocation: run.newLocation,
    ctxFor,
    withStore,
    onStore: async (at, fn) => {
      const f = await run.fixtures();
      const ctx = typeof at === "string" ? ctxFor(at) : ctxFor(at.tag, at.now);
      await withStore(ctx, (store) => fn(store, f));
    },
    onShared: async (tag, fn) => {
      const f = await run.fixtures();
      const ctx = ctxFor(tag);
      await withStore(ctx, (first) => fn(first, f, (inner) => withStore(ctx, inner)));
    },
    stored: async (store, bundles) => {
      await store.putMany(bundles);
      return bundles;
    },
    expectCode: (e, code) => {
      expect(MlsError.is(e) ? e.code : String(e)).toBe(code);
      expect((e as MlsError).category).toBe("storage");
    },
    expectSame: (actual, expected) => {
      expect(actual === undefined ? undefined : bundleHex(actual)).toEqual(bundleHex(expected));
    },
    expectStatus: async (store, ...pairs) => {
      for (const [b, status] of pairs) expect(await store.status(b.ref)).toBe(status);
    },
  };
}
