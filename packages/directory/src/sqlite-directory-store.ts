/**
 * @module sqlite-directory-store
 * The embedded `DirectoryStore`: one SQLite file through better-sqlite3, in WAL mode with a busy
 * timeout. Every write runs in a `BEGIN IMMEDIATE` transaction, which holds SQLite's single write
 * lock from its first statement: claims and publishes are serialised across the connections of
 * any number of processes sharing the file, so each ordinary package is handed out once.
 */
import Database from "better-sqlite3";
import type {
  ClaimedKeyPackage,
  ClientRecord,
  DirectoryStore,
  KeyPackageCount,
  StoredKeyPackageSummary,
} from "./directory-store.js";
import { DirectoryErrorCode, directoryError } from "./errors.js";
import { pendingMigrations, SCHEMA_TABLE_DDL, SQLITE_MIGRATIONS } from "./migrations.js";
import { big, bytes, clientOf, storageFailure as failWith, num, type Row, rateLimitResult } from "./rows.js";

/**
 * Options of {@link openSqliteDirectoryStore}.
 *
 * @example
 * ```ts
 * const opts: SqliteDirectoryStoreOptions = { path: "directory.db", synchronous: "full" };
 * ```
 */
export interface SqliteDirectoryStoreOptions {
  /** File path, or `:memory:` for a private in-memory database. */
  readonly path: string;
  /** How long a statement waits for another connection's write lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Apply the migrations on open. Default true. */
  readonly migrate?: boolean;
  /**
   * SQLite's `synchronous` in WAL mode. `normal` (default): a commit survives a crash of the
   * process, and the last commits may be lost on power failure or an OS crash (a claimed package
   * could then be handed out again). `full`: every commit is fsynced too (about 5x slower claims
   * on a typical disk).
   */
  readonly synchronous?: "normal" | "full";
}

function storageFailure(e: unknown): never {
  return failWith("SQLite", e);
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown })?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * Open (and by default migrate) an SQLite directory store.
 *
 * @param opts - path and options
 * @returns the store
 * @throws StorageError DIRECTORY_STORAGE_FAILURE when the file cannot be opened,
 *   DIRECTORY_SCHEMA_TOO_NEW when it was written by a newer version
 * @example
 * ```ts
 * const store = await openSqliteDirectoryStore({ path: "directory.db" });
 * ```
 */
export async function openSqliteDirectoryStore(opts: SqliteDirectoryStoreOptions): Promise<DirectoryStore> {
  if (typeof opts?.path !== "string" || opts.path === "") throw new TypeError(`"path" expected a file path`);
  let db: Database.Database;
  try {
    db = new Database(opts.path, { timeout: opts.busyTimeoutMs ?? 5000 });
    if (opts.path !== ":memory:") db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${opts.synchronous === "full" ? "FULL" : "NORMAL"}`);
    db.pragma("foreign_keys = ON");
  } catch (e) {
    storageFailure(e);
  }
  const store = new SqliteDirectoryStore(db);
  if (opts.migrate !== false) await store.migrate();
  return store;
}

class SqliteDirectoryStore implements DirectoryStore {
  readonly kind = "sqlite" as const;
  readonly #db: Database.Database;
  #closed = false;
  #statements: Map<string, Database.Statement> = new Map();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #stmt(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (s === undefined) {
      s = this.#db.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }

  #run<T>(body: () => T): T {
    if (this.#closed)
      throw directoryError(DirectoryErrorCode.storageFailure, "the directory store is closed");
    try {
      return body();
    } catch (e) {
      storageFailure(e);
    }
  }

  async migrate(): Promise<number> {
    return this.#run(() =>
      this.#db
        .transaction(() => {
          this.#db.exec(SCHEMA_TABLE_DDL);
          const current = num(
            (this.#db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM directory_schema").get() as Row).v,
          );
          const { pending, latest } = pendingMigrations(SQLITE_MIGRATIONS, current);
          for (const m of pending) {
            for (const sql of m.statements) this.#db.exec(sql);
            this.#db
              .prepare("INSERT INTO directory_schema (version, description, applied_at) VALUES (?, ?, ?)")
              .run(m.version, m.description, Math.floor(Date.now() / 1000));
          }
          return latest;
        })
        .immediate(),
    );
  }

  async addClient(c: {
    userId: string;
    clientId: string;
    credential: Uint8Array;
    tokenHash: Uint8Array;
    now: bigint;
  }): Promise<ClientRecord> {
    return this.#run(() => {
      try {
        const row = this.#stmt(
          `INSERT INTO directory_clients (user_id, client_id, credential, token_hash, created_at)
           VALUES (?, ?, ?, ?, ?) RETURNING *`,
        ).get(c.userId, c.clientId, c.credential, c.tokenHash, c.now) as Row;
        return clientOf(row);
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw directoryError(
            DirectoryErrorCode.clientExists,
            `a client "${c.clientId}" of user "${c.userId}", or a client with this credential, already exists`,
            { userId: c.userId, clientId: c.clientId },
          );
        }
        throw e;
      }
    });
  }

  async removeClient(userId: string, clientId: string): Promise<boolean> {
    return this.#run(
      () =>
        this.#stmt("DELETE FROM directory_clients WHERE user_id = ? AND client_id = ?").run(userId, clientId)
          .changes > 0,
    );
  }

  async setClientTokenHash(userId: string, clientId: string, tokenHash: Uint8Array): Promise<boolean> {
    return this.#run(
      () =>
        this.#stmt("UPDATE directory_clients SET token_hash = ? WHERE user_id = ? AND client_id = ?").run(
          tokenHash,
          userId,
          clientId,
        ).changes > 0,
    );
  }

  async listClients(userId?: string): Promise<ClientRecord[]> {
    return this.#run(() => {
      const rows =
        userId === undefined
          ? this.#stmt("SELECT * FROM directory_clients ORDER BY user_id, client_id").all()
          : this.#stmt("SELECT * FROM directory_clients WHERE user_id = ? ORDER BY client_id").all(userId);
      return (rows as Row[]).map(clientOf);
    });
  }

  async findClientByTokenHash(tokenHash: Uint8Array): Promise<ClientRecord | undefined> {
    return this.#run(() => {
      const row = this.#stmt("SELECT * FROM directory_clients WHERE token_hash = ?").get(tokenHash) as
        | Row
        | undefined;
      return row === undefined ? undefined : clientOf(row);
    });
  }

  async publish(
    client: number,
    packages: readonly {
      ref: Uint8Array;
      cipherSuite: number;
      lastResort: boolean;
      notBefore: bigint;
      notAfter: bigint;
      message: Uint8Array;
    }[],
    opts: { now: bigint; quota: number },
  ): Promise<{ replacedLastResort: Uint8Array[] }> {
    return this.#run(() =>
      this.#db
        .transaction(() => {
          const exists = this.#stmt("SELECT 1 FROM directory_key_packages WHERE ref = ?");
          packages.forEach((p, index) => {
            if (exists.get(p.ref) !== undefined) {
              throw directoryError(
                DirectoryErrorCode.duplicateKeyPackage,
                `key package ${index} of the batch is already published`,
                { index, ref: Buffer.from(p.ref).toString("hex") },
              );
            }
          });
          const replaced: Uint8Array[] = [];
          let replacedLive = 0;
          const lastResortOf = this.#stmt(
            "SELECT ref, not_after FROM directory_key_packages WHERE client = ? AND cipher_suite = ? AND last_resort = 1",
          );
          for (const p of packages) {
            if (!p.lastResort) continue;
            const row = lastResortOf.get(client, p.cipherSuite) as Row | undefined;
            if (row === undefined) continue;
            replaced.push(bytes(row.ref));
            if (big(row.not_after) >= opts.now) replacedLive++;
          }
          const stored = num(
            (
              this.#stmt(
                "SELECT COUNT(*) AS n FROM directory_key_packages WHERE client = ? AND not_after >= ?",
              ).get(client, opts.now) as Row
            ).n,
          );
          const after = stored - replacedLive + packages.length;
          if (after > opts.quota) {
            throw directoryError(
              DirectoryErrorCode.quotaExceeded,
              `the client would store ${after} key packages; its quota is ${opts.quota}`,
              { stored, quota: opts.quota, batch: packages.length },
            );
          }
          const del = this.#stmt("DELETE FROM directory_key_packages WHERE ref = ?");
          for (const ref of replaced) del.run(ref);
          const insert = this.#stmt(
            `INSERT INTO directory_key_packages
             (ref, client, cipher_suite, last_resort, not_before, not_after, message, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          );
          for (const p of packages) {
            insert.run(
              p.ref,
              client,
              p.cipherSuite,
              p.lastResort ? 1 : 0,
              p.notBefore,
              p.notAfter,
              p.message,
              opts.now,
            );
          }
          return { replacedLastResort: replaced };
        })
        .immediate(),
    );
  }

  async claim(
    userId: string,
    cipherSuite: number,
    now: bigint,
  ): Promise<{ userFound: boolean; keyPackages: ClaimedKeyPackage[]; missingClients: string[] }> {
    return this.#run(() =>
      this.#db
        .transaction(() => {
          const clients = this.#stmt(
            "SELECT id, client_id FROM directory_clients WHERE user_id = ? ORDER BY client_id",
          ).all(userId) as Row[];
          const takeOrdinary = this.#stmt(
            `DELETE FROM directory_key_packages WHERE ref = (
               SELECT ref FROM directory_key_packages
               WHERE client = ? AND cipher_suite = ? AND last_resort = 0 AND not_before <= ? AND not_after >= ?
               ORDER BY not_after, ref LIMIT 1)
             RETURNING ref, message`,
          );
          const useLastResort = this.#stmt(
            `UPDATE directory_key_packages SET claims = claims + 1
             WHERE client = ? AND cipher_suite = ? AND last_resort = 1 AND not_before <= ? AND not_after >= ?
             RETURNING ref, message`,
          );
          const keyPackages: ClaimedKeyPackage[] = [];
          const missingClients: string[] = [];
          for (const c of clients) {
            const clientId = String(c.client_id);
            const ordinary = takeOrdinary.get(c.id, cipherSuite, now, now) as Row | undefined;
            const row = ordinary ?? (useLastResort.get(c.id, cipherSuite, now, now) as Row | undefined);
            if (row === undefined) missingClients.push(clientId);
            else
              keyPackages.push({
                clientId,
                ref: bytes(row.ref),
                lastResort: ordinary === undefined,
                message: bytes(row.message),
              });
          }
          return { userFound: clients.length > 0, keyPackages, missingClients };
        })
        .immediate(),
    );
  }

  async count(client: number, cipherSuite: number, now: bigint): Promise<KeyPackageCount> {
    return this.#run(() => {
      const n = num(
        (
          this.#stmt(
            `SELECT COUNT(*) AS n FROM directory_key_packages
             WHERE client = ? AND cipher_suite = ? AND last_resort = 0 AND not_before <= ? AND not_after >= ?`,
          ).get(client, cipherSuite, now, now) as Row
        ).n,
      );
      const lr = this.#stmt(
        `SELECT ref, not_after, claims FROM directory_key_packages
         WHERE client = ? AND cipher_suite = ? AND last_resort = 1 AND not_before <= ? AND not_after >= ?`,
      ).get(client, cipherSuite, now, now) as Row | undefined;
      return lr === undefined
        ? { count: n }
        : {
            count: n,
            lastResort: { ref: bytes(lr.ref), notAfter: big(lr.not_after), claims: num(lr.claims) },
          };
    });
  }

  async list(client: number, cipherSuite?: number): Promise<StoredKeyPackageSummary[]> {
    return this.#run(() => {
      const cols = "ref, cipher_suite, last_resort, not_before, not_after, created_at, claims";
      const rows =
        cipherSuite === undefined
          ? this.#stmt(`SELECT ${cols} FROM directory_key_packages WHERE client = ? ORDER BY ref`).all(client)
          : this.#stmt(
              `SELECT ${cols} FROM directory_key_packages WHERE client = ? AND cipher_suite = ? ORDER BY ref`,
            ).all(client, cipherSuite);
      return (rows as Row[]).map((r) => ({
        ref: bytes(r.ref),
        cipherSuite: num(r.cipher_suite),
        lastResort: num(r.last_resort) === 1,
        notBefore: big(r.not_before),
        notAfter: big(r.not_after),
        createdAt: big(r.created_at),
        claims: num(r.claims),
      }));
    });
  }

  async delete(client: number, ref: Uint8Array): Promise<boolean> {
    return this.#run(
      () =>
        this.#stmt("DELETE FROM directory_key_packages WHERE client = ? AND ref = ?").run(client, ref)
          .changes > 0,
    );
  }

  async hitRateLimit(hit: {
    claimer: number;
    targetUser: string;
    now: bigint;
    windowSeconds: number;
    limit: number;
  }): Promise<{ allowed: boolean; remaining: number; retryAfterSeconds: number }> {
    const window = BigInt(hit.windowSeconds);
    const windowStart = (hit.now / window) * window;
    return this.#run(() => {
      const row = this.#stmt(
        `INSERT INTO directory_rate_limits (claimer, target_user, window_start, hits) VALUES (?, ?, ?, 1)
         ON CONFLICT (claimer, target_user) DO UPDATE SET
           hits = CASE WHEN directory_rate_limits.window_start = excluded.window_start
                       THEN directory_rate_limits.hits + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING hits`,
      ).get(hit.claimer, hit.targetUser, windowStart) as Row;
      const hits = num(row.hits);
      return rateLimitResult(hits, hit.limit, windowStart + window, hit.now);
    });
  }

  async pruneExpired(
    now: bigint,
    rateLimitWindowSeconds: number,
  ): Promise<{ keyPackages: number; rateLimits: number }> {
    return this.#run(() =>
      this.#db
        .transaction(() => ({
          keyPackages: this.#stmt("DELETE FROM directory_key_packages WHERE not_after < ?").run(now).changes,
          rateLimits: this.#stmt("DELETE FROM directory_rate_limits WHERE window_start < ?").run(
            now - BigInt(rateLimitWindowSeconds),
          ).changes,
        }))
        .immediate(),
    );
  }

  async ping(): Promise<void> {
    this.#run(() => this.#stmt("SELECT 1").get());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#statements.clear();
    this.#db.close();
  }
}
