/**
 * @module postgres-directory-store
 * The scale-out `DirectoryStore`: PostgreSQL through `pg`, under the rules of
 * {@link createSqlDirectoryStore}. Any number of stateless directory processes may share one
 * database, because PostgreSQL locks rows rather than the database:
 * - a claim locks each package it takes with `FOR UPDATE SKIP LOCKED` and deletes it
 *   (`DELETE … RETURNING`), so concurrent claims in any process never receive the same package
 *   and never wait for each other's rows;
 * - a publish locks its client's row first (`FOR UPDATE`), so two publishes of one client cannot
 *   both pass the quota or both replace the last resort;
 * - migrations run under a transaction-scoped advisory lock, so processes starting together
 *   apply them once.
 * Statements with a fixed text are prepared once per pooled connection.
 */
import pg from "pg";
import type { DirectoryStore } from "./directory-store.js";
import { POSTGRES_MIGRATIONS } from "./migrations.js";
import type { DirectorySqlDialect, SqlExecutor, SqlRow, SqlStatement, SqlValue } from "./sql-dialect.js";
import { createSqlDirectoryStore } from "./sql-directory-store.js";

/**
 * Options of {@link openPostgresDirectoryStore}.
 *
 * @example
 * ```ts
 * const opts: PostgresDirectoryStoreOptions = { url: "postgres://postgres@127.0.0.1:5432/postgres", maxConnections: 20 };
 * ```
 */
export interface PostgresDirectoryStoreOptions {
  /** `postgres://user:password@host:port/database` (any form `pg` accepts). */
  readonly url: string;
  /** Connections in this process's pool. Default 10. */
  readonly maxConnections?: number;
  /** Apply the migrations on open. Default true. */
  readonly migrate?: boolean;
}

const MIGRATION_LOCK = 0x6d6c_736b; // "mlsk": any constant shared by every directory process

/**
 * Open (and by default migrate) a PostgreSQL directory store.
 *
 * @param opts - connection URL and pool size
 * @returns the store
 * @throws StorageError DIRECTORY_STORAGE_FAILURE when the database cannot be reached,
 *   DIRECTORY_SCHEMA_TOO_NEW when it was migrated by a newer version
 * @example
 * ```ts
 * const store = await openPostgresDirectoryStore({ url: "postgres://postgres@127.0.0.1:5432/postgres" });
 * ```
 */
export async function openPostgresDirectoryStore(
  opts: PostgresDirectoryStoreOptions,
): Promise<DirectoryStore> {
  if (typeof opts?.url !== "string" || opts.url === "")
    throw new TypeError(`"url" expected a postgres:// URL`);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.maxConnections ?? 10,
    application_name: "mlskit-directory",
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const store = createSqlDirectoryStore(new PostgresDialect(pool));
  try {
    if (opts.migrate !== false) await store.migrate();
    else await store.ping();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the directory's SQL has no `?` in a literal). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

const bind = (params: readonly SqlValue[]): unknown[] =>
  params.map((v) =>
    typeof v === "bigint"
      ? v.toString()
      : v instanceof Uint8Array
        ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
        : v,
  );

/** The PostgreSQL dialect over a connection pool. */
class PostgresDialect implements DirectorySqlDialect {
  readonly kind = "postgres" as const;
  readonly label = "PostgreSQL";
  readonly migrations = POSTGRES_MIGRATIONS;
  readonly lockRows = " FOR UPDATE";
  readonly writesInWith = true;
  readonly lockRowsSkipLocked = " FOR UPDATE SKIP LOCKED";
  readonly migrationLock = `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
  readonly #pool: pg.Pool;
  /** Each fixed statement's text with numbered placeholders, computed once. */
  readonly #texts = new Map<string, string>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  #config(s: SqlStatement | string, params: readonly SqlValue[]): pg.QueryConfig {
    if (typeof s === "string") return { text: numbered(s), values: bind(params) };
    let text = this.#texts.get(s.name);
    if (text === undefined) {
      text = numbered(s.text);
      this.#texts.set(s.name, text);
    }
    return { name: `mlskit_directory_${s.name}`, text, values: bind(params) };
  }

  #executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
    return {
      query: async (s, params = []) => (await client.query(this.#config(s, params))).rows as SqlRow[],
      execute: async (s, params = []) => (await client.query(this.#config(s, params))).rowCount ?? 0,
    };
  }

  query(s: SqlStatement | string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return this.#executor(this.#pool).query(s, params);
  }

  execute(s: SqlStatement | string, params: readonly SqlValue[] = []): Promise<number> {
    return this.#executor(this.#pool).execute(s, params);
  }

  async transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await body(this.#executor(client));
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch((r: Error) => {
        broken = r; // the connection is unusable: the pool must drop it
      });
      throw e;
    } finally {
      client.release(broken);
    }
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: unknown })?.code === "23505";
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
