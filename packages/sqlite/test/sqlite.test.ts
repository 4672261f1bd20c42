/**
 * @module sqlite.test
 * `openSqlite` under the Node that runs the tests (Node 20: better-sqlite3, the optional peer;
 * Node ≥ 22.13: node:sqlite): the connection contract, the driver choice, and the errors. The
 * other runtimes (Node 22 and 24, Bun, Deno) run the same contract on the packed tarballs in
 * tools/pack-check's runtime smoke test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MlsError } from "@mlskit/errors";
import { afterAll, describe, expect, it } from "vitest";
import { openSqlite, SqliteErrorCode, sqliteDriverCandidates } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "mlskit-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `t${++n}.db`);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

describe("openSqlite on this Node", () => {
  const major = Number(process.versions.node.split(".")[0]);
  const expected =
    major >= 23 || (major === 22 && Number(process.versions.node.split(".")[1]) >= 13)
      ? "node:sqlite"
      : "better-sqlite3";

  it(`picks ${expected} (the runtime's own SQLite first, better-sqlite3 where Node has none)`, async () => {
    expect(sqliteDriverCandidates()).toEqual(["node:sqlite", "better-sqlite3"]);
    const db = await openSqlite(fresh());
    expect(db.driver).toBe(expected);
    db.close();
  });

  for (const driver of ["better-sqlite3", undefined] as const) {
    it(`keeps the connection contract (${driver ?? "default driver"})`, async () => {
      const path = fresh();
      const db = await openSqlite(path, driver === undefined ? {} : { driver });
      db.exec(
        "PRAGMA busy_timeout = 1000; CREATE TABLE t (id BLOB PRIMARY KEY, n INTEGER, s TEXT) WITHOUT ROWID",
      );
      expect(db.run("INSERT INTO t (id, n, s) VALUES (?, ?, ?)", [Uint8Array.of(1, 2), 7, "x"], true)).toBe(
        1,
      );
      expect(db.run("INSERT INTO t (id, n, s) VALUES (?, ?, ?)", [Uint8Array.of(3), 1n, null], true)).toBe(1);
      const rows = db.all("SELECT id, n, s FROM t ORDER BY id", [], true);
      expect(rows).toEqual([
        { id: Uint8Array.of(1, 2), n: 7, s: "x" },
        { id: Uint8Array.of(3), n: 1, s: null },
      ]);
      // A plain Uint8Array, never a Node Buffer (whose slice() would share memory).
      expect(rows.every((r) => (r.id as Uint8Array).constructor === Uint8Array)).toBe(true);
      let duplicate: unknown;
      try {
        db.run("INSERT INTO t (id, n) VALUES (?, ?)", [Uint8Array.of(3), 2], true);
      } catch (e) {
        duplicate = e;
      }
      expect(db.isUniqueViolation(duplicate)).toBe(true);
      expect(db.isUniqueViolation(new Error("no"))).toBe(false);
      expect(db.isUniqueViolation(undefined)).toBe(false);
      expect(db.all("UPDATE t SET n = n + 1 WHERE id = ? RETURNING n", [Uint8Array.of(3)], false)).toEqual([
        { n: 2 },
      ]);
      db.exec("BEGIN IMMEDIATE");
      expect(db.run("DELETE FROM t", [], false)).toBe(2);
      db.exec("ROLLBACK");
      expect(db.all("SELECT count(*) AS c FROM t", [], false)).toEqual([{ c: 2 }]);
      expect(db.all("PRAGMA user_version", [], false)).toEqual([{ user_version: 0 }]);
      db.close();
      const again = await openSqlite(path);
      expect(again.all("SELECT count(*) AS c FROM t", [], false)).toEqual([{ c: 2 }]);
      again.close();
    });
  }

  it("a driver this runtime lacks gives SQLITE_DRIVER_UNAVAILABLE saying what was tried", async () => {
    const e = await rejection(openSqlite(fresh(), { driver: "bun:sqlite" }));
    expect(MlsError.is(e, SqliteErrorCode.driverUnavailable)).toBe(true);
    expect((e as MlsError).category).toBe("storage");
    expect((e as MlsError).message).toContain("bun:sqlite");
    expect((e as MlsError).details.tried).toBe("bun:sqlite");
  });

  it("file errors are the driver's own; bad arguments are TypeError", async () => {
    const e = await rejection(openSqlite(join(dir, "no-such-dir", "x.db")));
    expect(MlsError.is(e)).toBe(false);
    expect(e instanceof Error).toBe(true);
    for (const [path, opts] of [
      ["", {}],
      [5, {}],
      [fresh(), { driver: "sqlite3" }],
    ] as const) {
      expect(await rejection(openSqlite(path as never, opts as never))).toBeInstanceOf(TypeError);
    }
  });
});
