/**
 * @module open-sqlite
 * {@link openSqlite}: open a database file with the SQLite the runtime has — `bun:sqlite` on Bun,
 * `node:sqlite` on Deno and on Node ≥ 22.13 (earlier 22.x need `--experimental-sqlite`), and
 * better-sqlite3 (an optional peer dependency) on Node 20 or when asked for. Only the chosen
 * driver's module is ever loaded.
 */
import { StorageError } from "@mlskit/errors";
import type { SqliteConnection, SqliteDriverName } from "./connection.js";
import { connectionOf, opener } from "./drivers.js";
import { SqliteErrorCode } from "./errors.js";

/**
 * Options of {@link openSqlite}.
 *
 * @example
 * ```ts
 * const opts: OpenSqliteOptions = { driver: "better-sqlite3" };
 * ```
 */
export interface OpenSqliteOptions {
  /** Use this driver rather than the runtime's default ({@link sqliteDriverCandidates}). */
  readonly driver?: SqliteDriverName;
}

const DRIVERS: readonly SqliteDriverName[] = ["node:sqlite", "bun:sqlite", "better-sqlite3"];

/** Which runtime this is, from its globals. */
function runtime(): { name: "bun" | "deno" | "node" | "other"; version: string } {
  const g = globalThis as {
    Bun?: { version?: string };
    Deno?: { version?: { deno?: string } };
    process?: { versions?: { node?: string } };
  };
  if (g.Bun !== undefined) return { name: "bun", version: String(g.Bun.version) };
  if (g.Deno !== undefined) return { name: "deno", version: String(g.Deno.version?.deno) };
  const node = g.process?.versions?.node;
  return node === undefined ? { name: "other", version: "" } : { name: "node", version: node };
}

/**
 * The drivers {@link openSqlite} tries in this runtime, in order: `["bun:sqlite"]` on Bun,
 * `["node:sqlite"]` on Deno, `["node:sqlite", "better-sqlite3"]` on Node (the runtime's own
 * SQLite first; better-sqlite3 where Node has none).
 *
 * @returns driver names, preferred first
 * @example
 * ```ts
 * import { sqliteDriverCandidates } from "@mlskit/sqlite";
 * console.log(sqliteDriverCandidates()); // [ "node:sqlite", "better-sqlite3" ] on Node
 * ```
 */
export function sqliteDriverCandidates(): SqliteDriverName[] {
  switch (runtime().name) {
    case "bun":
      return ["bun:sqlite"];
    case "deno":
      return ["node:sqlite"];
    default:
      return ["node:sqlite", "better-sqlite3"];
  }
}

function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 160);
}

/**
 * Open (creating it when missing) a SQLite database file with the runtime's SQLite driver.
 * Errors of the file itself (a missing directory, a file that is not a database) are the
 * driver's own, thrown as they are.
 *
 * @param path - the database file, or `":memory:"`
 * @param opts - an explicit driver
 * @returns the connection (the caller sets its pragmas: busy timeout, journal mode, …)
 * @throws StorageError SQLITE_DRIVER_UNAVAILABLE when no candidate driver loads here, with what
 *   to install in the message
 * @throws TypeError for an unknown driver name
 * @example
 * ```ts
 * import { openSqlite } from "@mlskit/sqlite";
 * const db = await openSqlite("app.db");
 * db.exec("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL");
 * const rows = db.all("SELECT sqlite_version() AS v", [], false);
 * console.log(db.driver, rows[0]?.v);
 * db.close();
 * ```
 */
export async function openSqlite(path: string, opts: OpenSqliteOptions = {}): Promise<SqliteConnection> {
  if (typeof path !== "string" || path === "") throw new TypeError(`"path" expected a non-empty string`);
  if (opts.driver !== undefined && !DRIVERS.includes(opts.driver)) {
    throw new TypeError(`"driver" expected one of ${DRIVERS.join(", ")}, got ${String(opts.driver)}`);
  }
  const candidates = opts.driver === undefined ? sqliteDriverCandidates() : [opts.driver];
  const failures: string[] = [];
  let cause: unknown;
  for (const driver of candidates) {
    let open: Awaited<ReturnType<typeof opener>>;
    try {
      open = await opener(driver);
    } catch (e) {
      failures.push(`${driver}: ${reason(e)}`);
      cause = e;
      continue;
    }
    return connectionOf(driver, open(path));
  }
  const rt = runtime();
  const hint =
    rt.name === "node"
      ? "use Node ≥ 22.13 (node:sqlite), or install better-sqlite3 (npm install better-sqlite3@12)"
      : rt.name === "bun" || rt.name === "deno"
        ? "this runtime's own SQLite should be there: update it"
        : "run on Node, Bun or Deno";
  throw new StorageError(
    SqliteErrorCode.driverUnavailable,
    `no SQLite driver loads in ${rt.name} ${rt.version} (tried ${failures.join("; ")}): ${hint}`,
    { details: { runtime: `${rt.name} ${rt.version}`, tried: candidates.join(",") }, cause },
  );
}
