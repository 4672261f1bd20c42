/**
 * @module migrations
 * The directory schema, as numbered migrations per SQL dialect. A database records the versions
 * applied in `directory_schema`; `migrate()` applies the missing ones in order, in one transaction,
 * and refuses a database whose version is newer than this code (`DIRECTORY_SCHEMA_TOO_NEW`).
 * Both dialects share one text of the schema, differing only in column types (`ColumnTypes`).
 * Never edit a released migration: add the next one (for both, here).
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
 * What the two dialects spell differently in the schema; everything else is one text.
 * SQLite: times INTEGER seconds, bytes BLOB, flags INTEGER 0/1. PostgreSQL: times BIGINT seconds,
 * bytes BYTEA, flags BOOLEAN.
 */
interface ColumnTypes {
  /** A table's own id. */
  readonly id: string;
  /** A reference to a table's id. */
  readonly ref: string;
  readonly bytes: string;
  readonly time: string;
  readonly flag: string;
  /** The condition "the row is a last-resort package". */
  readonly isLastResort: string;
}

const SQLITE_TYPES: ColumnTypes = {
  id: "INTEGER PRIMARY KEY",
  ref: "INTEGER",
  bytes: "BLOB",
  time: "INTEGER",
  flag: "INTEGER",
  isLastResort: "last_resort = 1",
};

const POSTGRES_TYPES: ColumnTypes = {
  id: "BIGSERIAL PRIMARY KEY",
  ref: "BIGINT",
  bytes: "BYTEA",
  time: "BIGINT",
  flag: "BOOLEAN",
  isLastResort: "last_resort",
};

/**
 * A fixed-window rate limit: hits per (who, target user) since `window_start`, with the index the
 * pruning of old windows reads. Claims are limited per claiming client, MIMI requests per requester.
 */
function rateLimitTable(t: ColumnTypes, table: string, who: string, whoType: string): readonly string[] {
  return [
    `CREATE TABLE ${table} (
        ${who} ${whoType},
        target_user TEXT NOT NULL,
        window_start ${t.time} NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (${who}, target_user)
      )`,
    `CREATE INDEX ${table}_window ON ${table} (window_start)`,
  ];
}

function migrationsFor(t: ColumnTypes): readonly Migration[] {
  return Object.freeze([
    {
      version: 1,
      description: "clients, key packages, claim rate limits",
      statements: [
        `CREATE TABLE directory_clients (
        id ${t.id},
        user_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        credential ${t.bytes} NOT NULL UNIQUE,
        token_hash ${t.bytes} NOT NULL UNIQUE,
        created_at ${t.time} NOT NULL,
        UNIQUE (user_id, client_id)
      )`,
        `CREATE TABLE directory_key_packages (
        ref ${t.bytes} PRIMARY KEY,
        client ${t.ref} NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        cipher_suite INTEGER NOT NULL,
        last_resort ${t.flag} NOT NULL,
        not_before ${t.time} NOT NULL,
        not_after ${t.time} NOT NULL,
        message ${t.bytes} NOT NULL,
        created_at ${t.time} NOT NULL,
        claims INTEGER NOT NULL DEFAULT 0
      )`,
        `CREATE INDEX directory_key_packages_claim ON directory_key_packages (client, cipher_suite, last_resort, not_after, ref)`,
        `CREATE UNIQUE INDEX directory_key_packages_one_last_resort ON directory_key_packages (client, cipher_suite) WHERE ${t.isLastResort}`,
        `CREATE INDEX directory_key_packages_expiry ON directory_key_packages (not_after)`,
        ...rateLimitTable(
          t,
          "directory_rate_limits",
          "claimer",
          `${t.ref} NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE`,
        ),
      ],
    },
    {
      version: 2,
      description:
        "MIMI: leaf capabilities and offers of key packages, routing records, requester rate limits",
      statements: [
        `CREATE TABLE directory_capabilities (
        id ${t.id},
        encoded ${t.bytes} NOT NULL UNIQUE
      )`,
        `ALTER TABLE directory_key_packages ADD COLUMN capabilities ${t.ref} REFERENCES directory_capabilities (id)`,
        `CREATE INDEX directory_key_packages_offer ON directory_key_packages (client, cipher_suite, last_resort, capabilities, not_after, ref)`,
        `CREATE TABLE directory_offers (
        client ${t.ref} NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        cipher_suite INTEGER NOT NULL,
        last_resort ${t.flag} NOT NULL,
        capabilities ${t.ref} NOT NULL REFERENCES directory_capabilities (id),
        PRIMARY KEY (client, cipher_suite, last_resort, capabilities)
      )`,
        `CREATE TABLE directory_mimi_routes (
        ref ${t.bytes} NOT NULL,
        requester TEXT NOT NULL,
        client ${t.ref} NOT NULL REFERENCES directory_clients (id) ON DELETE CASCADE,
        room_id TEXT NOT NULL,
        last_resort ${t.flag} NOT NULL,
        not_after ${t.time} NOT NULL,
        created_at ${t.time} NOT NULL,
        PRIMARY KEY (ref, requester)
      )`,
        `CREATE INDEX directory_mimi_routes_expiry ON directory_mimi_routes (not_after)`,
        ...rateLimitTable(t, "directory_mimi_rate_limits", "requester", "TEXT NOT NULL"),
      ],
      backfill: backfillKeyMaterialOffers,
    },
  ]);
}

/**
 * SQLite migrations (times are INTEGER seconds, bytes are BLOB).
 * @example
 * ```ts
 * SQLITE_MIGRATIONS.at(-1)?.version; // the latest schema version
 * ```
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = migrationsFor(SQLITE_TYPES);

/**
 * PostgreSQL migrations (times are BIGINT seconds, bytes are BYTEA).
 * @example
 * ```ts
 * POSTGRES_MIGRATIONS.length; // number of schema versions
 * ```
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = migrationsFor(POSTGRES_TYPES);

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
