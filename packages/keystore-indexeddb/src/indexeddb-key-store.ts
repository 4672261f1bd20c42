/**
 * @module indexeddb-key-store
 * `openIndexedDbKeyStore`: the key store for browsers (and workers), one IndexedDB database per
 * store. Every semantic comes from `@mlskit/keystore`; this module checks the options and opens
 * the database (see `indexeddb-backend.ts` for transactions and atomic take, `schema.ts` for the
 * object stores and migrations).
 */
import { StorageError } from "@mlskit/errors";
import {
  createKeyPackageStore,
  type KeyPackageStore,
  type KeyPackageStoreOptions,
  KeyStoreErrorCode,
} from "@mlskit/keystore";
import { openIndexedDbBackend } from "./indexeddb-backend.js";
import { SchemaTooNewError } from "./open-database.js";

// The two types below are written out structurally rather than as the DOM lib's `IDBFactory`
// and `typeof IDBKeyRange`: these declarations are published, and a consumer may type-check
// without the DOM lib (a Node project with `lib: ["es2022"]`, e.g. on fake-indexeddb). A
// browser's `indexedDB` and `IDBKeyRange`, and fake-indexeddb's, are of these types; the store
// checks the objects when it opens.

/**
 * An `IDBFactory` (`globalThis.indexedDB`, or fake-indexeddb's `indexedDB`): what the option's
 * type requires of one.
 *
 * @example
 * ```ts
 * const factory: IndexedDbFactory = globalThis.indexedDB;
 * ```
 */
export interface IndexedDbFactory {
  open(name: string, version?: number): object;
}

/**
 * The `IDBKeyRange` class that goes with an {@link IndexedDbFactory}: what the option's type
 * requires of one.
 *
 * @example
 * ```ts
 * const keyRange: IndexedDbKeyRangeClass = globalThis.IDBKeyRange;
 * ```
 */
export interface IndexedDbKeyRangeClass {
  bound(lower: unknown, upper: unknown, lowerOpen?: boolean, upperOpen?: boolean): object;
  lowerBound(lower: unknown, open?: boolean): object;
  upperBound(upper: unknown, open?: boolean): object;
}

/**
 * Options of {@link openIndexedDbKeyStore}.
 *
 * @example
 * ```ts
 * const opts: IndexedDbKeyStoreOptions = { name: "alice-keys", encryptionKey };
 * ```
 */
export interface IndexedDbKeyStoreOptions extends KeyPackageStoreOptions {
  /** The IndexedDB database name (one store per database; created when missing). */
  readonly name: string;
  /** The `IDBFactory` to use. Default: `globalThis.indexedDB`. */
  readonly indexedDB?: IndexedDbFactory;
  /**
   * The `IDBKeyRange` class of the same implementation as `indexedDB` (key ranges of one
   * implementation are not accepted by another, e.g. fake-indexeddb's by a browser's).
   * Default: `globalThis.IDBKeyRange`.
   */
  readonly IDBKeyRange?: IndexedDbKeyRangeClass;
  /**
   * Durability of write transactions. `"strict"` (default): a write is flushed to disk before it
   * is acknowledged, so a `put` survives a crash and a `take` is not undone by one (a taken key
   * package coming back would break forward secrecy). `"relaxed"`: acknowledged once the browser
   * has it; faster, but the last writes may be lost if the browser or OS crashes.
   */
  readonly durability?: "strict" | "relaxed";
}

/**
 * Open (or create) an IndexedDB key store.
 *
 * Several stores may open one database at once (tabs, workers): `take` stays atomic across them.
 * When another connection needs a newer schema (or deletes the database), this one closes itself
 * and later calls fail with `STORE_BACKEND_FAILURE`.
 *
 * @param opts - database name, optional 32-byte encryption key, clock, factory, durability
 * @returns the store
 * @throws TypeError for malformed options, or when no `indexedDB` is given and the runtime has none
 * @throws StorageError STORE_WRONG_ENCRYPTION_KEY / STORE_ENCRYPTION_KEY_REQUIRED /
 *   STORE_NOT_ENCRYPTED (see `createKeyPackageStore`), STORE_SCHEMA_TOO_NEW for a database written
 *   by a newer version, STORE_BACKEND_FAILURE when the database cannot be opened
 * @example
 * ```ts
 * import { openIndexedDbKeyStore } from "@mlskit/keystore-indexeddb";
 * const store = await openIndexedDbKeyStore({ name: "alice-keys", encryptionKey });
 * await store.putMany(bundles);
 * const bundle = await store.take(refFromWelcome); // gone for every tab
 * await store.close();
 * ```
 */
export async function openIndexedDbKeyStore(opts: IndexedDbKeyStoreOptions): Promise<KeyPackageStore> {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  if (typeof opts.name !== "string" || opts.name === "")
    throw new TypeError(`"name" expected a non-empty string`);
  const factory = (opts.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB) as
    | IDBFactory
    | undefined;
  if (typeof factory?.open !== "function") {
    throw new TypeError(
      opts.indexedDB === undefined
        ? `"indexedDB" expected an IDBFactory: this runtime has no globalThis.indexedDB`
        : `"indexedDB" expected an IDBFactory`,
    );
  }
  const keyRange = (opts.IDBKeyRange ?? (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange) as
    | typeof IDBKeyRange
    | undefined;
  if (typeof keyRange?.bound !== "function") {
    throw new TypeError(`"IDBKeyRange" expected the IDBKeyRange class that goes with "indexedDB"`);
  }
  if (opts.durability !== undefined && opts.durability !== "strict" && opts.durability !== "relaxed") {
    throw new TypeError(`"durability" expected "strict" or "relaxed"`);
  }
  if (opts.now !== undefined && typeof opts.now !== "function")
    throw new TypeError(`"now" expected a function`);
  // Refuse a malformed key before creating a database for it (the store checks it again).
  const key: unknown = opts.encryptionKey;
  if (key !== undefined) {
    if (!(key instanceof Uint8Array)) throw new TypeError(`"encryptionKey" expected Uint8Array`);
    if (key.length !== 32) {
      throw new RangeError(`"encryptionKey" expected Uint8Array of length 32, got ${key.length}`);
    }
  }
  const { name, indexedDB: _f, IDBKeyRange: _r, durability, ...storeOpts } = opts;
  let backend: Awaited<ReturnType<typeof openIndexedDbBackend>>;
  try {
    backend = await openIndexedDbBackend({
      name,
      indexedDB: factory,
      IDBKeyRange: keyRange,
      durability: durability ?? "strict",
    });
  } catch (e) {
    if (e instanceof SchemaTooNewError) {
      throw new StorageError(KeyStoreErrorCode.schemaTooNew, e.message, {
        details: { name, schemaVersion: e.found },
        cause: e,
      });
    }
    throw new StorageError(KeyStoreErrorCode.backendFailure, `cannot open the IndexedDB key store ${name}`, {
      details: { name },
      cause: e,
    });
  }
  return createKeyPackageStore(backend, storeOpts);
}
