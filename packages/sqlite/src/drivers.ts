/**
 * @module drivers
 * The three SQLite drivers behind one {@link SqliteConnection}, each described by the few
 * structural types mlskit calls (so no driver's type package is needed to compile or to use the
 * published types), and loaded with a dynamic `import` only when chosen: a runtime never loads
 * a driver it cannot run (better-sqlite3's Node-API addon is refused by Bun and Deno).
 *
 * Differences smoothed over: Bun's `get` returns `null` where the others return `undefined` (only
 * `all` is used); better-sqlite3 returns `Buffer`s (turned into plain `Uint8Array` views);
 * node:sqlite reports a constraint violation as `errcode` 2067/1555, Bun as `errno`, better-sqlite3
 * as `code: "SQLITE_CONSTRAINT_UNIQUE"`; node:sqlite's `changes` may be a bigint.
 */
import {
  plainRow,
  SQLITE_CONSTRAINT_PRIMARYKEY,
  SQLITE_CONSTRAINT_UNIQUE,
  type SqliteConnection,
  type SqliteDriverName,
  type SqliteRow,
  type SqliteValue,
  statementCache,
} from "./connection.js";

/** What mlskit calls on a prepared statement of any of the drivers. */
interface Statement {
  run(...params: SqliteValue[]): { changes: number | bigint };
  all(...params: SqliteValue[]): unknown[];
}

/** What mlskit calls on a database handle of any of the drivers. */
interface Database {
  exec(sql: string): unknown;
  prepare(sql: string): Statement;
  close(): unknown;
}

/** A driver module reduced to "open this path". */
type Opener = (path: string) => Database;

function uniqueViolation(e: unknown): boolean {
  const x = e as { code?: unknown; errcode?: unknown; errno?: unknown } | null;
  if (x === null || typeof x !== "object") return false;
  const n = typeof x.errcode === "number" ? x.errcode : x.errno;
  return (
    n === SQLITE_CONSTRAINT_UNIQUE ||
    n === SQLITE_CONSTRAINT_PRIMARYKEY ||
    x.code === "SQLITE_CONSTRAINT_UNIQUE" ||
    x.code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/** A dynamic import whose specifier bundlers and TypeScript leave alone. */
function load(specifier: string): Promise<Record<string, unknown>> {
  return import(/* @vite-ignore */ specifier) as Promise<Record<string, unknown>>;
}

const openers = new Map<SqliteDriverName, Promise<Opener>>();

/**
 * The opener of `driver`, loading its module once.
 * @throws whatever the runtime throws for a module it does not have or cannot load
 * @internal
 */
export function opener(driver: SqliteDriverName): Promise<Opener> {
  let p = openers.get(driver);
  if (p === undefined) {
    p = loadOpener(driver);
    openers.set(driver, p);
    p.catch(() => openers.delete(driver));
  }
  return p;
}

async function loadOpener(driver: SqliteDriverName): Promise<Opener> {
  switch (driver) {
    case "node:sqlite": {
      const { DatabaseSync } = (await load("node:sqlite")) as {
        DatabaseSync: new (path: string) => Database;
      };
      return (path) => new DatabaseSync(path);
    }
    case "bun:sqlite": {
      const { Database } = (await load("bun:sqlite")) as {
        Database: new (path: string, opts: { create: boolean }) => Database;
      };
      return (path) => new Database(path, { create: true });
    }
    case "better-sqlite3": {
      const mod = await load("better-sqlite3");
      const BetterSqlite3 = (mod.default ?? mod) as new (path: string) => Database;
      return (path) => new BetterSqlite3(path);
    }
  }
}

/**
 * Wrap an open database handle of `driver` as a {@link SqliteConnection}.
 * @internal
 */
export function connectionOf(driver: SqliteDriverName, db: Database): SqliteConnection {
  const statements = statementCache((sql) => db.prepare(sql));
  const buffers = driver === "better-sqlite3";
  return {
    driver,
    exec(sql) {
      db.exec(sql);
    },
    all(sql, params, keep) {
      const rows = statements.get(sql, keep).all(...params) as Record<string, unknown>[];
      return buffers ? rows.map(plainRow) : (rows as SqliteRow[]);
    },
    run(sql, params, keep) {
      return Number(statements.get(sql, keep).run(...params).changes);
    },
    isUniqueViolation: uniqueViolation,
    close() {
      statements.clear();
      db.close();
    },
  };
}
