/**
 * @module sqlite-backend
 * A `KeyStoreBackend` on one SQLite file through better-sqlite3: WAL journal, a busy timeout so
 * that processes sharing the file wait for each other's locks, every write in one transaction,
 * schema migrations keyed by `PRAGMA user_version`.
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
import type {
  KeyPackageLeaseCondition,
  KeyPackageQuery,
  KeyPackageRow,
  KeyPackageSummary,
  KeyStoreBackend,
  ScanPage,
} from "@mlskit/keystore";
import Database from "better-sqlite3";

/**
 * The schema version this library creates and reads (stored in `PRAGMA user_version`). Older
 * databases are migrated on open; a newer one gives `STORE_SCHEMA_TOO_NEW`.
 *
 * @example
 * ```ts
 * import { SQLITE_SCHEMA_VERSION } from "@mlskit/keystore-sqlite";
 * db.pragma("user_version", { simple: true }) === SQLITE_SCHEMA_VERSION;
 * ```
 */
export const SQLITE_SCHEMA_VERSION = 2;

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
];

/** Options of {@link openSqliteBackend}. @internal */
export interface SqliteBackendOptions {
  /** Database file (created when missing). */
  readonly path: string;
  /** How long to wait for another connection's lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** `"full"` (default) or `"normal"`; see the module note. */
  readonly synchronous?: "full" | "normal";
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

function fromU64(b: Uint8Array): bigint {
  if (b.length !== 8) throw new RangeError(`expected an 8-byte uint64, got ${b.length} bytes`);
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
}

/** A plain Uint8Array copy of a Buffer (Buffer's `slice` does not copy; the store relies on it). */
function plain(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

interface RawRow {
  ref: Uint8Array;
  cipher_suite: number;
  not_before: Uint8Array;
  not_after: Uint8Array;
  last_resort: number;
  signature_key: Uint8Array;
  created_at: Uint8Array;
  record?: Uint8Array;
}

/** Rows without a live lease at `?` (a uint64 BLOB): no lease, or one that expired. */
const UNLEASED = "(lease_expires_at IS NULL OR lease_expires_at <= ?)";

function summaryOf(r: RawRow): KeyPackageSummary {
  return {
    ref: plain(r.ref),
    cipherSuite: r.cipher_suite,
    notBefore: fromU64(r.not_before),
    notAfter: fromU64(r.not_after),
    lastResort: r.last_resort !== 0,
    signatureKey: plain(r.signature_key),
    createdAt: fromU64(r.created_at),
  };
}

function where(query: KeyPackageQuery, after: Uint8Array | undefined): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
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

function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > SQLITE_SCHEMA_VERSION) throw new SchemaTooNewError(current);
    for (let v = current; v < SQLITE_SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    if (current !== SQLITE_SCHEMA_VERSION) db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Open (creating and migrating when needed) a SQLite file as a key store backend.
 *
 * @param opts - path, busy timeout, durability
 * @returns the backend
 * @throws SchemaTooNewError for a database of a newer schema; better-sqlite3's errors otherwise
 * @internal
 */
export function openSqliteBackend(opts: SqliteBackendOptions): KeyStoreBackend {
  const db = new Database(opts.path, { timeout: opts.busyTimeoutMs ?? 5000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${opts.synchronous === "normal" ? "NORMAL" : "FULL"}`);
    // Overwrite deleted content: a taken key package's private keys must not linger in free pages
    // (forward secrecy, RFC 9420 §16.6), nor plaintext records after rekey.
    db.pragma("secure_delete = ON");
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }

  const ROW_COLUMNS =
    "ref, cipher_suite, not_before, not_after, last_resort, signature_key, created_at, record";
  const getRow = db.prepare<[Uint8Array], RawRow>(`SELECT ${ROW_COLUMNS} FROM key_packages WHERE ref = ?`);
  const getUnleasedRow = db.prepare<[Uint8Array, Uint8Array], RawRow>(
    `SELECT ${ROW_COLUMNS} FROM key_packages WHERE ref = ? AND ${UNLEASED}`,
  );
  // An upsert, not INSERT OR REPLACE: a replaced row keeps its lease.
  const upsertRow = db.prepare(
    `INSERT INTO key_packages
       (ref, cipher_suite, not_before, not_after, last_resort, signature_key, created_at, record)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (ref) DO UPDATE SET
       cipher_suite = excluded.cipher_suite, not_before = excluded.not_before,
       not_after = excluded.not_after, last_resort = excluded.last_resort,
       signature_key = excluded.signature_key, created_at = excluded.created_at,
       record = excluded.record`,
  );
  const deleteRow = db.prepare("DELETE FROM key_packages WHERE ref = ?");
  const deleteUnleasedRow = db.prepare(`DELETE FROM key_packages WHERE ref = ? AND ${UNLEASED}`);
  const leaseRow = db.prepare<[Uint8Array, Uint8Array, Uint8Array, Uint8Array], RawRow>(
    `UPDATE key_packages SET lease_token = ?, lease_expires_at = ?
     WHERE ref = ? AND ${UNLEASED} RETURNING ${ROW_COLUMNS}`,
  );
  const deleteLeasedRow = db.prepare("DELETE FROM key_packages WHERE ref = ? AND lease_token = ?");
  const endLease = db.prepare(
    "UPDATE key_packages SET lease_token = NULL, lease_expires_at = NULL WHERE ref = ? AND lease_token = ?",
  );
  const updateRecord = db.prepare("UPDATE key_packages SET record = ? WHERE ref = ?");
  const getSig = db.prepare<[Uint8Array], { record: Uint8Array }>(
    "SELECT record FROM signature_keys WHERE id = ?",
  );
  const putSig = db.prepare("INSERT OR REPLACE INTO signature_keys (id, record) VALUES (?, ?)");
  const deleteSig = db.prepare("DELETE FROM signature_keys WHERE id = ?");
  const updateSig = db.prepare("UPDATE signature_keys SET record = ? WHERE id = ?");
  const listSigs = db.prepare<[], { id: Uint8Array; record: Uint8Array }>(
    "SELECT id, record FROM signature_keys",
  );
  const getMeta = db.prepare<[string], { value: Uint8Array }>("SELECT value FROM meta WHERE name = ?");
  const insertMeta = db.prepare("INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)");
  const setMeta = db.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)");
  const deleteMeta = db.prepare("DELETE FROM meta WHERE name = ?");
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let s = statements.get(sql);
    if (s === undefined) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const INDEX_COLUMNS = "ref, cipher_suite, not_before, not_after, last_resort, signature_key, created_at";

  const putRows = db.transaction((rows: readonly KeyPackageRow[]) => {
    for (const r of rows) {
      upsertRow.run(
        r.ref,
        r.cipherSuite,
        u64(r.notBefore),
        u64(r.notAfter),
        r.lastResort ? 1 : 0,
        r.signatureKey,
        u64(r.createdAt),
        r.record,
      );
    }
  });
  const initMeta = db.transaction((name: string, value: Uint8Array) => {
    insertMeta.run(name, value);
    return getMeta.get(name)!.value;
  });
  const rewrite = db.transaction((batch: Parameters<KeyStoreBackend["rewrite"]>[0]) => {
    for (const { ref, record } of batch.keyPackages) updateRecord.run(record, ref);
    for (const { id, record } of batch.signatureKeys) updateSig.run(record, id);
    for (const { name, value } of batch.meta) {
      if (value === null) deleteMeta.run(name);
      else setMeta.run(name, value);
    }
  });

  return {
    async getKeyPackage(ref, condition?: KeyPackageLeaseCondition) {
      const at = condition?.unleasedAt;
      const r = at === undefined ? getRow.get(ref) : getUnleasedRow.get(ref, u64(at));
      return r === undefined ? undefined : { ...summaryOf(r), record: plain(r.record!) };
    },
    async putKeyPackages(rows) {
      // IMMEDIATE: take the write lock up front, so a busy database is waited for (busy_timeout)
      // rather than failing on a read-to-write upgrade.
      putRows.immediate(rows);
    },
    async deleteKeyPackage(ref, condition?: KeyPackageLeaseCondition) {
      const at = condition?.unleasedAt;
      return (at === undefined ? deleteRow.run(ref) : deleteUnleasedRow.run(ref, u64(at))).changes === 1;
    },
    async leaseKeyPackage(ref, lease, now) {
      const r = leaseRow.get(lease.token, u64(lease.expiresAt), ref, u64(now));
      return r === undefined ? undefined : { ...summaryOf(r), record: plain(r.record!) };
    },
    async endKeyPackageLease(ref, token, remove) {
      return (remove ? deleteLeasedRow : endLease).run(ref, token).changes === 1;
    },
    async scanKeyPackages(query: KeyPackageQuery, page: ScanPage) {
      const w = where(query, page.after);
      const rows = prepared(`SELECT ${INDEX_COLUMNS} FROM key_packages${w.sql} ORDER BY ref LIMIT ?`).all(
        ...w.params,
        page.limit,
      ) as RawRow[];
      return rows.map(summaryOf);
    },
    async countKeyPackages(query) {
      const w = where(query, undefined);
      const r = prepared(`SELECT count(*) AS n FROM key_packages${w.sql}`).get(...w.params) as { n: number };
      return r.n;
    },
    async getSignatureKey(id) {
      const r = getSig.get(id);
      return r === undefined ? undefined : plain(r.record);
    },
    async putSignatureKey(id, record) {
      putSig.run(id, record);
    },
    async deleteSignatureKey(id) {
      return deleteSig.run(id).changes === 1;
    },
    async listSignatureKeys() {
      return listSigs.all().map((r) => ({ id: plain(r.id), record: plain(r.record) }));
    },
    async getMeta(name) {
      const r = getMeta.get(name);
      return r === undefined ? undefined : plain(r.value);
    },
    async initMeta(name, value) {
      return plain(initMeta.immediate(name, value));
    },
    async rewrite(batch) {
      rewrite.immediate(batch);
      // Drop the WAL's copies of the old records now rather than at some later checkpoint.
      db.pragma("wal_checkpoint(TRUNCATE)");
    },
    async close() {
      db.close();
    },
  };
}
