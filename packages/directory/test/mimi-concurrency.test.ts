/**
 * MIMI claims are atomic across processes: two directory processes (test/fixtures/serve.js, the
 * built package) share one database; three requesting providers send concurrent
 * KeyMaterialRequests for one user with two clients, alternating between the processes. Every
 * ordinary package must be handed out exactly once, with its routing record, the other requests
 * must get each client's last-resort package, and no request may fail.
 */
import { toHex } from "@mlskit/codec";
import { fetchKeyMaterial, publishKeyPackages } from "@mlskit/directory-client";
import { KeyMaterialUserCode } from "@mlskit/mimi";
import { describe, expect } from "vitest";
import { openDirectoryStore } from "../src/index.js";
import { addTestClient, provider } from "./helpers.js";
import { makeRequester, type Requester } from "./mimi-helpers.js";
import { raceOnBothStores, serveDirectory } from "./served-directory.js";

const PER_CLIENT = 60;
const REQUESTS = 150;

const LIMITS = { pruneIntervalSeconds: 0 };

async function race(location: string): Promise<void> {
  const requesters: Requester[] = await Promise.all(
    ["a.example", "c.example", "d.example"].map((p) => makeRequester(p, "someone")),
  );
  const mimi = {
    domain: "b.example",
    peers: Object.fromEntries(requesters.map((r) => [r.provider, [Buffer.from(r.root.der).toString("hex")]])),
    requestsPerWindow: 1_000_000,
    requestsPerProviderPerWindow: 1_000_000,
  };
  let store = await openDirectoryStore(location);
  const phone = await addTestClient(store, "bob", "phone");
  const laptop = await addTestClient(store, "bob", "laptop");
  await store.close();
  const [a, b] = await Promise.all([
    serveDirectory(location, LIMITS, mimi),
    serveDirectory(location, LIMITS, mimi),
  ]);
  const published = new Map<string, { ordinary: string[]; lastResort: string }>();
  try {
    for (const c of [phone, laptop]) {
      const ordinary = await c.make(PER_CLIENT);
      const lastResort = await c.makeLastResort();
      await publishKeyPackages({ url: a.url, token: c.token }, [
        ...ordinary.map((p) => p.keyPackage),
        lastResort.keyPackage,
      ]);
      published.set(`mimi://b.example/d/bob/${c.clientId}`, {
        ordinary: ordinary.map((p) => toHex(p.ref)).sort(),
        lastResort: toHex(lastResort.ref),
      });
    }
    const outcomes = await Promise.allSettled(
      Array.from({ length: REQUESTS }, (_, i) => {
        const r = requesters[i % requesters.length]!;
        return fetchKeyMaterial({
          from: i % 2 === 0 ? a.url : b.url,
          provider,
          requestingUser: r.requestingUser,
          targetUser: "mimi://b.example/u/bob",
          acceptableCiphersuites: [1],
          credential: r.credential,
          signatureKeyPair: r.signatureKeyPair,
        });
      }),
    );
    const failures = outcomes.filter((o) => o.status === "rejected");
    expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    const handed = new Map<string, { ordinary: string[]; lastResort: string[] }>();
    for (const o of outcomes) {
      const r = (o as PromiseFulfilledResult<Awaited<ReturnType<typeof fetchKeyMaterial>>>).value;
      expect(r.userStatus).toBe(KeyMaterialUserCode.success);
      expect(r.clients).toHaveLength(2);
      for (const c of r.clients) {
        if (c.status !== "success") throw new Error(`client ${c.clientUri}: ${c.status}`);
        const h = handed.get(c.clientUri) ?? { ordinary: [], lastResort: [] };
        (c.lastResort ? h.lastResort : h.ordinary).push(toHex(c.ref));
        handed.set(c.clientUri, h);
      }
    }
    for (const [client, p] of published) {
      const h = handed.get(client)!;
      // Each ordinary package exactly once, none lost; the rest the client's last resort.
      expect([...h.ordinary].sort()).toEqual(p.ordinary);
      expect(h.lastResort).toHaveLength(REQUESTS - PER_CLIENT);
      expect(new Set(h.lastResort)).toEqual(new Set([p.lastResort]));
    }
    // Every package handed out has its routing record.
    store = await openDirectoryStore(location);
    try {
      const now = BigInt(Math.floor(Date.now() / 1000));
      for (const [client, p] of published) {
        for (const ref of p.ordinary) {
          const routes = await store.findKeyPackageRoutes(Uint8Array.from(Buffer.from(ref, "hex")), now);
          expect(routes.map((r) => `mimi://b.example/d/${r.userId}/${r.clientId}`)).toEqual([client]);
        }
        const lr = await store.findKeyPackageRoutes(Uint8Array.from(Buffer.from(p.lastResort, "hex")), now);
        expect(lr.map((r) => r.requester).sort()).toEqual(requesters.map((r) => r.provider).sort());
      }
    } finally {
      await store.close();
    }
  } finally {
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
  }
}

describe("MIMI claims across two directory processes", () => {
  raceOnBothStores("concurrent requests of three providers for one user with two clients", race);
});
