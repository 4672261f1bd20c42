/**
 * @module directory-sql
 * The SQL of the directory's rules, in the dialect-neutral form every {@link DirectorySqlDialect}
 * runs (`?` placeholders; the dialect adds its locking clauses). The rules that use it are in
 * sql-directory-store.ts.
 * @internal
 */
import { type DirectorySqlDialect, type SqlStatement, sql } from "./sql-dialect.js";

/** Rows per multi-row `INSERT` and refs per `IN (…)`: well under both databases' parameter limits. */
export const CHUNK = 100;

/** `?, ?, …`: `n` placeholders. */
export const list = (n: number): string => Array.from({ length: n }, () => "?").join(", ");

/** The lifetime condition: valid at the time bound twice. */
export const VALID = "not_before <= ? AND not_after >= ?";

// The claim rule, written once: per client of the user, take the valid ordinary package that
// expires first, locking it as it is picked and skipping rows other claims hold (see the module
// comment); a client that got none has its valid last-resort package handed out (it stays, its
// counter goes up).

/** `DELETE … RETURNING` one picked ordinary package per client listed by `clients` (alias `c`). */
const takeOrdinary = (d: DirectorySqlDialect, clients: string): string =>
  `DELETE FROM directory_key_packages WHERE ref IN (
     SELECT (
       SELECT k.ref FROM directory_key_packages k
       WHERE k.client = c.id AND k.cipher_suite = ? AND k.last_resort = FALSE
         AND k.not_before <= ? AND k.not_after >= ?
       ORDER BY k.not_after, k.ref LIMIT 1${d.lockRowsSkipLocked}
     ) FROM ${clients})
   RETURNING client, ref, message`;

/** `UPDATE … RETURNING` the valid last-resort package of each client `clients` selects. */
export const useLastResort = (clients: string): string =>
  `UPDATE directory_key_packages SET claims = claims + 1
   WHERE client IN (${clients}) AND cipher_suite = ? AND last_resort = TRUE AND ${VALID}
   RETURNING client, ref, message`;

/**
 * Both steps in one statement, for a database whose `WITH` may hold writes (PostgreSQL): one
 * round trip per claim instead of a transaction of three. The steps share one snapshot, and the
 * fallback sees what `taken` took. Parameters: user id, then suite, now, now twice.
 */
const claimInOneStatement = (d: DirectorySqlDialect): string =>
  `WITH c AS (SELECT id, client_id FROM directory_clients WHERE user_id = ?),
   taken AS (${takeOrdinary(d, "c")}),
   used AS (${useLastResort("SELECT id FROM c WHERE id NOT IN (SELECT client FROM taken)")})
   SELECT c.id, c.client_id, t.ref, t.message, FALSE AS last_resort FROM c JOIN taken t ON t.client = c.id
   UNION ALL
   SELECT c.id, c.client_id, u.ref, u.message, TRUE FROM c JOIN used u ON u.client = c.id
   UNION ALL
   SELECT c.id, c.client_id, NULL, NULL, FALSE FROM c
   WHERE c.id NOT IN (SELECT client FROM taken) AND c.id NOT IN (SELECT client FROM used)`;

/** The statements whose text never changes, prepared once (see {@link SqlStatement}). */
export function statements(d: DirectorySqlDialect) {
  return {
    insertClient: sql(
      "insert_client",
      `INSERT INTO directory_clients (user_id, client_id, credential, token_hash, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING *`,
    ),
    removeClient: sql("remove_client", "DELETE FROM directory_clients WHERE user_id = ? AND client_id = ?"),
    setTokenHash: sql(
      "set_token_hash",
      "UPDATE directory_clients SET token_hash = ? WHERE user_id = ? AND client_id = ?",
    ),
    allClients: sql("all_clients", "SELECT * FROM directory_clients ORDER BY user_id, client_id"),
    clientsOfUser: sql(
      "clients_of_user",
      "SELECT * FROM directory_clients WHERE user_id = ? ORDER BY client_id",
    ),
    clientByToken: sql("client_by_token", "SELECT * FROM directory_clients WHERE token_hash = ?"),
    clientsInConflict: sql(
      "clients_in_conflict",
      `SELECT user_id, client_id FROM directory_clients
       WHERE (user_id = ? AND client_id = ?) OR credential = ?`,
    ),
    lockClient: sql("lock_client", `SELECT id FROM directory_clients WHERE id = ?${d.lockRows}`),
    lastResortOf: sql(
      "last_resort_of",
      `SELECT ref, not_after FROM directory_key_packages
       WHERE client = ? AND cipher_suite = ? AND last_resort = TRUE`,
    ),
    liveCount: sql(
      "live_count",
      "SELECT COUNT(*) AS n FROM directory_key_packages WHERE client = ? AND not_after >= ?",
    ),
    deleteRef: sql("delete_ref", "DELETE FROM directory_key_packages WHERE ref = ?"),
    claimClients: sql("claim_clients", "SELECT id, client_id FROM directory_clients WHERE user_id = ?"),
    takeOrdinary: sql("take_ordinary", takeOrdinary(d, "directory_clients c WHERE c.user_id = ?")),
    claimInOneStatement: sql("claim", claimInOneStatement(d)),
    count: sql(
      "count",
      `SELECT
         (SELECT COUNT(*) FROM directory_key_packages
          WHERE client = ? AND cipher_suite = ? AND last_resort = FALSE AND ${VALID}) AS n,
         lr.ref, lr.not_after, lr.claims
       FROM (SELECT 1 AS one) one
       LEFT JOIN directory_key_packages lr
         ON lr.client = ? AND lr.cipher_suite = ? AND lr.last_resort = TRUE
         AND lr.not_before <= ? AND lr.not_after >= ?`,
    ),
    listAll: sql(
      "list_all",
      `SELECT ref, cipher_suite, last_resort, not_before, not_after, created_at, claims
       FROM directory_key_packages WHERE client = ? ORDER BY ref`,
    ),
    listSuite: sql(
      "list_suite",
      `SELECT ref, cipher_suite, last_resort, not_before, not_after, created_at, claims
       FROM directory_key_packages WHERE client = ? AND cipher_suite = ? ORDER BY ref`,
    ),
    deleteOwn: sql("delete_own", "DELETE FROM directory_key_packages WHERE client = ? AND ref = ?"),
    rateLimit: sql(
      "rate_limit",
      // Counted only for a user who has a client: a claim for nobody writes nothing (and no row
      // comes back). The WHERE also keeps SQLite's parser from reading ON CONFLICT as a join.
      `INSERT INTO directory_rate_limits (claimer, target_user, window_start, hits)
       SELECT CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT), 1
       WHERE EXISTS (SELECT 1 FROM directory_clients WHERE user_id = ?)
       ON CONFLICT (claimer, target_user) DO UPDATE SET
         hits = CASE WHEN directory_rate_limits.window_start = excluded.window_start
                     THEN directory_rate_limits.hits + 1 ELSE 1 END,
         window_start = excluded.window_start
       RETURNING hits`,
    ),
    pruneKeyPackages: sql("prune_key_packages", "DELETE FROM directory_key_packages WHERE not_after < ?"),
    pruneRateLimits: sql("prune_rate_limits", "DELETE FROM directory_rate_limits WHERE window_start < ?"),
    ping: sql("ping", "SELECT 1 AS one"),
  } as const;
}
