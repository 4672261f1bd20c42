/**
 * @module sqlite-connection
 * The one file that knows the SQLite driver: `SqliteConnection` is what the directory needs of
 * one (run a statement, return rows or a change count, tell a constraint violation), and
 * {@link openBetterSqlite3} provides it with better-sqlite3. Another driver with a synchronous API
 * (`node:sqlite`, `bun:sqlite`) provides the same five functions; nothing else changes.
 * @internal
 */
import Database from "better-sqlite3";

/** A value SQLite binds: booleans are passed as 0/1 by the dialect. @internal */
export type SqliteValue = string | number | bigint | Uint8Array | null;

/**
 * A synchronous connection to one SQLite database.
 * @internal
 */
export interface SqliteConnection {
  /** Run SQL without parameters or results (pragmas, `BEGIN`, DDL); several statements allowed. */
  exec(sql: string): void;
  /**
   * Run one statement and return its rows.
   * @param keep - the text never changes: keep the prepared statement for the next call
   */
  all(sql: string, params: readonly SqliteValue[], keep: boolean): Record<string, unknown>[];
  /** Run one statement and return how many rows it changed. */
  run(sql: string, params: readonly SqliteValue[], keep: boolean): number;
  /** Whether a thrown error is a UNIQUE or PRIMARY KEY constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** Close the database. */
  close(): void;
}

/**
 * Open a database file with better-sqlite3 (a Node-API addon: Node only).
 * @param path - file path, or `:memory:`
 * @returns the connection
 * @internal
 */
export function openBetterSqlite3(path: string): SqliteConnection {
  const db = new Database(path);
  const kept = new Map<string, Database.Statement>();
  const statement = (sql: string, keep: boolean): Database.Statement => {
    let s = kept.get(sql);
    if (s === undefined) {
      s = db.prepare(sql);
      if (keep) kept.set(sql, s);
    }
    return s;
  };
  return {
    exec: (sql) => {
      db.exec(sql);
    },
    all: (sql, params, keep) => statement(sql, keep).all(...params) as Record<string, unknown>[],
    run: (sql, params, keep) => statement(sql, keep).run(...params).changes,
    isUniqueViolation: (e) => {
      const code = (e as { code?: unknown })?.code;
      return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
    },
    close: () => {
      kept.clear();
      db.close();
    },
  };
}
