/**
 * @module @mlskit/keystore-sqlite
 * An MLS key package store on one SQLite file (node:sqlite, bun:sqlite or better-sqlite3): WAL,
 * busy timeout, atomic take and reserve across processes, durable acknowledged writes, schema
 * migrations, optional encryption at rest.
 *
 * @example
 * ```ts
 * import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";
 * const store = await openSqliteKeyStore({ path: "keys.db" });
 * await store.put(bundle);
 * await store.close();
 * ```
 */
export { SQLITE_SCHEMA_VERSION } from "./sqlite-backend.js";
export { openSqliteKeyStore, type SqliteKeyStoreOptions } from "./sqlite-key-store.js";
