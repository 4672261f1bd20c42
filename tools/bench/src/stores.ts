/**
 * @module stores
 * Key store throughput: `put` of N bundles one by one, then `take` of the same N one by one, on
 * every store implementation: memory, SQLite (a file in the temp directory,
 * default durability and `synchronous: "normal"`, plain and encrypted at rest) and IndexedDB on
 * fake-indexeddb (in memory, in JavaScript: not a browser's IndexedDB).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeyPackageBundle } from "@mlskit/key-packages";
import type { KeyPackageStore } from "@mlskit/keystore";
import { openIndexedDbKeyStore } from "@mlskit/keystore-indexeddb";
import { createMemoryKeyStore } from "@mlskit/keystore-memory";
import { openSqliteKeyStore } from "@mlskit/keystore-sqlite";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";

/** One store's figures. */
export interface StoreResult {
  readonly store: string;
  readonly putPerSec: number;
  readonly takePerSec: number;
  /** Bundles per round. */
  readonly n: number;
  /** Rounds run (put N, take N each). */
  readonly rounds: number;
}

/** A store under test and how to open a fresh one. */
interface StoreCase {
  readonly name: string;
  readonly open: () => Promise<KeyPackageStore>;
}

function indexedDbCase(): StoreCase {
  // fake-indexeddb: an in-memory IndexedDB in JavaScript (what the Node tests use); a browser's
  // own IndexedDB writes to disk and has other costs.
  const factory = new IDBFactory();
  let n = 0;
  return {
    name: "indexeddb (fake-indexeddb)",
    open: () => openIndexedDbKeyStore({ name: `bench-${n++}`, indexedDB: factory, IDBKeyRange }),
  };
}

/**
 * Measure put/take throughput of every store.
 *
 * @param bundles - distinct bundles (N per round)
 * @param budgetMs - time per store (rounds repeat until spent; at least one)
 * @returns one result per store
 * @example
 * ```ts
 * const results = await benchStores(bundles, 1000);
 * ```
 */
export async function benchStores(
  bundles: readonly KeyPackageBundle[],
  budgetMs: number,
): Promise<StoreResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "mlskit-bench-"));
  const encryptionKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
  let files = 0;
  const sqlite =
    (extra: { synchronous?: "full" | "normal"; encryptionKey?: Uint8Array }) =>
    (): Promise<KeyPackageStore> =>
      openSqliteKeyStore({ path: join(dir, `bench-${files++}.db`), ...extra });
  const cases: StoreCase[] = [
    { name: "memory", open: () => createMemoryKeyStore() },
    { name: "memory, encrypted", open: () => createMemoryKeyStore({ encryptionKey }) },
    { name: "sqlite (synchronous full)", open: sqlite({}) },
    { name: "sqlite (synchronous normal)", open: sqlite({ synchronous: "normal" }) },
    { name: "sqlite (normal), encrypted", open: sqlite({ synchronous: "normal", encryptionKey }) },
    indexedDbCase(),
  ];

  const results: StoreResult[] = [];
  try {
    for (const c of cases) {
      const store = await c.open();
      try {
        let putMs = 0;
        let takeMs = 0;
        let rounds = 0;
        const started = performance.now();
        do {
          let t = performance.now();
          for (const b of bundles) await store.put(b);
          putMs += performance.now() - t;
          t = performance.now();
          for (const b of bundles) {
            if ((await store.take(b.ref)) === undefined) throw new Error(`${c.name}: take found nothing`);
          }
          takeMs += performance.now() - t;
          rounds++;
        } while (performance.now() - started < budgetMs);
        const ops = bundles.length * rounds * 1000;
        results.push({
          store: c.name,
          putPerSec: ops / putMs,
          takePerSec: ops / takeMs,
          n: bundles.length,
          rounds,
        });
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
