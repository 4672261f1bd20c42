/**
 * Claims are atomic across processes: two directory processes (test/fixtures/serve.js, built dist/)
 * share one database, and 1,000 concurrent claims race for 200 published packages of one client.
 * Every package must be handed out exactly once, the other 800 claims must get the client's
 * last-resort package, and none may fail or be lost.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { toHex } from "@mlskit/codec";
import { claimKeyPackages, countKeyPackages, publishKeyPackages } from "@mlskit/directory-client";
import { afterAll, describe, expect, it } from "vitest";
import { openDirectoryStore } from "../src/index.js";
import { addTestClient, freshPostgresDatabase } from "./helpers.js";

const SERVE = resolve(__dirname, "fixtures/serve.js");
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

/** Start a directory process on a free loopback port; resolves with its URL. */
function serve(store: string): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [SERVE, store, JSON.stringify({ claimsPerWindow: 1_000_000, pruneIntervalSeconds: 0 })],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += String(d);
  });
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
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

async function race(location: string): Promise<void> {
  const store = await openDirectoryStore(location);
  const alice = await addTestClient(store, "alice", "phone");
  const bob = await addTestClient(store, "bob", "phone");
  await store.close();
  const [a, b] = await Promise.all([serve(location), serve(location)]);
  try {
    const published = await alice.make(200);
    const lastResort = await alice.makeLastResort();
    await publishKeyPackages({ url: a.url, token: alice.token }, [
      ...published.map((p) => p.keyPackage),
      lastResort.keyPackage,
    ]);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        claimKeyPackages({ url: i % 2 === 0 ? a.url : b.url, token: bob.token }, "alice", { cipherSuite: 1 }),
      ),
    );
    const failures = outcomes.filter((o) => o.status === "rejected");
    expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    const got = outcomes.map(
      (o) => (o as PromiseFulfilledResult<Awaited<ReturnType<typeof claimKeyPackages>>>).value,
    );
    const packages = got.map((r) => {
      expect(r.keyPackages).toHaveLength(1);
      return r.keyPackages[0]!;
    });
    const ordinary = packages.filter((k) => !k.lastResort).map((k) => toHex(k.ref));
    const reused = packages.filter((k) => k.lastResort).map((k) => toHex(k.ref));
    // Each of the 200 exactly once, none lost, the rest the last resort.
    expect(ordinary).toHaveLength(200);
    expect(new Set(ordinary).size).toBe(200);
    expect([...ordinary].sort()).toEqual(published.map((p) => toHex(p.ref)).sort());
    expect(reused).toHaveLength(800);
    expect(new Set(reused)).toEqual(new Set([toHex(lastResort.ref)]));
    const stock = await countKeyPackages({ url: b.url, token: alice.token }, { cipherSuite: 1 });
    expect(stock.count).toBe(0);
    expect(stock.lastResort?.claims).toBe(800);
  } finally {
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
  }
}

describe("claims across two directory processes", () => {
  it("PostgreSQL: 1,000 concurrent claims, 200 packages, each handed out once", async () => {
    const db = await freshPostgresDatabase();
    try {
      await race(db.url);
    } finally {
      await db.drop();
    }
  });

  it("SQLite (one file, two processes): the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlskit-dir-"));
    try {
      await race(join(dir, "directory.db"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
