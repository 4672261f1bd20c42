/**
 * @module key-material-sql
 * The directory's MIMI storage rules, written once over a {@link DirectorySqlDialect} like the
 * others (sql-directory-store.ts): the leaf capabilities of stored key packages, the "offers"
 * that say which kinds of package each client has, the claim of key material for all clients of
 * a user, routing records and the requesters' rate limits.
 *
 * - **Capabilities** are stored once each (`directory_capabilities`, id → TLS encoding), and a
 *   package row names its leaf's by id. Ids never change and rows are never deleted, so a process
 *   keeps them in memory.
 * - **Offers** (`directory_offers`): one row per (client, suite, last resort, capabilities) a
 *   client ever published, written in the publish transaction (under the client's row lock).
 *   They are the candidates the selection ranks (`rankKeyMaterialOffers` of `@mlskit/mimi`);
 *   each is marked live when a valid package of that kind exists, so stale ones cost nothing.
 * - **The claim** runs in one transaction: read the user's clients with their live offers, rank
 *   each client's offers, then per client take one package of the best offer that still has one —
 *   an ordinary package with `DELETE … RETURNING` on a row picked with the dialect's
 *   skip-locked lock (concurrent claims in any process skip each other's rows: a package is never
 *   handed out twice), a last-resort package with `UPDATE … RETURNING` (it stays) — and record a
 *   route for each package handed out. A failure rolls everything back: nothing is lost.
 * @internal
 */
import { decode, encode, toHex } from "@mlskit/codec";
import { type Capabilities, capabilitiesCodec, decodeKeyPackageMessage } from "@mlskit/key-packages";
import { type KeyMaterialOffer, rankKeyMaterialOffers, unansweredClientStatus } from "@mlskit/mimi";
import { CHUNK, list, VALID } from "./directory-sql.js";
import type {
  ClaimedClientKeyMaterial,
  KeyMaterialClaim,
  KeyMaterialClaimRequest,
  KeyPackageRoute,
  RateLimitResult,
} from "./directory-store.js";
import { big, bool, bytes, num, rateLimitResult } from "./rows.js";
import { type DirectorySqlDialect, type SqlExecutor, type SqlRow, sql } from "./sql-dialect.js";

/** A kind of package a client has, with the id of its capabilities. */
type StoredOffer = KeyMaterialOffer & { readonly capabilitiesId: number };

/**
 * The capabilities known to this process: both directions of the id ↔ encoding map (ids are
 * never reused: rows are never deleted).
 * @internal
 */
export class CapabilitiesCache {
  readonly #byEncoding = new Map<string, number>();
  readonly #byId = new Map<number, Capabilities>();

  /** The id of each encoding, stored first if new (outside any transaction: no lock is held). */
  async idsOf(exec: SqlExecutor, encodings: readonly Uint8Array[]): Promise<number[]> {
    const out: number[] = [];
    for (const e of encodings) {
      const key = toHex(e);
      let id = this.#byEncoding.get(key);
      if (id === undefined) {
        const [row] = await exec.query(statements.upsertCapabilities, [e]);
        id = num(row!.id);
        this.#byEncoding.set(key, id);
      }
      out.push(id);
    }
    return out;
  }

  /** The capabilities of each id (read from the database when not known yet). */
  async byIds(exec: SqlExecutor, ids: readonly number[]): Promise<Map<number, Capabilities>> {
    const missing = [...new Set(ids.filter((id) => !this.#byId.has(id)))];
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      const rows = await exec.query(
        `SELECT id, encoded FROM directory_capabilities WHERE id IN (${list(chunk.length)})`,
        chunk,
      );
      for (const r of rows) {
        const encoded = bytes(r.encoded);
        this.#byId.set(num(r.id), decode(capabilitiesCodec, encoded, "Capabilities"));
        this.#byEncoding.set(toHex(encoded), num(r.id));
      }
    }
    return new Map(ids.map((id) => [id, this.#byId.get(id)!]));
  }
}

/** The statements whose text does not depend on the dialect's locks. */
const statements = {
  upsertCapabilities: sql(
    "mimi_upsert_capabilities",
    `INSERT INTO directory_capabilities (encoded) VALUES (?)
     ON CONFLICT (encoded) DO UPDATE SET encoded = excluded.encoded RETURNING id`,
  ),
  insertOffer: sql(
    "mimi_insert_offer",
    `INSERT INTO directory_offers (client, cipher_suite, last_resort, capabilities) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ),
  offersOfUser: sql(
    "mimi_offers_of_user",
    `SELECT c.id, c.client_id, o.cipher_suite, o.last_resort, o.capabilities,
       EXISTS (SELECT 1 FROM directory_key_packages k
               WHERE k.client = o.client AND k.cipher_suite = o.cipher_suite
                 AND k.last_resort = o.last_resort AND k.capabilities = o.capabilities
                 AND k.not_before <= ? AND k.not_after >= ?) AS live
     FROM directory_clients c LEFT JOIN directory_offers o ON o.client = c.id
     WHERE c.user_id = ?`,
  ),
  useLastResort: sql(
    "mimi_use_last_resort",
    `UPDATE directory_key_packages SET claims = claims + 1
     WHERE client = ? AND cipher_suite = ? AND last_resort = TRUE AND capabilities = ? AND ${VALID}
     RETURNING ref, message, not_after`,
  ),
  routesOf: sql(
    "mimi_routes_of",
    `SELECT r.ref, r.requester, r.room_id, r.last_resort, r.not_after, r.created_at, c.user_id, c.client_id
     FROM directory_mimi_routes r JOIN directory_clients c ON c.id = r.client
     WHERE r.ref = ? AND r.not_after >= ?
     ORDER BY r.created_at, r.requester`,
  ),
  deleteRoutes: sql("mimi_delete_routes", "DELETE FROM directory_mimi_routes WHERE ref = ?"),
  pruneRoutes: sql("mimi_prune_routes", "DELETE FROM directory_mimi_routes WHERE not_after < ?"),
  rateLimit: sql(
    "mimi_rate_limit",
    `INSERT INTO directory_mimi_rate_limits (requester, target_user, window_start, hits) VALUES (?, ?, ?, 1)
     ON CONFLICT (requester, target_user) DO UPDATE SET
       hits = CASE WHEN directory_mimi_rate_limits.window_start = excluded.window_start
                   THEN directory_mimi_rate_limits.hits + 1 ELSE 1 END,
       window_start = excluded.window_start
     RETURNING hits`,
  ),
  pruneRateLimits: sql(
    "mimi_prune_rate_limits",
    "DELETE FROM directory_mimi_rate_limits WHERE window_start < ?",
  ),
} as const;

/** The statement that takes one ordinary package of an offer (it carries the dialect's lock). */
const takeOrdinaryStatements = new WeakMap<DirectorySqlDialect, ReturnType<typeof sql>>();
function takeOrdinary(d: DirectorySqlDialect) {
  let s = takeOrdinaryStatements.get(d);
  if (s === undefined) {
    s = sql(
      "mimi_take_ordinary",
      `DELETE FROM directory_key_packages WHERE ref = (
         SELECT k.ref FROM directory_key_packages k
         WHERE k.client = ? AND k.cipher_suite = ? AND k.last_resort = FALSE AND k.capabilities = ?
           AND k.not_before <= ? AND k.not_after >= ?
         ORDER BY k.not_after, k.ref LIMIT 1${d.lockRowsSkipLocked})
       RETURNING ref, message, not_after`,
    );
    takeOrdinaryStatements.set(d, s);
  }
  return s;
}

/**
 * Record the offers of a published batch (in the publish transaction, under the client's lock).
 * @internal
 */
export async function recordOffers(
  tx: SqlExecutor,
  client: number,
  offers: readonly {
    readonly cipherSuite: number;
    readonly lastResort: boolean;
    readonly capabilities: number;
  }[],
): Promise<void> {
  const seen = new Set<string>();
  for (const o of offers) {
    const key = `${o.cipherSuite}/${o.lastResort}/${o.capabilities}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await tx.execute(statements.insertOffer, [client, o.cipherSuite, o.lastResort, o.capabilities]);
  }
}

/**
 * Fill the capabilities and offers of packages stored before the MIMI schema (migration 2), from
 * their own bytes, in the migration's transaction.
 * @internal
 */
export async function backfillKeyMaterialOffers(tx: SqlExecutor): Promise<void> {
  const ids = new Map<string, number>();
  for (;;) {
    const rows = await tx.query(
      `SELECT ref, client, cipher_suite, last_resort, message FROM directory_key_packages
       WHERE capabilities IS NULL LIMIT ${CHUNK}`,
    );
    if (rows.length === 0) return;
    for (const r of rows) {
      // Stored packages were validated when published: their bytes decode.
      const caps = encode(capabilitiesCodec, decodeKeyPackageMessage(bytes(r.message)).leafNode.capabilities);
      const key = toHex(caps);
      let id = ids.get(key);
      if (id === undefined) {
        id = num((await tx.query(statements.upsertCapabilities, [caps]))[0]!.id);
        ids.set(key, id);
      }
      await tx.execute("UPDATE directory_key_packages SET capabilities = ? WHERE ref = ?", [
        id,
        bytes(r.ref),
      ]);
      await tx.execute(statements.insertOffer, [num(r.client), num(r.cipher_suite), bool(r.last_resort), id]);
    }
  }
}

/**
 * Claim key material for every client of a user (see the module comment).
 * @internal
 */
export async function claimKeyMaterial(
  d: DirectorySqlDialect,
  cache: CapabilitiesCache,
  req: KeyMaterialClaimRequest,
): Promise<KeyMaterialClaim> {
  const { now, criteria } = req;
  return d.transaction(async (tx) => {
    const rows = await tx.query(statements.offersOfUser, [now, now, req.userId]);
    if (rows.length === 0) return { userFound: false, clients: [] };
    const capabilities = await cache.byIds(
      tx,
      rows
        .filter((r) => r.capabilities !== null && r.capabilities !== undefined)
        .map((r) => num(r.capabilities)),
    );
    const byClient = new Map<number, { clientId: string; offers: StoredOffer[] }>();
    for (const r of rows) {
      const id = num(r.id);
      let c = byClient.get(id);
      if (c === undefined) {
        c = { clientId: String(r.client_id), offers: [] };
        byClient.set(id, c);
      }
      if (r.capabilities === null || r.capabilities === undefined || !bool(r.live)) continue;
      const capabilitiesId = num(r.capabilities);
      c.offers.push({
        cipherSuite: num(r.cipher_suite),
        lastResort: bool(r.last_resort),
        capabilities: capabilities.get(capabilitiesId)!,
        capabilitiesId,
      });
    }
    // Client id order, the same in every database (collations differ); offers in a stable order.
    const clients = [...byClient.entries()].sort(([, a], [, b]) => (a.clientId < b.clientId ? -1 : 1));
    const out: ClaimedClientKeyMaterial[] = [];
    const routes: { client: number; ref: Uint8Array; lastResort: boolean; notAfter: bigint }[] = [];
    for (const [client, { clientId, offers }] of clients) {
      offers.sort((a, b) => a.cipherSuite - b.cipherSuite || a.capabilitiesId - b.capabilitiesId);
      let got: SqlRow | undefined;
      let lastResort = false;
      for (const offer of rankKeyMaterialOffers(offers, criteria)) {
        const params = [client, offer.cipherSuite, offer.capabilitiesId, now, now];
        [got] = await tx.query(offer.lastResort ? statements.useLastResort : takeOrdinary(d), params);
        if (got !== undefined) {
          lastResort = offer.lastResort;
          break;
        }
      }
      if (got !== undefined) {
        const ref = bytes(got.ref);
        const notAfter = big(got.not_after);
        out.push({ clientId, status: 0, ref, lastResort, message: bytes(got.message), notAfter });
        routes.push({ client, ref, lastResort, notAfter });
      } else if (unansweredClientStatus(offers, criteria) === 2) {
        out.push({ clientId, status: 2, capabilities: offers[0]!.capabilities });
      } else {
        out.push({ clientId, status: 1 });
      }
    }
    // The routes, in the same transaction: a package is never handed out without its record.
    for (let i = 0; i < routes.length; i += CHUNK) {
      const chunk = routes.slice(i, i + CHUNK);
      await tx.execute(
        `INSERT INTO directory_mimi_routes (ref, requester, client, room_id, last_resort, not_after, created_at)
         VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}
         ON CONFLICT (ref, requester) DO UPDATE SET
           room_id = excluded.room_id, not_after = excluded.not_after, created_at = excluded.created_at`,
        chunk.flatMap((r) => [r.ref, req.requester, r.client, req.roomId, r.lastResort, r.notAfter, now]),
      );
    }
    return { userFound: true, clients: out };
  });
}

/**
 * The routing records of a ref that are still valid at `now`.
 * @internal
 */
export async function findKeyPackageRoutes(
  exec: SqlExecutor,
  ref: Uint8Array,
  now: bigint,
): Promise<KeyPackageRoute[]> {
  return (await exec.query(statements.routesOf, [ref, now])).map((r) => ({
    ref: bytes(r.ref),
    userId: String(r.user_id),
    clientId: String(r.client_id),
    requester: String(r.requester),
    roomId: String(r.room_id),
    lastResort: bool(r.last_resort),
    notAfter: big(r.not_after),
    createdAt: big(r.created_at),
  }));
}

/**
 * Delete the routing records of a ref (its Welcome was delivered). @returns how many
 * @internal
 */
export function deleteKeyPackageRoutes(exec: SqlExecutor, ref: Uint8Array): Promise<number> {
  return exec.execute(statements.deleteRoutes, [ref]);
}

/**
 * Count one MIMI request of `requester` for `targetUser` in a fixed window.
 * @internal
 */
export async function hitRequesterRateLimit(
  exec: SqlExecutor,
  hit: {
    readonly requester: string;
    readonly targetUser: string;
    readonly now: bigint;
    readonly windowSeconds: number;
    readonly limit: number;
  },
): Promise<RateLimitResult> {
  const window = BigInt(hit.windowSeconds);
  const windowStart = (hit.now / window) * window;
  const [row] = await exec.query(statements.rateLimit, [hit.requester, hit.targetUser, windowStart]);
  return rateLimitResult(num(row?.hits), hit.limit, windowStart + window, hit.now);
}

/**
 * Delete routes whose package expired at `now` and requester windows ended before `before`.
 * @internal
 */
export async function pruneKeyMaterial(
  tx: SqlExecutor,
  now: bigint,
  before: bigint,
): Promise<{ readonly routes: number; readonly rateLimits: number }> {
  return {
    routes: await tx.execute(statements.pruneRoutes, [now]),
    rateLimits: await tx.execute(statements.pruneRateLimits, [before]),
  };
}
