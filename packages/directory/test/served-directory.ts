/**
 * Directory processes for the cross-process tests: `test/fixtures/serve.js` (the built package)
 * started on a free loopback port, killed at the end of the file if a test left one running, and
 * one race run against a fresh PostgreSQL database and a fresh SQLite file shared by the processes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, it } from "vitest";
import { freshPostgresDatabase } from "./helpers.js";

const SERVE = resolve(__dirname, "fixtures/serve.js");
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

/** A running directory process. */
export interface ServedDirectory {
  readonly url: string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Start a directory process on a free loopback port; resolves with its URL once it listens.
 * @param store - the store location both processes of a race share
 * @param limits - `DirectoryLimits` overrides
 * @param mimi - the MIMI endpoint's options, when it serves one
 */
export function serveDirectory(store: string, limits: object, mimi?: unknown): Promise<ServedDirectory> {
  const args = [SERVE, store, JSON.stringify(limits), ...(mimi === undefined ? [] : [JSON.stringify(mimi)])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += String(d);
  });
  return new Promise((resolvePromise, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^listening on (\S+)/.exec(line);
      if (m !== null)
        resolvePromise({
          url: m[1]!,
          stop: () =>
            new Promise((done) => {
              child.once("exit", (code) => done(code));
              child.kill("SIGTERM");
            }),
        });
    });
    child.once("exit", (code) => reject(new Error(`directory exited with ${code}: ${stderr}`)));
  });
}

/**
 * Two tests of one race: on a fresh PostgreSQL database, and on one SQLite file shared by two
 * processes.
 * @param postgresTitle - the PostgreSQL test's name
 * @param race - the race, given the store location
 */
export function raceOnBothStores(postgresTitle: string, race: (location: string) => Promise<void>): void {
  it(`PostgreSQL: ${postgresTitle}`, async () => {
    const db = await freshPostgresDatabase();
    try {
      await race(db.url);
    } finally {
      await db.drop();
    }
  });

  it("SQLite (one file, two processes): the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlskit-race-"));
    try {
      await race(join(dir, "directory.db"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
