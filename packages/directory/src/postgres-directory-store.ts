/**
 * @module postgres-directory-store
 * The scale-out `DirectoryStore`: PostgreSQL through `pg`. Any number of stateless directory
 * processes may share one database:
 * - a claim is one statement that locks one ordinary package per client with
 *   `FOR UPDATE SKIP LOCKED` and deletes it (`DELETE … RETURNING`), so concurrent claims in any
 *   process never receive the same package and never wait for each other's rows; a client with
 *   none left gets its last-resort package (its claim counter is bumped, the row stays);
 * - a publish locks the client's row first, so two publishes of one client cannot both pass the
 *   quota or both replace the last resort;
 * - migrations run under a transaction-scoped advisory lock, so processes starting together
 *   apply them once.
 */
import pg from "pg";
import type {
  ClaimedKeyPackage,
  ClientRecord,
  DirectoryStore,
  KeyPackageCount,
  StoredKeyPackageInput,
  StoredKeyPackageSummary,
} from "./directory-store.js";
import { DirectoryErrorCode, directoryError } from "./errors.js";
import { POSTGRES_MIGRATIONS, pendingMigrations, SCHEMA_TABLE_DDL } from "./migrations.js";
import { big, bytes, clientOf, storageFailure as failWith, num, type Row, rateLimitResult } from "./rows.js";

/**
 * Options of {@link openPostgresDirectoryStore}.
 *
 * @example
 * ```ts
 * const opts: PostgresDirectoryStoreOptions = { url: "postgres://postgres@127.0.0.1:5432/postgres", maxConnections: 20 };
 * ```
 */
export interface PostgresDirectoryStoreOptions {
  /** `postgres://user:password@host:port/database` (any form `pg` accepts). */
  readonly url: string;
  /** Connections in this process's pool. Default 10. */
  readonly maxConnections?: number;
  /** Apply the migrations on open. Default true. */
  readonly migrate?: boolean;
}

const MIGRATION_LOCK = 0x6d6c_736b; // "mlsk": any constant shared by every directory process
const buf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
function storageFailure(e: unknown): never {
  return failWith("PostgreSQL", e);
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown })?.code === "23505";

// One statement per claim: see the module comment. Data-modifying CTEs share one snapshot, and
// `taken` is visible to `fallback`, so a client gets its last resort only when nothing was taken.
const CLAIM_SQL = `
WITH c AS (
  SELECT id, client_id FROM directory_clients WHERE user_id = $1
),
picked AS (
  SELECT c.id AS client, (
    SELECT k.ref FROM directory_key_packages k
    WHERE k.client = c.id AND k.cipher_suite = $2 AND NOT k.last_resort
      AND k.not_before <= $3 AND k.not_after >= $3
    ORDER BY k.not_after, k.ref
    LIMIT 1
    FOR UPDATE SKIP LOCKED
  ) AS ref
  FROM c
),
taken AS (
  DELETE FROM directory_key_packages k USING picked p
  WHERE k.ref = p.ref
  RETURNING k.client, k.ref, k.message
),
fallback AS (
  UPDATE directory_key_packages k SET claims = k.claims + 1
  FROM c
  WHERE k.client = c.id AND k.cipher_suite = $2 AND k.last_resort
    AND k.not_before <= $3 AND k.not_after >= $3
    AND NOT EXISTS (SELECT 1 FROM taken t WHERE t.client = c.id)
  RETURNING k.client, k.ref, k.message
)
SELECT c.client_id, t.ref, t.message, false AS last_resort FROM c JOIN taken t ON t.client = c.id
UNION ALL
SELECT c.client_id, f.ref, f.message, true FROM c JOIN fallback f ON f.client = c.id
UNION ALL
SELECT c.client_id, NULL, NULL, NULL FROM c
WHERE NOT EXISTS (SELECT 1 FROM taken t WHERE t.client = c.id)
  AND NOT EXISTS (SELECT 1 FROM fallback f WHERE f.client = c.id)
`;

/**
 * Open (and by default migrate) a PostgreSQL directory store.
 *
 * @param opts - connection URL and pool size
 * @returns the store
 * @throws StorageError DIRECTORY_STORAGE_FAILURE when the database cannot be reached,
 *   DIRECTORY_SCHEMA_TOO_NEW when it was migrated by a newer version
 * @example
 * ```ts
 * const store = await openPostgresDirectoryStore({ url: "postgres://postgres@127.0.0.1:5432/postgres" });
 * ```
 */
export async function openPostgresDirectoryStore(
  opts: PostgresDirectoryStoreOptions,
): Promise<DirectoryStore> {
  if (typeof opts?.url !== "string" || opts.url === "")
    throw new TypeError(`"url" expected a postgres:// URL`);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.maxConnections ?? 10,
    application_name: "mlskit-directory",
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const store = new PostgresDirectoryStore(pool);
  try {
    if (opts.migrate !== false) await store.migrate();
    else await store.ping();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

class PostgresDirectoryStore implements DirectoryStore {
  readonly kind = "postgres" as const;
  readonly #pool: pg.Pool;
  #closed = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Run one statement; a `name` prepares it once per connection (hot paths: no re-planning). */
  async #query(sql: string, params: unknown[] = [], name?: string): Promise<Row[]> {
    if (this.#closed)
      throw directoryError(DirectoryErrorCode.storageFailure, "the directory store is closed");
    try {
      const config = name === undefined ? { text: sql, values: params } : { name, text: sql, values: params };
      return (await this.#pool.query(config)).rows as Row[];
    } catch (e) {
      storageFailure(e);
    }
  }

  async #execute(sql: string, params: unknown[] = []): Promise<number> {
    if (this.#closed)
      throw directoryError(DirectoryErrorCode.storageFailure, "the directory store is closed");
    try {
      return (await this.#pool.query(sql, params)).rowCount ?? 0;
    } catch (e) {
      storageFailure(e);
    }
  }

  async #transaction<T>(
    body: (q: (sql: string, params?: unknown[]) => Promise<Row[]>) => Promise<T>,
  ): Promise<T> {
    if (this.#closed)
      throw directoryError(DirectoryErrorCode.storageFailure, "the directory store is closed");
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (e) {
      storageFailure(e);
    }
    try {
      await client.query("BEGIN");
      const result = await body(async (sql, params = []) => (await client.query(sql, params)).rows as Row[]);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      if (isUniqueViolation(e)) throw e;
      storageFailure(e);
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<number> {
    return this.#transaction(async (q) => {
      await q("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await q(SCHEMA_TABLE_DDL);
      const current = num((await q("SELECT COALESCE(MAX(version), 0) AS v FROM directory_schema"))[0]?.v);
      const { pending, latest } = pendingMigrations(POSTGRES_MIGRATIONS, current);
      for (const m of pending) {
        for (const sql of m.statements) await q(sql);
        await q("INSERT INTO directory_schema (version, description, applied_at) VALUES ($1, $2, $3)", [
          m.version,
          m.description,
          Math.floor(Date.now() / 1000),
        ]);
      }
      return latest;
    });
  }

  async addClient(c: {
    userId: string;
    clientId: string;
    credential: Uint8Array;
    tokenHash: Uint8Array;
    now: bigint;
  }): Promise<ClientRecord> {
    try {
      const rows = await this.#transaction((q) =>
        q(
          `INSERT INTO directory_clients (user_id, client_id, credential, token_hash, created_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING *`,
          [c.userId, c.clientId, buf(c.credential), buf(c.tokenHash), c.now.toString()],
        ),
      );
      return clientOf(rows[0]!);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw directoryError(
        DirectoryErrorCode.clientExists,
        `a client "${c.clientId}" of user "${c.userId}", or a client with this credential, already exists`,
        { userId: c.userId, clientId: c.clientId },
      );
    }
  }

  async removeClient(userId: string, clientId: string): Promise<boolean> {
    const rows = await this.#query(
      "DELETE FROM directory_clients WHERE user_id = $1 AND client_id = $2 RETURNING id",
      [userId, clientId],
    );
    return rows.length > 0;
  }

  async setClientTokenHash(userId: string, clientId: string, tokenHash: Uint8Array): Promise<boolean> {
    const rows = await this.#query(
      "UPDATE directory_clients SET token_hash = $1 WHERE user_id = $2 AND client_id = $3 RETURNING id",
      [buf(tokenHash), userId, clientId],
    );
    return rows.length > 0;
  }

  async listClients(userId?: string): Promise<ClientRecord[]> {
    const rows =
      userId === undefined
        ? await this.#query("SELECT * FROM directory_clients ORDER BY user_id, client_id")
        : await this.#query("SELECT * FROM directory_clients WHERE user_id = $1 ORDER BY client_id", [
            userId,
          ]);
    return rows.map(clientOf);
  }

  async findClientByTokenHash(tokenHash: Uint8Array): Promise<ClientRecord | undefined> {
    const rows = await this.#query(
      "SELECT * FROM directory_clients WHERE token_hash = $1",
      [buf(tokenHash)],
      "mlskit_directory_auth",
    );
    return rows[0] === undefined ? undefined : clientOf(rows[0]);
  }

  async publish(
    client: number,
    packages: readonly StoredKeyPackageInput[],
    opts: { now: bigint; quota: number },
  ): Promise<{ replacedLastResort: Uint8Array[] }> {
    const refs = packages.map((p) => buf(p.ref));
    try {
      return await this.#transaction(async (q) => {
        // Serialise the publishes of one client: the quota and the last-resort swap read then write.
        await q("SELECT id FROM directory_clients WHERE id = $1 FOR UPDATE", [client]);
        const dup = await q("SELECT ref FROM directory_key_packages WHERE ref = ANY($1::bytea[])", [refs]);
        if (dup.length > 0) {
          const hex = (dup[0]!.ref as Buffer).toString("hex");
          const index = refs.findIndex((r) => r.toString("hex") === hex);
          throw directoryError(
            DirectoryErrorCode.duplicateKeyPackage,
            `key package ${index} of the batch is already published`,
            { index, ref: hex },
          );
        }
        const lastResortSuites = packages.filter((p) => p.lastResort).map((p) => p.cipherSuite);
        const replacedRows =
          lastResortSuites.length === 0
            ? []
            : await q(
                `SELECT ref, not_after FROM directory_key_packages
                 WHERE client = $1 AND last_resort AND cipher_suite = ANY($2::int[])`,
                [client, lastResortSuites],
              );
        const replacedLive = replacedRows.filter((r) => big(r.not_after) >= opts.now).length;
        const stored = num(
          (
            await q(
              "SELECT COUNT(*) AS n FROM directory_key_packages WHERE client = $1 AND not_after >= $2",
              [client, opts.now.toString()],
            )
          )[0]?.n,
        );
        const after = stored - replacedLive + packages.length;
        if (after > opts.quota) {
          throw directoryError(
            DirectoryErrorCode.quotaExceeded,
            `the client would store ${after} key packages; its quota is ${opts.quota}`,
            { stored, quota: opts.quota, batch: packages.length },
          );
        }
        if (replacedRows.length > 0) {
          await q("DELETE FROM directory_key_packages WHERE ref = ANY($1::bytea[])", [
            replacedRows.map((r) => r.ref),
          ]);
        }
        await q(
          `INSERT INTO directory_key_packages
           (ref, client, cipher_suite, last_resort, not_before, not_after, message, created_at)
           SELECT ref, $2, suite, lr, nb, na, msg, $3
           FROM unnest($1::bytea[], $4::int[], $5::bool[], $6::bigint[], $7::bigint[], $8::bytea[])
             AS t (ref, suite, lr, nb, na, msg)`,
          [
            refs,
            client,
            opts.now.toString(),
            packages.map((p) => p.cipherSuite),
            packages.map((p) => p.lastResort),
            packages.map((p) => p.notBefore.toString()),
            packages.map((p) => p.notAfter.toString()),
            packages.map((p) => buf(p.message)),
          ],
        );
        return { replacedLastResort: replacedRows.map((r) => bytes(r.ref)) };
      });
    } catch (e) {
      // Two clients racing with the very same package: the loser sees the primary key.
      if (!isUniqueViolation(e)) throw e;
      throw directoryError(
        DirectoryErrorCode.duplicateKeyPackage,
        "a key package of the batch is already published",
      );
    }
  }

  async claim(
    userId: string,
    cipherSuite: number,
    now: bigint,
  ): Promise<{ userFound: boolean; keyPackages: ClaimedKeyPackage[]; missingClients: string[] }> {
    const rows = await this.#query(
      CLAIM_SQL,
      [userId, cipherSuite, now.toString()],
      "mlskit_directory_claim",
    );
    rows.sort((a, b) => (String(a.client_id) < String(b.client_id) ? -1 : 1));
    const keyPackages: ClaimedKeyPackage[] = [];
    const missingClients: string[] = [];
    for (const r of rows) {
      if (r.ref === null) missingClients.push(String(r.client_id));
      else
        keyPackages.push({
          clientId: String(r.client_id),
          ref: bytes(r.ref),
          lastResort: r.last_resort === true,
          message: bytes(r.message),
        });
    }
    return { userFound: rows.length > 0, keyPackages, missingClients };
  }

  async count(client: number, cipherSuite: number, now: bigint): Promise<KeyPackageCount> {
    const rows = await this.#query(
      `SELECT
         (SELECT COUNT(*) FROM directory_key_packages
          WHERE client = $1 AND cipher_suite = $2 AND NOT last_resort AND not_before <= $3 AND not_after >= $3) AS n,
         lr.ref, lr.not_after, lr.claims
       FROM (SELECT 1) one
       LEFT JOIN directory_key_packages lr
         ON lr.client = $1 AND lr.cipher_suite = $2 AND lr.last_resort AND lr.not_before <= $3 AND lr.not_after >= $3`,
      [client, cipherSuite, now.toString()],
    );
    const r = rows[0]!;
    return r.ref === null
      ? { count: num(r.n) }
      : {
          count: num(r.n),
          lastResort: { ref: bytes(r.ref), notAfter: big(r.not_after), claims: num(r.claims) },
        };
  }

  async list(client: number, cipherSuite?: number): Promise<StoredKeyPackageSummary[]> {
    const cols = "ref, cipher_suite, last_resort, not_before, not_after, created_at, claims";
    const rows =
      cipherSuite === undefined
        ? await this.#query(`SELECT ${cols} FROM directory_key_packages WHERE client = $1 ORDER BY ref`, [
            client,
          ])
        : await this.#query(
            `SELECT ${cols} FROM directory_key_packages WHERE client = $1 AND cipher_suite = $2 ORDER BY ref`,
            [client, cipherSuite],
          );
    return rows.map((r) => ({
      ref: bytes(r.ref),
      cipherSuite: num(r.cipher_suite),
      lastResort: r.last_resort === true,
      notBefore: big(r.not_before),
      notAfter: big(r.not_after),
      createdAt: big(r.created_at),
      claims: num(r.claims),
    }));
  }

  async delete(client: number, ref: Uint8Array): Promise<boolean> {
    return (
      (await this.#execute("DELETE FROM directory_key_packages WHERE client = $1 AND ref = $2", [
        client,
        buf(ref),
      ])) > 0
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
    const rows = await this.#query(
      `INSERT INTO directory_rate_limits (claimer, target_user, window_start, hits) VALUES ($1, $2, $3, 1)
       ON CONFLICT (claimer, target_user) DO UPDATE SET
         hits = CASE WHEN directory_rate_limits.window_start = excluded.window_start
                     THEN directory_rate_limits.hits + 1 ELSE 1 END,
         window_start = excluded.window_start
       RETURNING hits`,
      [hit.claimer, hit.targetUser, windowStart.toString()],
      "mlskit_directory_rate_limit",
    );
    const hits = num(rows[0]?.hits);
    return rateLimitResult(hits, hit.limit, windowStart + window, hit.now);
  }

  async pruneExpired(
    now: bigint,
    rateLimitWindowSeconds: number,
  ): Promise<{ keyPackages: number; rateLimits: number }> {
    const keyPackages = await this.#execute("DELETE FROM directory_key_packages WHERE not_after < $1", [
      now.toString(),
    ]);
    const rateLimits = await this.#execute("DELETE FROM directory_rate_limits WHERE window_start < $1", [
      (now - BigInt(rateLimitWindowSeconds)).toString(),
    ]);
    return { keyPackages, rateLimits };
  }

  async ping(): Promise<void> {
    await this.#query("SELECT 1");
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}
