/**
 * @module conformance/options
 * What a store author hands the key store conformance kit: the test runner's functions, how to
 * open (and reopen) the store under test, and the kit's knobs.
 */
import type { CryptoProvider } from "@mlskit/crypto-provider";
import type { KeyPackageStore } from "../key-package-store.js";

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
