/**
 * Claims are atomic across processes: two directory processes (test/fixtures/serve.js, built dist/)
 * share one database, and 1,000 concurrent claims race for 200 published packages of one client.
 * Every package must be handed out exactly once, the other 800 claims must get the client's
 * last-resort package, and none may fail or be lost.
 */
import { toHex } from "@mlskit/codec";
import { claimKeyPackages, countKeyPackages, publishKeyPackages } from "@mlskit/directory-client";
import { describe, expect } from "vitest";
import { openDirectoryStore } from "../src/index.js";
import { addTestClient } from "./helpers.js";
import { raceOnBothStores, serveDirectory } from "./served-directory.js";

const LIMITS = { claimsPerWindow: 1_000_000, pruneIntervalSeconds: 0 };

async function race(location: string): Promise<void> {
  const store = await openDirectoryStore(location);
  const alice = await addTestClient(store, "alice", "phone");
  const bob = await addTestClient(store, "bob", "phone");
  await store.close();
  const [a, b] = await Promise.all([serveDirectory(location, LIMITS), serveDirectory(location, LIMITS)]);
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
  raceOnBothStores("1,000 concurrent claims, 200 packages, each handed out once", race);
});
