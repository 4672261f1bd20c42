/**
 * @module sqlite-key-store
 * `openSqliteKeyStore`: the embedded key store for Node, Bun, Deno and servers (the CLI's
 * default), one SQLite file shared safely by several processes, on the runtime's own SQLite. Every semantic comes from `@mlskit/keystore`;
 * this module opens the file (see `sqlite-backend.ts` for WAL, locking, durability and schema).
 */
import { MlsError, StorageError } from "@mlskit/errors";
import {
  createKeyPackageStore,
  type KeyPackageStore,
  type KeyPackageStoreOptions,
  KeyStoreErrorCode,
} from "@mlskit/keystore";
import type { SqliteDriverName } from "@mlskit/sqlite";
import { openSqliteBackend, SchemaTooNewError } from "./sqlite-backend.js";

/**
 * Options of {@link openSqliteKeyStore}.
 *
 * @example
 * ```ts
 * const opts: SqliteKeyStoreOptions = { path: "keys.db", encryptionKey, synchronous: "full" };
 * ```
 */
export interface SqliteKeyStoreOptions extends KeyPackageStoreOptions {
  /** The database file, created when missing (its `-wal` and `-shm` files live beside it). */
  readonly path: string;
  /** How long to wait for another process's lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * `"full"` (default): an acknowledged write survives a process kill and a power loss.
   * `"normal"`: it survives a process kill (`kill -9`) but the last commits may be lost on power
   * loss; faster for many single puts.
   */
  readonly synchronous?: "full" | "normal";
  /**
   * The SQLite driver. Default: the runtime's own — `bun:sqlite` on Bun, `node:sqlite` on Deno and
   * on Node ≥ 22.13 — and better-sqlite3 (an optional peer dependency: install it yourself) on
   * Node 20. The file format is SQLite's: any driver opens a file another one wrote.
   */
  readonly driver?: SqliteDriverName;
}

/**
 * Open (or create) a SQLite key store.
 *
 * @param opts - path, optional 32-byte encryption key, clock, busy timeout and durability
 * @returns the store
 * @throws StorageError STORE_WRONG_ENCRYPTION_KEY / STORE_ENCRYPTION_KEY_REQUIRED /
 *   STORE_NOT_ENCRYPTED (see `createKeyPackageStore`), STORE_SCHEMA_TOO_NEW for a file written by
 *   a newer version, STORE_BACKEND_FAILURE when the file cannot be opened, SQLITE_DRIVER_UNAVAILABLE
 *   when the runtime has no SQLite (Node 20 without better-sqlite3)
 * @example
 * ```ts
 * import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";
 * const store = await openSqliteKeyStore({ path: "alice-keys.db", encryptionKey });
 * await store.putMany(bundles);
 * console.log(await store.count({ validAt: new Date() }));
 * await store.close();
 * ```
 */
export async function openSqliteKeyStore(opts: SqliteKeyStoreOptions): Promise<KeyPackageStore> {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`"opts" expected an object`);
  if (typeof opts.path !== "string" || opts.path === "")
    throw new TypeError(`"path" expected a non-empty string`);
  if (
    opts.busyTimeoutMs !== undefined &&
    (!Number.isSafeInteger(opts.busyTimeoutMs) || opts.busyTimeoutMs < 0)
  ) {
    throw new RangeError(`"busyTimeoutMs" expected a non-negative integer`);
  }
  if (opts.synchronous !== undefined && opts.synchronous !== "full" && opts.synchronous !== "normal") {
    throw new TypeError(`"synchronous" expected "full" or "normal"`);
  }
  const { path, busyTimeoutMs, synchronous, driver, ...storeOpts } = opts;
  let backend: Awaited<ReturnType<typeof openSqliteBackend>>;
  try {
    backend = await openSqliteBackend({
      path,
      ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
      ...(synchronous === undefined ? {} : { synchronous }),
      ...(driver === undefined ? {} : { driver }),
    });
  } catch (e) {
    // SQLITE_DRIVER_UNAVAILABLE (nothing to open the file with) says what to install: keep it.
    if (MlsError.is(e)) throw e;
    if (e instanceof SchemaTooNewError) {
      throw new StorageError(KeyStoreErrorCode.schemaTooNew, e.message, {
        details: { path, schemaVersion: e.found },
        cause: e,
      });
    }
    throw new StorageError(
      KeyStoreErrorCode.backendFailure,
      `cannot open the SQLite key store ${path}: ${reason(e)}`,
      {
        details: { path },
        cause: e,
      },
    );
  }
  return createKeyPackageStore(backend, storeOpts);
}

/** First line of the driver's message and its code, e.g. "database is locked (SQLITE_BUSY)". */
function reason(e: unknown): string {
  const code =
    typeof (e as { code?: unknown })?.code === "string" ? ` (${(e as { code: string }).code})` : "";
  return `${(e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 200)}${code}`;
}
