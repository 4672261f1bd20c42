/**
 * @module errors
 * The stable error codes of `@mlskit/sqlite`.
 */
import { defineErrorCodes, type ErrorCodeOf } from "@mlskit/errors";

/**
 * Codes of the `StorageError`s thrown by {@link openSqlite}.
 *
 * @example
 * ```ts
 * import { MlsError } from "@mlskit/errors";
 * import { SqliteErrorCode } from "@mlskit/sqlite";
 * try {
 *   await openSqliteKeyStore({ path: "keys.db" });
 * } catch (e) {
 *   if (MlsError.is(e, SqliteErrorCode.driverUnavailable)) console.error(e.message); // says what to install
 * }
 * ```
 */
export const SqliteErrorCode = defineErrorCodes("SQLITE_", {
  /**
   * No SQLite driver can be loaded here: the runtime has neither `node:sqlite` (Node ≥ 22.13,
   * Deno) nor `bun:sqlite` (Bun), and better-sqlite3 is not installed (or was asked for and
   * cannot load). The message says what to install.
   */
  driverUnavailable: "SQLITE_DRIVER_UNAVAILABLE",
});
/** One of the values of {@link SqliteErrorCode}. */
export type SqliteErrorCode = ErrorCodeOf<typeof SqliteErrorCode>;
