/**
 * @module sqlite-directory-store
 * The embedded `DirectoryStore`: one SQLite file, in WAL mode with a busy timeout, under the
 * rules of {@link createSqlDirectoryStore}. Every write transaction is `BEGIN IMMEDIATE`, which
 * takes SQLite's single write lock at its first statement: claims and publishes are serialised
 * across the connections of any number of processes sharing the file, so each ordinary package
 * is handed out once, and no row locks are needed. Within one process, the connection runs one
 * transaction at a time and statements wait for the transaction in progress.
 *
 * The connection comes from `@mlskit/sqlite`: the runtime's own SQLite (`node:sqlite` on Node ≥
 * 22.13 and Deno, `bun:sqlite` on Bun) or better-sqlite3 on Node 20 — the same one the key
 * store uses.
 */

import { openSqlite, type SqliteConnection, type SqliteDriverName, type SqliteValue } from "@mlskit/sqlite";
import type { DirectoryStore } from "./directory-store.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { storageFailure } from "./rows.js";
import type { DirectorySqlDialect, SqlExecutor, SqlRow, SqlStatement, SqlValue } from "./sql-dialect.js";
import { createSqlDirectoryStore } from "./sql-directory-store.js";

/**
 * Options of {@link openSqliteDirectoryStore}.
 *
 * @example
 * ```ts
 * const opts: SqliteDirectoryStoreOptions = { path: "directory.db", synchronous: "full" };
 * ```
 */
export interface SqliteDirectoryStoreOptions {
  /** File path, or `:memory:` for a private in-memory database. */
  readonly path: string;
  /** How long a statement waits for another connection's write lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Apply the migrations on open. Default true. */
  readonly migrate?: boolean;
  /**
   * SQLite's `synchronous` in WAL mode. `normal` (default): a commit survives a crash of the
   * process, and the last commits may be lost on power failure or an OS crash (a claimed package
   * could then be handed out again). `full`: every commit is fsynced too (about 5x slower claims
   * on a typical disk).
   */
  readonly synchronous?: "normal" | "full";
  /**
   * The SQLite driver. Default: the runtime's own (`node:sqlite` on Node ≥ 22.13 and Deno,
   * `bun:sqlite` on Bun), else better-sqlite3 (an optional peer dependency, for Node 20).
   */
  readonly driver?: SqliteDriverName;
}

/**
 * Open (and by default migrate) an SQLite directory store.
 *
 * @param opts - path and options
 * @returns the store
 * @throws StorageError DIRECTORY_STORAGE_FAILURE when the file cannot be opened,
 *   DIRECTORY_SCHEMA_TOO_NEW when it was written by a newer version, SQLITE_DRIVER_UNAVAILABLE
 *   when the runtime has no SQLite (Node 20 without better-sqlite3)
 * @example
 * ```ts
 * const store = await openSqliteDirectoryStore({ path: "directory.db" });
 * ```
 */
export async function openSqliteDirectoryStore(opts: SqliteDirectoryStoreOptions): Promise<DirectoryStore> {
  if (typeof opts?.path !== "string" || opts.path === "") throw new TypeError(`"path" expected a file path`);
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0)
    throw new RangeError(`"busyTimeoutMs" expected a non-negative integer, got ${String(busyTimeoutMs)}`);
  let connection: SqliteConnection;
  try {
    connection = await openSqlite(opts.path, opts.driver === undefined ? {} : { driver: opts.driver });
  } catch (e) {
    return storageFailure("SQLite", e); // SQLITE_DRIVER_UNAVAILABLE (an MlsError) passes as it is
  }
  try {
    connection.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    if (opts.path !== ":memory:") connection.exec("PRAGMA journal_mode = WAL");
    connection.exec(`PRAGMA synchronous = ${opts.synchronous === "full" ? "FULL" : "NORMAL"}`);
    connection.exec("PRAGMA foreign_keys = ON");
  } catch (e) {
    connection.close();
    return storageFailure("SQLite", e);
  }
  const store = createSqlDirectoryStore(new SqliteDialect(connection));
  if (opts.migrate !== false) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}

const bind = (params: readonly SqlValue[]): SqliteValue[] =>
  params.map((v) => (v === true ? 1 : v === false ? 0 : v));

/** The SQLite dialect over one synchronous connection. */
class SqliteDialect implements DirectorySqlDialect {
  readonly kind = "sqlite" as const;
  readonly label = "SQLite";
  readonly migrations = SQLITE_MIGRATIONS;
  // BEGIN IMMEDIATE holds the whole database: nothing to lock row by row (see the module comment).
  readonly lockRows = "";
  readonly writesInWith = false;
  readonly lockRowsSkipLocked = "";
  readonly #db: SqliteConnection;
  /** The end of the queue of transactions (and of statements that arrived during one). */
  #tail: Promise<unknown> = Promise.resolve();
  #queued = 0;
  readonly #direct: SqlExecutor;

  constructor(db: SqliteConnection) {
    this.#db = db;
    this.#direct = {
      query: async (s, params = []) => this.#all(s, params),
      execute: async (s, params = []) => this.#change(s, params),
    };
  }

  #all(s: SqlStatement | string, params: readonly SqlValue[]): SqlRow[] {
    return typeof s === "string"
      ? this.#db.all(s, bind(params), false)
      : this.#db.all(s.text, bind(params), true);
  }

  #change(s: SqlStatement | string, params: readonly SqlValue[]): number {
    return typeof s === "string"
      ? this.#db.run(s, bind(params), false)
      : this.#db.run(s.text, bind(params), true);
  }

  /**
   * Run `work` after every transaction queued before it. With none queued, a single statement
   * runs at once: the driver is synchronous, so nothing can interleave with it.
   */
  #serial<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.#queued === 0) {
      try {
        return Promise.resolve(work());
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return this.#enqueue(work);
  }

  #enqueue<T>(work: () => T | Promise<T>): Promise<T> {
    this.#queued++;
    const result = this.#tail.then(work).finally(() => {
      this.#queued--;
    });
    this.#tail = result.catch(() => {});
    return result;
  }

  query(s: SqlStatement | string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return this.#serial(() => this.#all(s, params));
  }

  execute(s: SqlStatement | string, params: readonly SqlValue[] = []): Promise<number> {
    return this.#serial(() => this.#change(s, params));
  }

  transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#enqueue(async () => {
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        const result = await body(this.#direct);
        this.#db.exec("COMMIT");
        return result;
      } catch (e) {
        try {
          this.#db.exec("ROLLBACK");
        } catch {
          // SQLite already rolled back (some errors do): nothing left to undo.
        }
        throw e;
      }
    });
  }

  isUniqueViolation(error: unknown): boolean {
    return this.#db.isUniqueViolation(error);
  }

  async close(): Promise<void> {
    await this.#tail;
    this.#db.close();
  }
}
