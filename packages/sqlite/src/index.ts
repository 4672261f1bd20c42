/**
 * @module @mlskit/sqlite
 * One SQLite connection for every runtime: `openSqlite(path)` opens a database with the
 * runtime's own SQLite (`node:sqlite` on Node ≥ 22.13 and Deno, `bun:sqlite` on Bun) or with
 * better-sqlite3 (an optional peer dependency, for Node 20), behind one small synchronous
 * `SqliteConnection`. Shared by `@mlskit/keystore-sqlite` and `@mlskit/directory`.
 *
 * @example
 * ```ts
 * import { openSqlite } from "@mlskit/sqlite";
 * const db = await openSqlite("app.db");
 * db.exec("CREATE TABLE IF NOT EXISTS t (id BLOB PRIMARY KEY)");
 * db.run("INSERT INTO t (id) VALUES (?)", [new Uint8Array([1])], false);
 * db.close();
 * ```
 */
export type {
  SqliteConnection,
  SqliteDriverName,
  SqliteRow,
  SqliteValue,
} from "./connection.js";
export { SqliteErrorCode } from "./errors.js";
export { type OpenSqliteOptions, openSqlite, sqliteDriverCandidates } from "./open-sqlite.js";
