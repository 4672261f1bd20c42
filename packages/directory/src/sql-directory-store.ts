/**
 * @module sql-directory-store
 * Over 400 lines: one class implementing every method of `DirectoryStore` over a dialect (its SQL already lives in directory-sql.ts and key-material-sql.ts).
 *
 * The directory's storage rules, written once over a {@link DirectorySqlDialect}: registration,
 * publish (all or nothing: duplicate refs, last-resort replacement, quota), claim (one package
 * per client, each ordinary package once, last resort when none is left), counts, rate limits,
 * pruning and migrations. The SQLite and PostgreSQL stores are this store over their dialect.
 *
 * Concurrency (see the dialect's locks): every write that reads before it writes runs in one
 * transaction (a claim is one statement where the database allows writes in a `WITH`). A publish first locks its client's row, so two publishes of one client cannot both
 * pass the quota or both replace the last resort; a claim takes each package with
 * `DELETE … RETURNING` on a row it locked (skipping rows other claims hold), so no package is
 * handed out twice, and a client gets its last resort only when that delete found nothing.
 */
import { toHex } from "@mlskit/codec";
import { DirectoryErrorCode, directoryError } from "@mlskit/directory-protocol";
import type { MlsError } from "@mlskit/errors";
import { CHUNK, list, statements, useLastResort } from "./directory-sql.js";
import type {
  ClaimedKeyPackage,
  ClaimResult,
  ClientRecord,
  DirectoryStore,
  KeyMaterialClaim,
  KeyMaterialClaimRequest,
  KeyPackageCount,
  KeyPackageRoute,
  PublishOptions,
  RateLimitResult,
  StoredKeyPackageInput,
  StoredKeyPackageSummary,
} from "./directory-store.js";
import {
  CapabilitiesCache,
  claimKeyMaterial,
  deleteKeyPackageRoutes,
  findKeyPackageRoutes,
  hitRequesterRateLimit,
  pruneKeyMaterial,
  recordOffers,
} from "./key-material-sql.js";
import { pendingMigrations, SCHEMA_TABLE_DDL } from "./migrations.js";
import { big, bool, bytes, clientOf, num, rateLimitResult, storageFailure } from "./rows.js";
import type { DirectorySqlDialect, SqlExecutor, SqlRow } from "./sql-dialect.js";

/**
 * A `DirectoryStore` over a dialect: every rule of the interface, once.
 *
 * @param dialect - the database
 * @returns the store (not yet migrated: call `migrate()`)
 * @internal
 */
export function createSqlDirectoryStore(dialect: DirectorySqlDialect): DirectoryStore {
  return new SqlDirectoryStore(dialect);
}

class SqlDirectoryStore implements DirectoryStore {
  readonly kind: "sqlite" | "postgres";
  readonly #d: DirectorySqlDialect;
  readonly #s: ReturnType<typeof statements>;
  readonly #capabilities = new CapabilitiesCache();
  #closed = false;

  constructor(dialect: DirectorySqlDialect) {
    this.kind = dialect.kind;
    this.#d = dialect;
    this.#s = statements(dialect);
  }

  /** Run `body`; a closed store and any driver error become `DIRECTORY_STORAGE_FAILURE`. */
  async #run<T>(body: () => Promise<T>, onUniqueViolation?: (e: unknown) => MlsError): Promise<T> {
    if (this.#closed)
      throw directoryError(DirectoryErrorCode.storageFailure, "the directory store is closed");
    try {
      return await body();
    } catch (e) {
      if (onUniqueViolation !== undefined && this.#d.isUniqueViolation(e)) throw onUniqueViolation(e);
      return storageFailure(this.#d.label, e);
    }
  }

  async migrate(): Promise<number> {
    return this.#run(() =>
      this.#d.transaction(async (tx) => {
        if (this.#d.migrationLock !== undefined) await tx.query(this.#d.migrationLock);
        await tx.execute(SCHEMA_TABLE_DDL);
        const current = num(
          (await tx.query("SELECT COALESCE(MAX(version), 0) AS v FROM directory_schema"))[0]?.v,
        );
        const { pending, latest } = pendingMigrations(this.#d.migrations, current);
        for (const m of pending) {
          for (const statement of m.statements) await tx.execute(statement);
          await m.backfill?.(tx);
          await tx.execute(
            "INSERT INTO directory_schema (version, description, applied_at) VALUES (?, ?, ?)",
            [m.version, m.description, Math.floor(Date.now() / 1000)],
          );
        }
        return latest;
      }),
    );
  }

  async addClient(c: {
    readonly userId: string;
    readonly clientId: string;
    readonly credential: Uint8Array;
    readonly tokenHash: Uint8Array;
    readonly now: bigint;
  }): Promise<ClientRecord> {
    const added = await this.#run(async () => {
      try {
        const [row] = await this.#d.query(this.#s.insertClient, [
          c.userId,
          c.clientId,
          c.credential,
          c.tokenHash,
          c.now,
        ]);
        return clientOf(row!);
      } catch (e) {
        if (this.#d.isUniqueViolation(e)) return undefined;
        throw e;
      }
    });
    if (added !== undefined) return added;
    // Say which rule refused it: the ids are taken, or another client holds the credential.
    const rows = await this.#run(() =>
      this.#d.query(this.#s.clientsInConflict, [c.userId, c.clientId, c.credential]),
    );
    const ids = { userId: c.userId, clientId: c.clientId };
    const same = (r: SqlRow) => String(r.user_id) === c.userId && String(r.client_id) === c.clientId;
    const holder = rows.find((r) => !same(r));
    if (rows.some(same))
      throw directoryError(
        DirectoryErrorCode.clientExists,
        `client "${c.clientId}" of user "${c.userId}" is already registered`,
        { ...ids, conflict: "client" },
      );
    if (holder !== undefined)
      throw directoryError(
        DirectoryErrorCode.clientExists,
        `the credential is already registered to client "${String(holder.client_id)}" of user "${String(holder.user_id)}"`,
        {
          ...ids,
          conflict: "credential",
          holderUserId: String(holder.user_id),
          holderClientId: String(holder.client_id),
        },
      );
    // The conflicting client was removed in between.
    throw directoryError(
      DirectoryErrorCode.clientExists,
      `client "${c.clientId}" of user "${c.userId}" met a client removed meanwhile; try again`,
      ids,
    );
  }

  async removeClient(userId: string, clientId: string): Promise<boolean> {
    return this.#run(async () => (await this.#d.execute(this.#s.removeClient, [userId, clientId])) > 0);
  }

  async setClientTokenHash(userId: string, clientId: string, tokenHash: Uint8Array): Promise<boolean> {
    return this.#run(
      async () => (await this.#d.execute(this.#s.setTokenHash, [tokenHash, userId, clientId])) > 0,
    );
  }

  async listClients(userId?: string): Promise<ClientRecord[]> {
    return this.#run(async () =>
      (userId === undefined
        ? await this.#d.query(this.#s.allClients)
        : await this.#d.query(this.#s.clientsOfUser, [userId])
      ).map(clientOf),
    );
  }

  async findClientByTokenHash(tokenHash: Uint8Array): Promise<ClientRecord | undefined> {
    return this.#run(async () => {
      const [row] = await this.#d.query(this.#s.clientByToken, [tokenHash]);
      return row === undefined ? undefined : clientOf(row);
    });
  }

  async publish(
    client: number,
    packages: readonly StoredKeyPackageInput[],
    opts: PublishOptions,
  ): Promise<{ readonly replacedLastResort: readonly Uint8Array[] }> {
    return this.#run(
      async () => {
        // The capabilities' ids first, outside the transaction: no lock is held on their rows.
        const capabilities = await this.#capabilities.idsOf(
          this.#d,
          packages.map((p) => p.capabilities),
        );
        return this.#d.transaction(async (tx) => {
          // Serialise the publishes of one client: the quota and the last-resort swap read, then write.
          await tx.query(this.#s.lockClient, [client]);
          await refuseDuplicates(tx, packages);
          // A last-resort package replaces the client's previous one of its suite (RFC 9420 §16.8:
          // one is enough, and the newest is the one to hand out).
          const replaced: Uint8Array[] = [];
          let replacedLive = 0;
          for (const p of packages) {
            if (!p.lastResort) continue;
            for (const row of await tx.query(this.#s.lastResortOf, [client, p.cipherSuite])) {
              replaced.push(bytes(row.ref));
              if (big(row.not_after) >= opts.now) replacedLive++;
            }
          }
          const stored = num((await tx.query(this.#s.liveCount, [client, opts.now]))[0]?.n);
          const after = stored - replacedLive + packages.length;
          if (after > opts.quota) {
            throw directoryError(
              DirectoryErrorCode.quotaExceeded,
              `the client would store ${after} key packages; its quota is ${opts.quota}`,
              { stored, quota: opts.quota, batch: packages.length },
            );
          }
          for (const ref of replaced) await tx.execute(this.#s.deleteRef, [ref]);
          for (let i = 0; i < packages.length; i += CHUNK) {
            const chunk = packages.slice(i, i + CHUNK);
            await tx.execute(
              `INSERT INTO directory_key_packages
               (ref, client, cipher_suite, last_resort, not_before, not_after, message, created_at, capabilities)
               VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
              chunk.flatMap((p, j) => [
                p.ref,
                client,
                p.cipherSuite,
                p.lastResort,
                p.notBefore,
                p.notAfter,
                p.message,
                opts.now,
                capabilities[i + j]!,
              ]),
            );
          }
          await recordOffers(
            tx,
            client,
            packages.map((p, i) => ({
              cipherSuite: p.cipherSuite,
              lastResort: p.lastResort,
              capabilities: capabilities[i]!,
            })),
          );
          return { replacedLastResort: replaced };
        });
      },
      // Two clients racing with the very same package (rows of different clients do not lock
      // each other): the loser meets the primary key.
      () =>
        directoryError(
          DirectoryErrorCode.duplicateKeyPackage,
          "a key package of the batch is already published",
        ),
    );
  }

  async claim(userId: string, cipherSuite: number, now: bigint): Promise<ClaimResult> {
    const rows = await this.#run(() =>
      this.#d.writesInWith
        ? this.#d.query(this.#s.claimInOneStatement, [userId, cipherSuite, now, now, cipherSuite, now, now])
        : this.#d.transaction(async (tx) => {
            const clients = await tx.query(this.#s.claimClients, [userId]);
            if (clients.length === 0) return [];
            const got = new Map<number, SqlRow>();
            for (const row of await tx.query(this.#s.takeOrdinary, [cipherSuite, now, now, userId]))
              got.set(num(row.client), { ...row, last_resort: false });
            const without = clients.map((c) => num(c.id)).filter((id) => !got.has(id));
            if (without.length > 0) {
              const used = await tx.query(useLastResort(list(without.length)), [
                ...without,
                cipherSuite,
                now,
                now,
              ]);
              for (const row of used) got.set(num(row.client), { ...row, last_resort: true });
            }
            return clients.map((c) => ({ ...c, ...got.get(num(c.id)) }));
          }),
    );
    // Client id order, the same in every database (collations differ).
    rows.sort((a, b) => (String(a.client_id) < String(b.client_id) ? -1 : 1));
    const keyPackages: ClaimedKeyPackage[] = [];
    const missingClients: string[] = [];
    for (const r of rows) {
      const clientId = String(r.client_id);
      if (r.ref === null || r.ref === undefined) missingClients.push(clientId);
      else
        keyPackages.push({
          clientId,
          ref: bytes(r.ref),
          lastResort: bool(r.last_resort),
          message: bytes(r.message),
        });
    }
    return { userFound: rows.length > 0, keyPackages, missingClients };
  }

  async count(client: number, cipherSuite: number, now: bigint): Promise<KeyPackageCount> {
    return this.#run(async () => {
      const [r] = await this.#d.query(this.#s.count, [
        client,
        cipherSuite,
        now,
        now,
        client,
        cipherSuite,
        now,
        now,
      ]);
      const n = num(r!.n);
      return r!.ref === null || r!.ref === undefined
        ? { count: n }
        : {
            count: n,
            lastResort: { ref: bytes(r!.ref), notAfter: big(r!.not_after), claims: num(r!.claims) },
          };
    });
  }

  async list(client: number, cipherSuite?: number): Promise<StoredKeyPackageSummary[]> {
    return this.#run(async () => {
      const rows =
        cipherSuite === undefined
          ? await this.#d.query(this.#s.listAll, [client])
          : await this.#d.query(this.#s.listSuite, [client, cipherSuite]);
      return rows.map((r) => ({
        ref: bytes(r.ref),
        cipherSuite: num(r.cipher_suite),
        lastResort: bool(r.last_resort),
        notBefore: big(r.not_before),
        notAfter: big(r.not_after),
        createdAt: big(r.created_at),
        claims: num(r.claims),
      }));
    });
  }

  async delete(client: number, ref: Uint8Array): Promise<boolean> {
    return this.#run(async () => (await this.#d.execute(this.#s.deleteOwn, [client, ref])) > 0);
  }

  async hitRateLimit(hit: {
    readonly claimer: number;
    readonly targetUser: string;
    readonly now: bigint;
    readonly windowSeconds: number;
    readonly limit: number;
  }): Promise<RateLimitResult> {
    const window = BigInt(hit.windowSeconds);
    const windowStart = (hit.now / window) * window;
    return this.#run(async () => {
      const [row] = await this.#d.query(this.#s.rateLimit, [
        hit.claimer,
        hit.targetUser,
        windowStart,
        hit.targetUser,
      ]);
      if (row === undefined)
        return { userFound: false, allowed: true, remaining: hit.limit, retryAfterSeconds: 1 };
      return rateLimitResult(num(row.hits), hit.limit, windowStart + window, hit.now);
    });
  }

  async pruneExpired(
    now: bigint,
    rateLimitWindowSeconds: number,
  ): ReturnType<DirectoryStore["pruneExpired"]> {
    const before = now - BigInt(rateLimitWindowSeconds);
    return this.#run(() =>
      this.#d.transaction(async (tx) => {
        const keyPackages = await tx.execute(this.#s.pruneKeyPackages, [now]);
        const rateLimits = await tx.execute(this.#s.pruneRateLimits, [before]);
        const mimi = await pruneKeyMaterial(tx, now, before);
        return { keyPackages, rateLimits: rateLimits + mimi.rateLimits, keyPackageRoutes: mimi.routes };
      }),
    );
  }

  async claimKeyMaterial(req: KeyMaterialClaimRequest): Promise<KeyMaterialClaim> {
    return this.#run(() => claimKeyMaterial(this.#d, this.#capabilities, req));
  }

  async findKeyPackageRoutes(ref: Uint8Array, now: bigint): Promise<KeyPackageRoute[]> {
    return this.#run(() => findKeyPackageRoutes(this.#d, ref, now));
  }

  async deleteKeyPackageRoutes(ref: Uint8Array): Promise<boolean> {
    return this.#run(async () => (await deleteKeyPackageRoutes(this.#d, ref)) > 0);
  }

  async hitRequesterRateLimit(hit: {
    readonly requester: string;
    readonly targetUser: string;
    readonly now: bigint;
    readonly windowSeconds: number;
    readonly limit: number;
  }): Promise<RateLimitResult> {
    return this.#run(() => hitRequesterRateLimit(this.#d, hit));
  }

  async ping(): Promise<void> {
    await this.#run(() => this.#d.query(this.#s.ping));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#d.close();
  }
}

/**
 * Refuse a batch holding a ref that is already stored, naming the first such package.
 * @param tx - the publish transaction
 * @param packages - the batch
 * @throws ValidationError `DIRECTORY_DUPLICATE_KEY_PACKAGE` with `details.index` and `details.ref`
 */
async function refuseDuplicates(tx: SqlExecutor, packages: readonly StoredKeyPackageInput[]): Promise<void> {
  const stored = new Set<string>();
  for (let i = 0; i < packages.length; i += CHUNK) {
    const chunk = packages.slice(i, i + CHUNK);
    const rows = await tx.query(
      `SELECT ref FROM directory_key_packages WHERE ref IN (${list(chunk.length)})`,
      chunk.map((p) => p.ref),
    );
    for (const r of rows) stored.add(toHex(bytes(r.ref)));
  }
  if (stored.size === 0) return;
  const index = packages.findIndex((p) => stored.has(toHex(p.ref)));
  throw directoryError(
    DirectoryErrorCode.duplicateKeyPackage,
    `key package ${index} of the batch is already published`,
    { index, ref: toHex(packages[index]!.ref) },
  );
}
