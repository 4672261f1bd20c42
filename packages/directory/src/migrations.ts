/**
 * @module migrations
 * The directory schema, as numbered migrations per SQL dialect. A database records the versions
 * applied in `directory_schema`; `migrate()` applies the missing ones in order, in one transaction,
 * and refuses a database whose version is newer than this code (`DIRECTORY_SCHEMA_TOO_NEW`).
 * Never edit a released migration: add the next one.
 */
import { DirectoryErrorCode, directoryError } from "@mlskit/directory-protocol";
import { backfillKeyMaterialOffers } from "./key-material-sql.js";
import type { SqlExecutor } from "./sql-dialect.js";

/**
 * One schema step.
 *
 * @example
 * ```ts
 * for (const m of SQLITE_MIGRATIONS satisfies readonly Migration[]) console.log(m.version, m.description);
 * ```
 */
export interface Migration {
  /** 1, 2, … with no gaps. */
  readonly version: number;
  /** What it does. */
  readonly description: string;
  /** The statements, run in order. */
  readonly statements: readonly string[];
  /** Fills the new columns of rows written before, in the same transaction, after the statements. @internal */
  readonly backfill?: (tx: SqlExecutor) => Promise<void>;
}

/**
 * SQLite migrations (times are INTEGER seconds, bytes are BLOB).
 * @example
 * ```ts
 * SQLITE_MIGRATIONS.at(-1)?.version; // the latest schema version
 * ```
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    description: "clients, key packages, claim rate limits",
    statements: [
      `CREATE TABLE directory_clients (
        id INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        credential BLOB NOT NULL UNIQUE,
        token_hash BLOB NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        UNIQUE (user_id, client_id)
      )`,
      `CREATE TABLE directory_key_packages (
        ref BLOB PRIMARY KEY,
        client INTEGER NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        cipher_suite INTEGER NOT NULL,
        last_resort INTEGER NOT NULL,
        not_before INTEGER NOT NULL,
        not_after INTEGER NOT NULL,
        message BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        claims INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE INDEX directory_key_packages_claim ON directory_key_packages (client, cipher_suite, last_resort, not_after, ref)`,
      `CREATE UNIQUE INDEX directory_key_packages_one_last_resort ON directory_key_packages (client, cipher_suite) WHERE last_resort = 1`,
      `CREATE INDEX directory_key_packages_expiry ON directory_key_packages (not_after)`,
      `CREATE TABLE directory_rate_limits (
        claimer INTEGER NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        target_user TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (claimer, target_user)
      )`,
      `CREATE INDEX directory_rate_limits_window ON directory_rate_limits (window_start)`,
    ],
  },
  {
    version: 2,
    description: "MIMI: leaf capabilities and offers of key packages, routing records, requester rate limits",
    statements: [
      `CREATE TABLE directory_capabilities (
        id INTEGER PRIMARY KEY,
        encoded BLOB NOT NULL UNIQUE
      )`,
      `ALTER TABLE directory_key_packages ADD COLUMN capabilities INTEGER REFERENCES directory_capabilities (id)`,
      `CREATE INDEX directory_key_packages_offer ON directory_key_packages (client, cipher_suite, last_resort, capabilities, not_after, ref)`,
      `CREATE TABLE directory_offers (
        client INTEGER NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        cipher_suite INTEGER NOT NULL,
        last_resort INTEGER NOT NULL,
        capabilities INTEGER NOT NULL REFERENCES directory_capabilities (id),
        PRIMARY KEY (client, cipher_suite, last_resort, capabilities)
      )`,
      `CREATE TABLE directory_mimi_routes (
        ref BLOB NOT NULL,
        requester TEXT NOT NULL,
        client INTEGER NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        room_id TEXT NOT NULL,
        last_resort INTEGER NOT NULL,
        not_after INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (ref, requester)
      )`,
      `CREATE INDEX directory_mimi_routes_expiry ON directory_mimi_routes (not_after)`,
      `CREATE TABLE directory_mimi_rate_limits (
        requester TEXT NOT NULL,
        target_user TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (requester, target_user)
      )`,
      `CREATE INDEX directory_mimi_rate_limits_window ON directory_mimi_rate_limits (window_start)`,
    ],
    backfill: backfillKeyMaterialOffers,
  },
]);

/**
 * PostgreSQL migrations (times are BIGINT seconds, bytes are BYTEA).
 * @example
 * ```ts
 * POSTGRES_MIGRATIONS.length; // number of schema versions
 * ```
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    description: "clients, key packages, claim rate limits",
    statements: [
      `CREATE TABLE directory_clients (
        id BIGSERIAL PRIMARY KEY,
        user_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        credential BYTEA NOT NULL UNIQUE,
        token_hash BYTEA NOT NULL UNIQUE,
        created_at BIGINT NOT NULL,
        UNIQUE (user_id, client_id)
      )`,
      `CREATE TABLE directory_key_packages (
        ref BYTEA PRIMARY KEY,
        client BIGINT NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        cipher_suite INTEGER NOT NULL,
        last_resort BOOLEAN NOT NULL,
        not_before BIGINT NOT NULL,
        not_after BIGINT NOT NULL,
        message BYTEA NOT NULL,
        created_at BIGINT NOT NULL,
        claims INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE INDEX directory_key_packages_claim ON directory_key_packages (client, cipher_suite, last_resort, not_after, ref)`,
      `CREATE UNIQUE INDEX directory_key_packages_one_last_resort ON directory_key_packages (client, cipher_suite) WHERE last_resort`,
      `CREATE INDEX directory_key_packages_expiry ON directory_key_packages (not_after)`,
      `CREATE TABLE directory_rate_limits (
        claimer BIGINT NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        target_user TEXT NOT NULL,
        window_start BIGINT NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (claimer, target_user)
      )`,
      `CREATE INDEX directory_rate_limits_window ON directory_rate_limits (window_start)`,
    ],
  },
  {
    version: 2,
    description: "MIMI: leaf capabilities and offers of key packages, routing records, requester rate limits",
    statements: [
      `CREATE TABLE directory_capabilities (
        id BIGSERIAL PRIMARY KEY,
        encoded BYTEA NOT NULL UNIQUE
      )`,
      `ALTER TABLE directory_key_packages ADD COLUMN capabilities BIGINT REFERENCES directory_capabilities (id)`,
      `CREATE INDEX directory_key_packages_offer ON directory_key_packages (client, cipher_suite, last_resort, capabilities, not_after, ref)`,
      `CREATE TABLE directory_offers (
        client BIGINT NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        cipher_suite INTEGER NOT NULL,
        last_resort BOOLEAN NOT NULL,
        capabilities BIGINT NOT NULL REFERENCES directory_capabilities (id),
        PRIMARY KEY (client, cipher_suite, last_resort, capabilities)
      )`,
      `CREATE TABLE directory_mimi_routes (
        ref BYTEA NOT NULL,
        requester TEXT NOT NULL,
        client BIGINT NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        room_id TEXT NOT NULL,
        last_resort BOOLEAN NOT NULL,
        not_after BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (ref, requester)
      )`,
      `CREATE INDEX directory_mimi_routes_expiry ON directory_mimi_routes (not_after)`,
      `CREATE TABLE directory_mimi_rate_limits (
        requester TEXT NOT NULL,
        target_user TEXT NOT NULL,
        window_start BIGINT NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (requester, target_user)
      )`,
      `CREATE INDEX directory_mimi_rate_limits_window ON directory_mimi_rate_limits (window_start)`,
    ],
    backfill: backfillKeyMaterialOffers,
  },
]);

/** The table recording applied versions (same DDL in both dialects). @internal */
export const SCHEMA_TABLE_DDL =
  "CREATE TABLE IF NOT EXISTS directory_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)";

/**
 * The migrations a database at version `current` still needs, in order — the decision both
 * stores' `migrate()` make inside their transaction before running the statements.
 *
 * @param migrations - the dialect's list
 * @param current - the highest version recorded in `directory_schema` (0 for a new database)
 * @returns the pending migrations and the latest version this code knows
 * @throws DirectoryError `DIRECTORY_SCHEMA_TOO_NEW` for a database newer than this code
 * @example
 * ```ts
 * const { pending, latest } = pendingMigrations(SQLITE_MIGRATIONS, 0); // all of them
 * ```
 * @internal
 */
export function pendingMigrations(
  migrations: readonly Migration[],
  current: number,
): { readonly pending: readonly Migration[]; readonly latest: number } {
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw directoryError(
      DirectoryErrorCode.schemaTooNew,
      `the database has schema version ${current}; this directory knows up to ${latest}`,
      { current, latest },
    );
  }
  return { pending: migrations.filter((m) => m.version > current), latest };
}
