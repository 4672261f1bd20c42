/**
 * @module sql-dialect
 * `DirectorySqlDialect`: the thin adapter between the directory's rules, written once in
 * {@link createSqlDirectoryStore}, and one SQL database. The rules are plain SQL that SQLite and
 * PostgreSQL both accept (`?` placeholders, `RETURNING`, `ON CONFLICT … DO UPDATE`, `TRUE`/`FALSE`);
 * a dialect only says how to run a statement and a transaction, how its rows lock, which schema
 * it has, and which driver error is a unique violation.
 *
 * The one difference in the rules' SQL is locking, and it is what keeps claims and publishes
 * safe under concurrency: SQLite serialises every write transaction on the whole file
 * (`BEGIN IMMEDIATE`), so it needs no row locks; PostgreSQL runs transactions side by side, so a
 * publish locks its client's row (`FOR UPDATE`) and a claim locks the one package it takes while
 * skipping those other claims hold (`FOR UPDATE SKIP LOCKED`).
 * @internal
 */
import type { Migration } from "./migrations.js";

/**
 * A value bound to a `?` placeholder. A dialect maps `boolean` and `bigint` to what its driver
 * takes (SQLite: 0/1 and INTEGER; PostgreSQL: BOOLEAN and BIGINT text).
 * @internal
 */
export type SqlValue = string | number | bigint | boolean | Uint8Array | null;

/** A row as the driver returns it (see rows.ts for reading its columns). @internal */
export type SqlRow = Readonly<Record<string, unknown>>;

/**
 * A statement whose text never changes: a dialect may prepare it once and reuse it (PostgreSQL
 * names it per connection; SQLite keeps the prepared statement). Statements built at run time
 * (a list of `?` as long as a batch) are passed as plain strings and are not kept.
 * @internal
 */
export interface SqlStatement {
  /** A name unique among the directory's statements. */
  readonly name: string;
  /** The SQL, with `?` placeholders. */
  readonly text: string;
}

/**
 * Declare a statement that may be prepared once (see {@link SqlStatement}).
 * @param name - unique among the directory's statements
 * @param text - the SQL, with `?` placeholders
 * @returns the statement
 * @internal
 */
export function sql(name: string, text: string): SqlStatement {
  return Object.freeze({ name, text });
}

/**
 * Runs statements, inside a transaction or on their own.
 * @internal
 */
export interface SqlExecutor {
  /** Run a statement and return its rows (a `SELECT`, or a write with `RETURNING`). */
  query(statement: SqlStatement | string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Run a statement and return how many rows it changed. */
  execute(statement: SqlStatement | string, params?: readonly SqlValue[]): Promise<number>;
}

/**
 * One SQL database under the directory.
 * @internal
 */
export interface DirectorySqlDialect extends SqlExecutor {
  /** `sqlite` or `postgres` (reported by `/v1/health`). */
  readonly kind: "sqlite" | "postgres";
  /** The database's name in error messages: "SQLite", "PostgreSQL". */
  readonly label: string;
  /** The schema, as this dialect writes it. */
  readonly migrations: readonly Migration[];
  /** Appended to a `SELECT` to lock the rows it reads until the transaction ends (or ""). */
  readonly lockRows: string;
  /** Appended to a `SELECT` to lock the rows it reads, skipping rows another transaction holds (or ""). */
  readonly lockRowsSkipLocked: string;
  /**
   * Whether a `WITH` may hold `DELETE`/`UPDATE … RETURNING` (PostgreSQL): a claim is then one
   * statement; otherwise (SQLite) it is the same steps in a transaction.
   */
  readonly writesInWith: boolean;
  /** A statement run first in the migration transaction so concurrent migrations run one at a time (or undefined). */
  readonly migrationLock?: string;
  /**
   * Run `body` in one transaction: committed when it resolves, rolled back when it throws. Write
   * transactions of one process run one after the other, and so do those of several processes
   * on one database as far as the locks above say.
   */
  transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Whether a driver error is a UNIQUE or PRIMARY KEY violation. */
  isUniqueViolation(error: unknown): boolean;
  /** Close the connection(s). Called once. */
  close(): Promise<void>;
}
