/**
 * @module connection
 * `SqliteConnection`: the little of a SQLite driver that mlskit's SQLite stores need — run SQL,
 * run one statement for its rows or its change count, tell a uniqueness violation, close — with
 * the same behaviour on every driver (`node:sqlite`, `bun:sqlite`, better-sqlite3). Synchronous,
 * like the three drivers: SQLite's own locking (a busy timeout) does the waiting.
 */

/**
 * A value SQLite binds or returns: TEXT, INTEGER/REAL, BLOB, NULL. Booleans are not bound by
 * every driver: pass 0/1.
 *
 * @example
 * ```ts
 * const params: SqliteValue[] = ["alice", 1, new Uint8Array([1, 2]), null];
 * ```
 */
export type SqliteValue = string | number | bigint | Uint8Array | null;

/**
 * The drivers {@link openSqlite} knows: the runtime's own SQLite where it has one, better-sqlite3
 * (a Node-API addon) elsewhere.
 *
 * @example
 * ```ts
 * const driver: SqliteDriverName = "node:sqlite";
 * ```
 */
export type SqliteDriverName = "node:sqlite" | "bun:sqlite" | "better-sqlite3";

/**
 * A row: column name → value. BLOBs come back as plain `Uint8Array`s (never a Node `Buffer`),
 * integers as `number`s.
 *
 * @example
 * ```ts
 * const [row] = db.all("SELECT count(*) AS n FROM t", [], false);
 * console.log(row?.n);
 * ```
 */
export type SqliteRow = Record<string, SqliteValue>;

/**
 * A synchronous connection to one SQLite database, the same on every driver.
 *
 * @example
 * ```ts
 * const db = await openSqlite("keys.db");
 * db.exec("PRAGMA journal_mode = WAL");
 * const changed = db.run("DELETE FROM t WHERE id = ?", [id], true);
 * db.close();
 * ```
 */
export interface SqliteConnection {
  /** The driver behind this connection. */
  readonly driver: SqliteDriverName;
  /** Run SQL without parameters or results (pragmas, `BEGIN`, DDL); several statements allowed. */
  exec(sql: string): void;
  /**
   * Run one statement (a `SELECT`, a pragma, or a write with `RETURNING`) and return its rows.
   * @param keep - the text never changes: keep the prepared statement for the next call
   */
  all(sql: string, params: readonly SqliteValue[], keep: boolean): SqliteRow[];
  /** Run one statement and return how many rows it changed. */
  run(sql: string, params: readonly SqliteValue[], keep: boolean): number;
  /** Whether a thrown error is a UNIQUE or PRIMARY KEY constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** Close the database (prepared statements are dropped). */
  close(): void;
}

/** SQLite's extended result codes for a UNIQUE / PRIMARY KEY violation. @internal */
export const SQLITE_CONSTRAINT_UNIQUE = 2067;
/** @internal */
export const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;

/**
 * A statement cache: one prepared statement per SQL text that asked to be kept.
 * @internal
 */
export function statementCache<S>(prepare: (sql: string) => S): {
  get(sql: string, keep: boolean): S;
  clear(): void;
} {
  const kept = new Map<string, S>();
  return {
    get(sql, keep) {
      let s = kept.get(sql);
      if (s === undefined) {
        s = prepare(sql);
        if (keep) kept.set(sql, s);
      }
      return s;
    },
    clear: () => kept.clear(),
  };
}

/** A row whose Buffer BLOBs (better-sqlite3) become plain Uint8Array views. @internal */
export function plainRow(row: Record<string, unknown>): SqliteRow {
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Uint8Array && v.constructor !== Uint8Array) {
      row[k] = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    }
  }
  return row as SqliteRow;
}
