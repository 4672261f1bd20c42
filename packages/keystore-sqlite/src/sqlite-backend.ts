/**
 * @module sqlite-backend
 * A `KeyStoreBackend` on one SQLite file through the runtime's SQLite (`@mlskit/sqlite`:
 * node:sqlite, bun:sqlite or better-sqlite3): WAL journal, a busy timeout so that processes
 * sharing the file wait for each other's locks, every write in one transaction, schema
 * migrations keyed by `PRAGMA user_version`.
 *
 * Atomic take across processes: the store deletes with `DELETE FROM key_packages WHERE ref = ?`,
 * one statement and so one write transaction; SQLite's write lock serialises the deleting
 * processes, and `changes` tells each whether it removed the row: exactly one sees 1.
 *
 * Reservations (schema 2): a row's lease is two columns, `lease_token` and `lease_expires_at`
 * (NULL without a lease). Leasing is one `UPDATE … WHERE ref = ? AND <no live lease> RETURNING`,
 * ending one is a `DELETE`/`UPDATE … WHERE ref = ? AND lease_token = ?`: single statements, so
 * the write lock makes each a compare-and-set across processes. A put is an upsert that leaves
 * the lease columns alone, so a reserved package stays reserved when it is put again.
 *
 * Tombstones (schema 3): a consumed package leaves a row in `key_package_tombstones` (`ref`,
 * `not_after`: nothing secret). A consuming removal is `DELETE … RETURNING not_after` then the
 * tombstone `INSERT`, in one `BEGIN IMMEDIATE` transaction, so the two happen together or not at
 * all and the write lock still makes the delete a compare-and-set; a put deletes the tombstones of
 * the refs it writes in its transaction.
 *
 * Durability: `synchronous = FULL` (default) syncs the WAL on every commit, so an acknowledged
 * write survives a process kill and a power loss; `"normal"` syncs only at checkpoints, which
 * still survives a process kill (`kill -9`) but may lose the last commits on power loss.
 *
 * Deleted records are overwritten (`secure_delete`), so the private keys of a taken key package
 * do not linger in free pages; older copies in the WAL are gone after the next checkpoint (`rekey`
 * checkpoints at once).
 *
 * Lifetimes are stored as 8-byte big-endian BLOBs: SQLite INTEGER is signed 64-bit and cannot
 * hold every uint64, while BLOBs of equal length compare like the unsigned numbers they encode.
 */
import {
  type KeyPackageDeleteCondition,
  type KeyPackageLeaseCondition,
  type KeyPackageQuery,
  type KeyPackageRow,
  type KeyPackageSummary,
  type KeyStoreBackend,
  keyPackageStatusOf,
  type ScanPage,
} from "@mlskit/keystore";
import { openSqlite, type SqliteConnection, type SqliteDriverName, type SqliteValue } from "@mlskit/sqlite";

/**
 * The schema version this library creates and reads (stored in `PRAGMA user_version`). Older
 * databases are migrated on open; a newer one gives `STORE_SCHEMA_TOO_NEW`.
 *
 * @example
 * ```ts
 * import { SQLITE_SCHEMA_VERSION } from "@mlskit/keystore-sqlite";
 * console.log(`key store files use schema ${SQLITE_SCHEMA_VERSION} (PRAGMA user_version)`);
 * ```
 */
export const SQLITE_SCHEMA_VERSION = 3;

/** Migrations: index i brings the schema from version i to i + 1. Never edit a shipped one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
   CREATE TABLE key_packages (
     ref BLOB PRIMARY KEY,
     cipher_suite INTEGER NOT NULL,
     not_before BLOB NOT NULL,
     not_after BLOB NOT NULL,
     last_resort INTEGER NOT NULL,
     signature_key BLOB NOT NULL,
     created_at BLOB NOT NULL,
     record BLOB NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX key_packages_not_after ON key_packages (not_after);
   CREATE INDEX key_packages_signature_key ON key_packages (signature_key);
   CREATE TABLE signature_keys (id BLOB PRIMARY KEY, record BLOB NOT NULL) WITHOUT ROWID;`,
  // 2: reservation leases (NULL, NULL: no lease); lease_expires_at is a uint64 like not_after.
  `ALTER TABLE key_packages ADD COLUMN lease_token BLOB;
   ALTER TABLE key_packages ADD COLUMN lease_expires_at BLOB;`,
  // 3: tombstones of consumed key packages (ref and not_after, a uint64 BLOB, nothing secret).
  `CREATE TABLE key_package_tombstones (ref BLOB PRIMARY KEY, not_after BLOB NOT NULL) WITHOUT ROWID;
   CREATE INDEX key_package_tombstones_not_after ON key_package_tombstones (not_after);`,
];

/** Options of {@link openSqliteBackend}. @internal */
export interface SqliteBackendOptions {
  /** Database file (created when missing). */
  readonly path: string;
  /** How long to wait for another connection's lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** `"full"` (default) or `"normal"`; see the module note. */
  readonly synchronous?: "full" | "normal";
  /** The SQLite driver; default: the runtime's own (see `@mlskit/sqlite`). */
  readonly driver?: SqliteDriverName;
}

/** Thrown by {@link openSqliteBackend} for a database written by a newer schema. @internal */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(`the database has schema version ${found}; this library knows up to ${SQLITE_SCHEMA_VERSION}`);
    this.name = "SchemaTooNewError";
  }
}

function u64(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
}

function fromU64(b: unknown): bigint {
  if (!(b instanceof Uint8Array) || b.length !== 8) throw new RangeError("expected an 8-byte uint64 BLOB");
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
}

/** A copy of a BLOB the driver returned (the store owns and may wipe what it gets). */
function plain(b: unknown): Uint8Array {
  if (!(b instanceof Uint8Array)) throw new TypeError("expected a BLOB");
  return b.slice();
}

/** Rows without a live lease at `?` (a uint64 BLOB): no lease, or one that expired. */
const UNLEASED = "(lease_expires_at IS NULL OR lease_expires_at <= ?)";
const INDEX_COLUMNS = "ref, cipher_suite, not_before, not_after, last_resort, signature_key, created_at";
const ROW_COLUMNS = `${INDEX_COLUMNS}, record`;

function summaryOf(r: Record<string, unknown>): KeyPackageSummary {
  return {
    ref: plain(r.ref),
    cipherSuite: Number(r.cipher_suite),
    notBefore: fromU64(r.not_before),
    notAfter: fromU64(r.not_after),
    lastResort: Number(r.last_resort) !== 0,
    signatureKey: plain(r.signature_key),
    createdAt: fromU64(r.created_at),
  };
}

function rowOf(r: Record<string, unknown> | undefined): KeyPackageRow | undefined {
  return r === undefined ? undefined : { ...summaryOf(r), record: plain(r.record) };
}

function where(
  query: KeyPackageQuery,
  after: Uint8Array | undefined,
): { sql: string; params: SqliteValue[] } {
  const clauses: string[] = [];
  const params: SqliteValue[] = [];
  if (query.cipherSuite !== undefined) {
    clauses.push("cipher_suite = ?");
    params.push(query.cipherSuite);
  }
  if (query.lastResort !== undefined) {
    clauses.push("last_resort = ?");
    params.push(query.lastResort ? 1 : 0);
  }
  if (query.validAt !== undefined) {
    clauses.push("not_before <= ? AND not_after >= ?");
    params.push(u64(query.validAt), u64(query.validAt));
  }
  if (query.expiredAt !== undefined) {
    clauses.push("not_after < ?");
    params.push(u64(query.expiredAt));
  }
  if (query.signatureKey !== undefined) {
    clauses.push("signature_key = ?");
    params.push(query.signatureKey);
  }
  if (query.unleasedAt !== undefined) {
    clauses.push(UNLEASED);
    params.push(u64(query.unleasedAt));
  }
  if (after !== undefined) {
    clauses.push("ref > ?");
    params.push(after);
  }
  return { sql: clauses.length === 0 ? "" : ` WHERE ${clauses.join(" AND ")}`, params };
}

/**
 * Run `body` in one write transaction, `BEGIN IMMEDIATE` so the write lock is taken up front (a
 * busy database is waited for with the busy timeout, not failed on a read-to-write upgrade).
 */
function transaction<T>(db: SqliteConnection, body: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const out = body();
    db.exec("COMMIT");
    return out;
  } catch (e) {
    try {
      db.exec("ROLLBACK");
    } catch {
      // the failure already ended the transaction
    }
    throw e;
  }
}

function migrate(db: SqliteConnection): void {
  transaction(db, () => {
    const current = Number(db.all("PRAGMA user_version", [], false)[0]?.user_version ?? 0);
    if (current > SQLITE_SCHEMA_VERSION) throw new SchemaTooNewError(current);
    for (let v = current; v < SQLITE_SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    if (current !== SQLITE_SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${SQLITE_SCHEMA_VERSION}`);
  });
}

/**
 * Open (creating and migrating when needed) a SQLite file as a key store backend.
 *
 * @param opts - path, busy timeout, durability, driver
 * @returns the backend
 * @throws SchemaTooNewError for a database of a newer schema; `SQLITE_DRIVER_UNAVAILABLE` when no
 *   driver loads; the driver's errors otherwise
 * @internal
 */
export async function openSqliteBackend(opts: SqliteBackendOptions): Promise<KeyStoreBackend> {
  const db = await openSqlite(opts.path, opts.driver === undefined ? {} : { driver: opts.driver });
  try {
    db.exec(`PRAGMA busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(`PRAGMA synchronous = ${opts.synchronous === "normal" ? "NORMAL" : "FULL"}`);
    // Overwrite deleted content: a taken key package's private keys must not linger in free pages
    // (forward secrecy, RFC 9420 §16.6), nor plaintext records after rekey.
    db.exec("PRAGMA secure_delete = ON");
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }

  const all = (sql: string, ...params: SqliteValue[]) => db.all(sql, params, true);
  const run = (sql: string, ...params: SqliteValue[]) => db.run(sql, params, true);
  const GET_ROW = `SELECT ${ROW_COLUMNS} FROM key_packages WHERE ref = ?`;
  const GET_UNLEASED_ROW = `SELECT ${ROW_COLUMNS} FROM key_packages WHERE ref = ? AND ${UNLEASED}`;
  // An upsert, not INSERT OR REPLACE: a replaced row keeps its lease.
  const UPSERT_ROW = `INSERT INTO key_packages
       (ref, cipher_suite, not_before, not_after, last_resort, signature_key, created_at, record)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (ref) DO UPDATE SET
       cipher_suite = excluded.cipher_suite, not_before = excluded.not_before,
       not_after = excluded.not_after, last_resort = excluded.last_resort,
       signature_key = excluded.signature_key, created_at = excluded.created_at,
       record = excluded.record`;
  const DELETE_ROW = "DELETE FROM key_packages WHERE ref = ?";
  const DELETE_UNLEASED_ROW = `DELETE FROM key_packages WHERE ref = ? AND ${UNLEASED}`;
  const LEASE_ROW = `UPDATE key_packages SET lease_token = ?, lease_expires_at = ?
     WHERE ref = ? AND ${UNLEASED} RETURNING ${ROW_COLUMNS}`;
  const DELETE_LEASED_ROW = "DELETE FROM key_packages WHERE ref = ? AND lease_token = ?";
  const END_LEASE =
    "UPDATE key_packages SET lease_token = NULL, lease_expires_at = NULL WHERE ref = ? AND lease_token = ?";
  const DELETE_LEASED_ROW_RETURNING = `${DELETE_LEASED_ROW} RETURNING not_after`;
  const PUT_TOMBSTONE = "INSERT OR REPLACE INTO key_package_tombstones (ref, not_after) VALUES (?, ?)";
  const DELETE_TOMBSTONE = "DELETE FROM key_package_tombstones WHERE ref = ?";
  const STATUS = `SELECT
       (SELECT count(*) FROM key_packages WHERE ref = ?) AS has_row,
       (SELECT lease_expires_at FROM key_packages WHERE ref = ?) AS lease_expires_at,
       (SELECT count(*) FROM key_package_tombstones WHERE ref = ?) AS has_tombstone`;
  /** Leave a tombstone for a row a `… RETURNING not_after` statement just removed. */
  const tombstoneFor = (ref: Uint8Array, removed: Record<string, unknown> | undefined): boolean => {
    if (removed === undefined) return false;
    run(PUT_TOMBSTONE, ref, plain(removed.not_after));
    return true;
  };
  const UPDATE_RECORD = "UPDATE key_packages SET record = ? WHERE ref = ?";
  const GET_META = "SELECT value FROM meta WHERE name = ?";

  return {
    async getKeyPackage(ref, condition?: KeyPackageLeaseCondition) {
      const at = condition?.unleasedAt;
      return rowOf(at === undefined ? all(GET_ROW, ref)[0] : all(GET_UNLEASED_ROW, ref, u64(at))[0]);
    },
    async putKeyPackages(rows) {
      transaction(db, () => {
        for (const r of rows) {
          run(
            UPSERT_ROW,
            r.ref,
            r.cipherSuite,
            u64(r.notBefore),
            u64(r.notAfter),
            r.lastResort ? 1 : 0,
            r.signatureKey,
            u64(r.createdAt),
            r.record,
          );
          run(DELETE_TOMBSTONE, r.ref);
        }
      });
    },
    async deleteKeyPackage(ref, condition?: KeyPackageDeleteCondition) {
      const at = condition?.unleasedAt;
      if (condition?.tombstone === true) {
        // The removal and its tombstone in one write transaction (a crash keeps both or neither).
        return transaction(db, () => {
          const removed =
            at === undefined
              ? all(`${DELETE_ROW} RETURNING not_after`, ref)[0]
              : all(`${DELETE_UNLEASED_ROW} RETURNING not_after`, ref, u64(at))[0];
          return tombstoneFor(ref, removed);
        });
      }
      return (at === undefined ? run(DELETE_ROW, ref) : run(DELETE_UNLEASED_ROW, ref, u64(at))) === 1;
    },
    async leaseKeyPackage(ref, lease, now) {
      return rowOf(all(LEASE_ROW, lease.token, u64(lease.expiresAt), ref, u64(now))[0]);
    },
    async endKeyPackageLease(ref, token, remove, tombstone) {
      if (remove && tombstone === true) {
        return transaction(db, () => tombstoneFor(ref, all(DELETE_LEASED_ROW_RETURNING, ref, token)[0]));
      }
      return run(remove ? DELETE_LEASED_ROW : END_LEASE, ref, token) === 1;
    },
    async keyPackageStatus(ref, at) {
      const r = all(STATUS, ref, ref, ref)[0]!;
      const expiresAt = r.lease_expires_at;
      // The lease's token is not needed to judge liveness: any expiry stands for a lease.
      const lease =
        expiresAt === null || expiresAt === undefined
          ? undefined
          : { token: new Uint8Array(0), expiresAt: fromU64(expiresAt) };
      return keyPackageStatusOf(Number(r.has_row) !== 0, lease, Number(r.has_tombstone) !== 0, at);
    },
    async pruneTombstones(expiredAt) {
      return run("DELETE FROM key_package_tombstones WHERE not_after < ?", u64(expiredAt));
    },
    async scanKeyPackages(query: KeyPackageQuery, page: ScanPage) {
      const w = where(query, page.after);
      const sql = `SELECT ${INDEX_COLUMNS} FROM key_packages${w.sql} ORDER BY ref LIMIT ?`;
      return db.all(sql, [...w.params, page.limit], true).map(summaryOf);
    },
    async countKeyPackages(query) {
      const w = where(query, undefined);
      return Number(db.all(`SELECT count(*) AS n FROM key_packages${w.sql}`, w.params, true)[0]!.n);
    },
    async getSignatureKey(id) {
      const r = all("SELECT record FROM signature_keys WHERE id = ?", id)[0];
      return r === undefined ? undefined : plain(r.record);
    },
    async putSignatureKey(id, record) {
      run("INSERT OR REPLACE INTO signature_keys (id, record) VALUES (?, ?)", id, record);
    },
    async deleteSignatureKey(id) {
      return run("DELETE FROM signature_keys WHERE id = ?", id) === 1;
    },
    async listSignatureKeys() {
      return all("SELECT id, record FROM signature_keys").map((r) => ({
        id: plain(r.id),
        record: plain(r.record),
      }));
    },
    async getMeta(name) {
      const r = all(GET_META, name)[0];
      return r === undefined ? undefined : plain(r.value);
    },
    async initMeta(name, value) {
      return transaction(db, () => {
        run("INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)", name, value);
        return plain(all(GET_META, name)[0]!.value);
      });
    },
    async rewrite(batch) {
      transaction(db, () => {
        for (const { ref, record } of batch.keyPackages) run(UPDATE_RECORD, record, ref);
        for (const { id, record } of batch.signatureKeys) {
          run("UPDATE signature_keys SET record = ? WHERE id = ?", record, id);
        }
        for (const { name, value } of batch.meta) {
          if (value === null) run("DELETE FROM meta WHERE name = ?", name);
          else run("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", name, value);
        }
      });
      // Drop the WAL's copies of the old records now rather than at some later checkpoint.
      db.all("PRAGMA wal_checkpoint(TRUNCATE)", [], false);
    },
    async close() {
      db.close();
    },
  };
}
