/**
 * @module cases
 * Tests of the IndexedDB key store shared by the Node run (fake-indexeddb) and the Chromium run
 * (the browser's own IndexedDB): schema and migrations, exact uint64 storage, scans and counts
 * against the reference semantics (fast-check), all-or-nothing writes, atomic deletes across
 * connections, close / reopen / versionchange, a newer schema refused, encryption at rest seen in
 * the raw stored values, and option checks.
 * (Over 400 lines: one set of cases that both runs, Node's and Chromium's, import whole.)
 */
import { concatBytes, toHex } from "@mlskit/codec";
import { basicCredential } from "@mlskit/credentials";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { MlsError } from "@mlskit/errors";
import { createKeyPackages, type KeyPackageBundle } from "@mlskit/key-packages";
import {
  compareBytes,
  type KeyPackageLease,
  type KeyPackageQuery,
  type KeyPackageRow,
  type KeyPackageSummary,
  type KeyStoreBackend,
  KeyStoreErrorCode,
  matchesKeyPackageQuery,
} from "@mlskit/keystore";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { INDEXEDDB_SCHEMA_VERSION, openIndexedDbKeyStore } from "../src/index.js";
import { openIndexedDbBackend } from "../src/indexeddb-backend.js";

/** Where the tests run. */
export interface IndexedDbTestEnv {
  /** Shown in the test names. */
  readonly label: string;
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
  /** A database name unique to this run. */
  dbName(tag: string): string;
  /** Makes key packages. */
  readonly provider: CryptoProvider;
  /** fast-check runs of the scan property. */
  readonly numRuns: number;
}

/** What the "newer schema" test's upgrade adds: some store a future version might have. */
const addFutureStore = (db: IDBDatabase) => {
  db.createObjectStore("fromTheFuture");
};

/**
 * Open a database as it is (no version: no upgrade), for looking at raw values; with a `version`
 * the database is at, `upgrade` runs if it was new or older (by default, it adds a future store).
 */
export function rawOpen(
  factory: IDBFactory,
  name: string,
  version?: number,
  upgrade: (db: IDBDatabase) => void = addFutureStore,
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = version === undefined ? factory.open(name) : factory.open(name, version);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onupgradeneeded = () => upgrade(req.result);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
}

function result<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Every value of every object store of a database. */
export async function rawValues(factory: IDBFactory, name: string): Promise<unknown[]> {
  const db = await rawOpen(factory, name);
  try {
    const stores = [...db.objectStoreNames];
    const tx = db.transaction(stores, "readonly");
    const all = await Promise.all(stores.map((s) => result(tx.objectStore(s).getAll())));
    return all.flat();
  } finally {
    db.close();
  }
}

/** Flip one byte in the middle of the stored record of `ref` (for the kit's corruption test). */
export async function corruptStoredRecord(factory: IDBFactory, name: string, ref: Uint8Array): Promise<void> {
  const db = await rawOpen(factory, name);
  try {
    const tx = db.transaction("keyPackages", "readwrite");
    const store = tx.objectStore("keyPackages");
    const req = store.get(ref as Uint8Array<ArrayBuffer>);
    req.onsuccess = () => {
      const v = req.result as { record: Uint8Array };
      const record = v.record.slice();
      record[Math.floor(record.length / 2)]! ^= 0x01;
      store.put({ ...v, record });
    };
    await done(tx);
  } finally {
    db.close();
  }
}

/** Delete a database; resolves with whether an open connection blocked it at first. */
export function deleteDatabase(factory: IDBFactory, name: string): Promise<{ blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const req = factory.deleteDatabase(name);
    req.onblocked = () => {
      blocked = true;
    };
    req.onsuccess = () => resolve({ blocked });
    req.onerror = () => reject(req.error);
  });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

function expectStorageCode(e: unknown, code: string): void {
  expect(MlsError.is(e) ? e.code : String(e)).toBe(code);
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** All Uint8Array fields of raw values, concatenated. */
function bytesOf(values: unknown[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const v of values) {
    for (const f of Object.values(v as Record<string, unknown>)) if (f instanceof Uint8Array) parts.push(f);
  }
  return concatBytes(...parts);
}

const MAX_U64 = (1n << 64n) - 1n;

/** A row of `ref` with plain fixed fields (valid over [0, 10], not last resort). */
function plainRow(ref: Uint8Array): KeyPackageRow {
  return {
    ref,
    cipherSuite: 1,
    notBefore: 0n,
    notAfter: 10n,
    lastResort: false,
    signatureKey: Uint8Array.of(2),
    createdAt: 0n,
    record: Uint8Array.of(3),
  };
}

/** Every page of a scan, checking page sizes; the concatenated summaries. */
async function scanAll(
  backend: KeyStoreBackend,
  query: KeyPackageQuery,
  limit: number,
): Promise<readonly KeyPackageSummary[]> {
  const out: KeyPackageSummary[] = [];
  let after: Uint8Array | undefined;
  for (;;) {
    const page = await backend.scanKeyPackages(query, after === undefined ? { limit } : { after, limit });
    expect(page.length <= limit).toBe(true);
    // strictly ascending and after `after`: a page that does not advance would loop forever
    let previous = after;
    for (const s of page) {
      if (previous !== undefined && compareBytes(previous, s.ref) >= 0)
        expect("scan order").toBe("ascending");
      previous = s.ref;
    }
    out.push(...page);
    if (page.length < limit) return out;
    after = page[page.length - 1]!.ref;
  }
}

/** Register the shared tests. */
export function defineIndexedDbTests(env: IndexedDbTestEnv): void {
  const opener = (name: string) => ({
    name,
    indexedDB: env.indexedDB,
    IDBKeyRange: env.IDBKeyRange,
  });
  const backendAt = (name: string) =>
    openIndexedDbBackend({ ...opener(name), durability: "strict" }) as Promise<KeyStoreBackend>;

  let bundles: KeyPackageBundle[];
  let signer: { publicKey: Uint8Array; privateKey: Uint8Array };
  beforeAll(async () => {
    const suite = await env.provider.getCipherSuite(1);
    signer = await suite.signature.generateKeyPair();
    bundles = await createKeyPackages({
      provider: env.provider,
      cipherSuite: 1,
      credential: basicCredential("indexeddb@example.com"),
      signatureKeyPair: signer,
      count: 6,
    });
  });

  /**
   * A database of an old schema (1, or 2: schema 1 plus `leases`), made exactly as it shipped —
   * never edit these layouts: they stand for the databases users have — holding the records
   * (format 1, unchanged) today's store writes for `bundles`; `edit` may add to it.
   */
  async function legacyDatabase(
    version: 1 | 2,
    encryptionKey?: Uint8Array,
    edit?: (tx: IDBTransaction) => void,
  ): Promise<string> {
    const source = env.dbName(`v${version}-source`);
    const writer = await openIndexedDbKeyStore({
      ...opener(source),
      ...(encryptionKey === undefined ? {} : { encryptionKey }),
    });
    await writer.putMany(bundles);
    await writer.close();
    const values = (await rawValues(env.indexedDB, source)) as Record<string, unknown>[];
    const name = env.dbName(`v${version}`);
    const db = await rawOpen(env.indexedDB, name, version, (old) => {
      const kps = old.createObjectStore("keyPackages", { keyPath: "ref" });
      kps.createIndex("cipherSuite", ["cipherSuite", "ref"], { unique: true });
      kps.createIndex("signatureKey", ["signatureKey", "ref"], { unique: true });
      kps.createIndex("notAfter", ["notAfter", "ref"], { unique: true });
      old.createObjectStore("signatureKeys", { keyPath: "id" });
      old.createObjectStore("meta", { keyPath: "name" });
      if (version === 2) old.createObjectStore("leases", { keyPath: "ref" });
    });
    const tx = db.transaction(
      [...db.objectStoreNames].filter((n) => n !== "signatureKeys"),
      "readwrite",
    );
    for (const v of values) {
      if (v.ref !== undefined) tx.objectStore("keyPackages").put(v);
      else if (v.name === "schema-version")
        tx.objectStore("meta").put({ name: v.name, value: Uint8Array.of(0, 0, 0, version) });
      else if (v.name !== undefined) tx.objectStore("meta").put(v);
    }
    edit?.(tx);
    await done(tx);
    db.close();
    return name;
  }

  /** After an upgrade: the database's version, object stores and schema-version meta entry. */
  async function upgradedLayout(
    name: string,
  ): Promise<{ version: number; stores: string[]; schemaVersion: number[] }> {
    const db = await rawOpen(env.indexedDB, name);
    try {
      const meta = (await result(
        db.transaction("meta", "readonly").objectStore("meta").get("schema-version"),
      )) as { value: Uint8Array };
      return {
        version: db.version,
        stores: [...db.objectStoreNames].sort(),
        schemaVersion: Array.from(meta.value),
      };
    } finally {
      db.close();
    }
  }

  describe(`IndexedDB key store (${env.label})`, () => {
    it("creates schema version 3: object stores, [field, ref] indexes and the schema-version meta entry", async () => {
      const name = env.dbName("schema");
      const store = await openIndexedDbKeyStore(opener(name));
      await store.close();
      const db = await rawOpen(env.indexedDB, name);
      try {
        expect(db.version).toBe(INDEXEDDB_SCHEMA_VERSION);
        expect(INDEXEDDB_SCHEMA_VERSION).toBe(3);
        const names = ["keyPackages", "leases", "meta", "signatureKeys", "tombstones"];
        expect([...db.objectStoreNames].sort()).toEqual(names);
        const tx = db.transaction(names, "readonly");
        const kps = tx.objectStore("keyPackages");
        expect(kps.keyPath).toBe("ref");
        expect(tx.objectStore("leases").keyPath).toBe("ref");
        const tombstones = tx.objectStore("tombstones");
        expect(tombstones.keyPath).toBe("ref");
        expect([...tombstones.indexNames]).toEqual(["notAfter"]);
        expect(tombstones.index("notAfter").keyPath).toBe("notAfter");
        expect(tx.objectStore("signatureKeys").keyPath).toBe("id");
        expect(tx.objectStore("meta").keyPath).toBe("name");
        const indexes = [...kps.indexNames].sort().map((n) => {
          const i = kps.index(n);
          return { name: n, keyPath: i.keyPath, unique: i.unique };
        });
        expect(indexes).toEqual([
          { name: "cipherSuite", keyPath: ["cipherSuite", "ref"], unique: true },
          { name: "notAfter", keyPath: ["notAfter", "ref"], unique: true },
          { name: "signatureKey", keyPath: ["signatureKey", "ref"], unique: true },
        ]);
        const meta = (await result(tx.objectStore("meta").get("schema-version"))) as { value: Uint8Array };
        expect(Array.from(meta.value)).toEqual([0, 0, 0, INDEXEDDB_SCHEMA_VERSION]);
      } finally {
        db.close();
      }
    });

    it("a schema-1 database (before reservations and tombstones) is upgraded on open: its packages stay, can be reserved, and a commit leaves a tombstone", async () => {
      const key = crypto.getRandomValues(new Uint8Array(32));
      const name = await legacyDatabase(1, key);

      const store = await openIndexedDbKeyStore({ ...opener(name), encryptionKey: key });
      expect(await store.count()).toBe(bundles.length);
      const r = await store.reserve(bundles[0]!.ref);
      expect(r === undefined ? undefined : toHex(r.bundle.initPrivateKey)).toBe(
        toHex(bundles[0]!.initPrivateKey),
      );
      expect(await store.count()).toBe(bundles.length - 1);
      expect(await store.status(bundles[0]!.ref)).toBe("reserved");
      await r!.commit();
      expect(await store.status(bundles[0]!.ref)).toBe("consumed");
      expect(toHex((await store.take(bundles[1]!.ref))!.ref)).toBe(toHex(bundles[1]!.ref));
      expect(await store.status(bundles[1]!.ref)).toBe("consumed");
      expect(await store.status(bundles[2]!.ref)).toBe("available");
      await store.close();
      const upgraded = await upgradedLayout(name);
      expect(upgraded.version).toBe(INDEXEDDB_SCHEMA_VERSION);
      expect(upgraded.stores).toEqual(["keyPackages", "leases", "meta", "signatureKeys", "tombstones"]);
      expect(upgraded.schemaVersion).toEqual([0, 0, 0, INDEXEDDB_SCHEMA_VERSION]);
    });

    it("a schema-2 database (reservations, no tombstones) is upgraded on open: packages and a live lease stay", async () => {
      const name = await legacyDatabase(2, undefined, (tx) =>
        // a lease that lives until the end of uint64 time: still reserved after the upgrade
        tx.objectStore("leases").put({
          ref: bundles[0]!.ref.slice(),
          token: new Uint8Array(16).fill(1),
          expiresAt: new Uint8Array(8).fill(0xff),
        }),
      );

      const store = await openIndexedDbKeyStore(opener(name));
      expect(await store.count()).toBe(bundles.length - 1);
      expect(await store.status(bundles[0]!.ref)).toBe("reserved");
      expect(await store.status(bundles[1]!.ref)).toBe("available");
      expect(toHex((await store.take(bundles[1]!.ref))!.ref)).toBe(toHex(bundles[1]!.ref));
      expect(await store.status(bundles[1]!.ref)).toBe("consumed");
      await store.close();
      const upgraded = await upgradedLayout(name);
      expect(upgraded.version).toBe(INDEXEDDB_SCHEMA_VERSION);
      expect(upgraded.stores.includes("tombstones")).toBe(true);
    });

    it("stores times as 8-byte big-endian bytes and restores every uint64 exactly", async () => {
      const name = env.dbName("uint64");
      const backend = await backendAt(name);
      const times = [0n, 1n, 255n, 256n, 2n ** 53n + 1n, 2n ** 63n, MAX_U64 - 1n, MAX_U64];
      const rows: KeyPackageRow[] = times.map((t, i) => ({
        ref: Uint8Array.of(i + 1),
        cipherSuite: 1,
        notBefore: t,
        notAfter: MAX_U64 - t,
        lastResort: i % 2 === 0,
        signatureKey: Uint8Array.of(9),
        createdAt: t,
        record: Uint8Array.of(1, 2, 3, i),
      }));
      await backend.putKeyPackages(rows);
      for (const r of rows) expect(await backend.getKeyPackage(r.ref)).toEqual(r);
      expect((await scanAll(backend, {}, 3)).map((s) => s.notBefore)).toEqual(times);
      expect(await backend.countKeyPackages!({ expiredAt: MAX_U64 })).toBe(rows.length - 1);
      expect(await backend.countKeyPackages!({ expiredAt: MAX_U64 + 1n })).toBe(rows.length);
      expect(await backend.countKeyPackages!({ validAt: MAX_U64 })).toBe(1);
      expect(await backend.countKeyPackages!({ validAt: MAX_U64 + 1n })).toBe(0);
      await backend.close();
      const raw = (await rawValues(env.indexedDB, name)).filter(
        (v) => (v as { ref?: unknown }).ref !== undefined,
      ) as Record<string, unknown>[];
      expect(raw.length).toBe(rows.length);
      for (const v of raw) {
        for (const f of ["notBefore", "notAfter", "createdAt"]) {
          expect(v[f] instanceof Uint8Array && (v[f] as Uint8Array).length).toBe(8);
        }
      }
    });

    it("scan pages and counts equal the reference semantics for random rows, queries and page sizes", async () => {
      // Refs of 1-3 bytes over a small alphabet: prefixes, 0x00 and 0xff exercise the byte order.
      const byte = fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff);
      const times = [0n, 5n, 10n, 20n, MAX_U64 - 1n, MAX_U64];
      const time = fc.constantFrom(...times);
      const signers = [Uint8Array.of(), Uint8Array.of(1), Uint8Array.of(1, 0), Uint8Array.of(0xff)];
      const row = fc
        .record({
          ref: fc.array(byte, { minLength: 1, maxLength: 3 }).map((a) => Uint8Array.from(a)),
          cipherSuite: fc.constantFrom(1, 2, 0x0a0a),
          // notBefore <= notAfter
          span: fc.tuple(time, time).map(([x, y]) => (x <= y ? [x, y] : [y, x])),
          lastResort: fc.boolean(),
          signer: fc.constantFrom(...signers.keys()),
        })
        .map(
          (r): KeyPackageRow => ({
            ref: r.ref,
            cipherSuite: r.cipherSuite,
            notBefore: r.span[0]!,
            notAfter: r.span[1]!,
            lastResort: r.lastResort,
            signatureKey: signers[r.signer]!,
            createdAt: 7n,
            record: Uint8Array.of(r.signer),
          }),
        );
      // A lease per row or none (expiring at 0 it is never live: an expired lease left behind).
      const leaseArb = fc.option(time, { nil: undefined });
      const probe = fc.constantFrom(...times, 3n, 15n, MAX_U64 + 1n);
      const fields = {
        validAt: probe,
        expiredAt: probe,
        cipherSuite: fc.constantFrom(1, 2, 3),
        lastResort: fc.boolean(),
        signatureKey: fc.constantFrom(...signers),
        unleasedAt: fc.constantFrom(...times, 3n, 15n),
      };
      // Every query plan (each index alone, the expiry path, the object store) and any mix.
      const query = fc.oneof(
        fc.record(fields, { requiredKeys: [] }),
        fc.record({ expiredAt: fields.expiredAt }),
        fc.record({ expiredAt: fields.expiredAt, lastResort: fields.lastResort }),
        fc.record({ validAt: fields.validAt }),
        fc.record({ cipherSuite: fields.cipherSuite }),
        fc.record({ signatureKey: fields.signatureKey }),
        fc.record({ cipherSuite: fields.cipherSuite, validAt: fields.validAt }),
        fc.record({ unleasedAt: fields.unleasedAt }),
        fc.record({ expiredAt: fields.expiredAt, unleasedAt: fields.unleasedAt }),
        fc.record({ cipherSuite: fields.cipherSuite, unleasedAt: fields.unleasedAt }),
      ) as fc.Arbitrary<KeyPackageQuery>;
      const rowsArb = fc.uniqueArray(fc.tuple(row, leaseArb), {
        minLength: 0,
        maxLength: 60,
        size: "medium",
        selector: ([r]) => toHex(r.ref),
      });

      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          rowsArb,
          fc.array(fc.tuple(query, fc.integer({ min: 1, max: 7 })), { minLength: 1, maxLength: 8 }),
          async (leasedRows, queries) => {
            const backend = await backendAt(env.dbName(`scan-${++run}`));
            try {
              const rows = leasedRows.map(([r]) => r);
              await backend.putKeyPackages(rows);
              const leases = new Map<string, KeyPackageLease>();
              for (const [r, expiresAt] of leasedRows) {
                if (expiresAt === undefined) continue;
                const lease = { token: Uint8Array.of(1, 2, 3), expiresAt };
                expect(await backend.leaseKeyPackage(r.ref, lease, 0n)).toEqual(r);
                leases.set(toHex(r.ref), lease);
              }
              const sorted = [...rows].sort((x, y) => compareBytes(x.ref, y.ref));
              for (const [q, limit] of queries) {
                const want = sorted
                  .filter((r) => matchesKeyPackageQuery(r, q, leases.get(toHex(r.ref))))
                  .map((r) => toHex(r.ref));
                expect((await scanAll(backend, q, limit)).map((s) => toHex(s.ref))).toEqual(want);
                expect(await backend.countKeyPackages!(q)).toBe(want.length);
              }
            } finally {
              await backend.close();
            }
          },
        ),
        { numRuns: env.numRuns },
      );
    });

    it("putKeyPackages is all or nothing: a row that cannot be stored aborts the whole batch", async () => {
      const name = env.dbName("atomic-put");
      const backend = await backendAt(name);
      try {
        const good = plainRow(Uint8Array.of(1));
        // A function cannot be structured-cloned: the put request throws DataCloneError.
        const bad = { ...good, ref: Uint8Array.of(2), cipherSuite: (() => 1) as unknown as number };
        const e = await rejection(backend.putKeyPackages([good, bad]));
        expect((e as Error).name).toBe("DataCloneError");
        expect(await backend.getKeyPackage(good.ref)).toBe(undefined);
        expect(await backend.countKeyPackages!({})).toBe(0);
      } finally {
        await backend.close();
      }
    });

    it("deletes racing over four connections: exactly one reports true for each ref", async () => {
      const name = env.dbName("race");
      const backends = await Promise.all([0, 1, 2, 3].map(() => backendAt(name)));
      try {
        const rows: KeyPackageRow[] = Array.from({ length: 25 }, (_, i) => plainRow(Uint8Array.of(i, i)));
        await backends[0]!.putKeyPackages(rows);
        const results = await Promise.all(
          rows.flatMap((r) =>
            backends.flatMap((b) => [b.deleteKeyPackage(r.ref), b.deleteKeyPackage(r.ref)]),
          ),
        );
        for (let i = 0; i < rows.length; i++) {
          expect(results.slice(i * 8, i * 8 + 8).filter((x) => x).length).toBe(1);
        }
        expect(await backends[3]!.countKeyPackages!({})).toBe(0);
      } finally {
        await Promise.all(backends.map((b) => b.close()));
      }
    });

    it("leases racing over four connections: exactly one wins each ref; only its token ends it; a lease survives a put", async () => {
      const name = env.dbName("lease-race");
      const backends = await Promise.all([0, 1, 2, 3].map(() => backendAt(name)));
      try {
        const rows: KeyPackageRow[] = Array.from({ length: 20 }, (_, i) => plainRow(Uint8Array.of(i, 7)));
        await backends[0]!.putKeyPackages(rows);
        const token = (k: number) => Uint8Array.of(k, k, k);
        const results = await Promise.all(
          rows.flatMap((r) =>
            backends.flatMap((b, k) => [
              b.leaseKeyPackage(r.ref, { token: token(k), expiresAt: 100n }, 5n),
              b.deleteKeyPackage(r.ref, { unleasedAt: 5n }),
            ]),
          ),
        );
        for (let i = 0; i < rows.length; i++) {
          const won = results.slice(i * 8, i * 8 + 8).filter((x) => x !== undefined && x !== false);
          expect(won.length).toBe(1);
        }
        const b = backends[1]!;
        const leased = [];
        for (const r of rows) {
          if ((await b.getKeyPackage(r.ref)) === undefined) continue; // deleted by the race
          leased.push(r);
          expect(await b.getKeyPackage(r.ref, { unleasedAt: 99n })).toBe(undefined);
          expect(await b.getKeyPackage(r.ref, { unleasedAt: 100n })).toEqual(r);
          expect(await b.leaseKeyPackage(r.ref, { token: token(9), expiresAt: 200n }, 99n)).toBe(undefined);
          expect(await b.deleteKeyPackage(r.ref, { unleasedAt: 99n })).toBe(false);
        }
        expect(await b.countKeyPackages!({ unleasedAt: 99n })).toBe(0);
        expect(await b.countKeyPackages!({ unleasedAt: 100n })).toBe(leased.length);
        // Deterministically: a put keeps the lease; only the holder's token ends it, once.
        const [x, y] = [rows[0]!, rows[1]!].map((r) => ({ ...r, ref: Uint8Array.of(0xee, r.ref[0]!) }));
        await b.putKeyPackages([x!, y!]);
        expect(await b.leaseKeyPackage(x!.ref, { token: token(1), expiresAt: 100n }, 5n)).toEqual(x);
        expect(await b.leaseKeyPackage(y!.ref, { token: token(2), expiresAt: 100n }, 5n)).toEqual(y);
        await b.putKeyPackages([{ ...x!, record: Uint8Array.of(4) }]);
        expect(await b.getKeyPackage(x!.ref, { unleasedAt: 99n })).toBe(undefined);
        expect(await b.endKeyPackageLease(x!.ref, token(9), true)).toBe(false);
        const ended = await Promise.all(
          [0, 1, 2, 3].map((k) => b.endKeyPackageLease(x!.ref, token(k), false)),
        );
        expect(ended).toEqual([false, true, false, false]);
        expect((await b.getKeyPackage(x!.ref, { unleasedAt: 0n }))?.record).toEqual(Uint8Array.of(4));
        const removed = await Promise.all(
          [0, 1, 2, 2].map((k) => backends[k]!.endKeyPackageLease(y!.ref, token(k), true)),
        );
        expect(removed.filter((r) => r).length).toBe(1);
        expect(await b.getKeyPackage(y!.ref)).toBe(undefined);
      } finally {
        await Promise.all(backends.map((b) => b.close()));
      }
    });

    it("close releases the database: reopening sees the data, deleteDatabase is not blocked", async () => {
      const name = env.dbName("close");
      const key = crypto.getRandomValues(new Uint8Array(32));
      const first = await openIndexedDbKeyStore({ ...opener(name), encryptionKey: key });
      await first.putMany(bundles);
      await first.take(bundles[0]!.ref);
      await first.close();
      const second = await openIndexedDbKeyStore({ ...opener(name), encryptionKey: key });
      expect(await second.count()).toBe(bundles.length - 1);
      expect(await second.get(bundles[0]!.ref)).toBe(undefined);
      expect((await second.get(bundles[1]!.ref))?.ref).toEqual(bundles[1]!.ref);
      await second.close();
      expect(await deleteDatabase(env.indexedDB, name)).toEqual({ blocked: false });
      const third = await openIndexedDbKeyStore(opener(name));
      expect(await third.count()).toBe(0);
      expect(third.encrypted).toBe(false);
      await third.close();
    });

    it("an open store yields to a versionchange (deleteDatabase elsewhere); its calls then fail with STORE_BACKEND_FAILURE", async () => {
      const name = env.dbName("versionchange");
      const store = await openIndexedDbKeyStore(opener(name));
      await store.put(bundles[0]!);
      expect(await deleteDatabase(env.indexedDB, name)).toEqual({ blocked: false });
      const e = await rejection(store.get(bundles[0]!.ref));
      expectStorageCode(e, KeyStoreErrorCode.backendFailure);
      expect((e as MlsError).cause).toBeDefined();
      await store.close();
    });

    it("a database of a newer schema is refused with STORE_SCHEMA_TOO_NEW and left untouched", async () => {
      const name = env.dbName("too-new");
      (await rawOpen(env.indexedDB, name, INDEXEDDB_SCHEMA_VERSION + 1)).close();
      const e = await rejection(openIndexedDbKeyStore(opener(name)));
      expectStorageCode(e, KeyStoreErrorCode.schemaTooNew);
      expect((e as MlsError).details.schemaVersion).toBe(INDEXEDDB_SCHEMA_VERSION + 1);
      const db = await rawOpen(env.indexedDB, name);
      expect([db.version, [...db.objectStoreNames]]).toEqual([
        INDEXEDDB_SCHEMA_VERSION + 1,
        ["fromTheFuture"],
      ]);
      db.close();

      // The same when only the schema-version meta entry says so.
      const other = env.dbName("too-new-meta");
      await (await openIndexedDbKeyStore(opener(other))).close();
      const raw = await rawOpen(env.indexedDB, other);
      const tx = raw.transaction("meta", "readwrite");
      tx.objectStore("meta").put({ name: "schema-version", value: Uint8Array.of(0, 0, 0, 9) });
      await done(tx);
      raw.close();
      const e2 = await rejection(openIndexedDbKeyStore(opener(other)));
      expectStorageCode(e2, KeyStoreErrorCode.schemaTooNew);
      expect((e2 as MlsError).details.schemaVersion).toBe(9);
    });

    it("with encryption on, no private key appears in any stored value (and without, they do)", async () => {
      const secrets = [
        ...bundles.flatMap((b) => [b.initPrivateKey, b.encryptionPrivateKey]),
        signer.privateKey,
      ];
      const credential = basicCredential("indexeddb@example.com");
      const leaked = async (encryptionKey: Uint8Array | undefined): Promise<number> => {
        const name = env.dbName(encryptionKey === undefined ? "clear" : "encrypted");
        const store = await openIndexedDbKeyStore({
          ...opener(name),
          ...(encryptionKey === undefined ? {} : { encryptionKey }),
        });
        await store.putMany(bundles);
        await store.putSignatureKeyPair({ credential, cipherSuite: 1, signatureKeyPair: signer });
        await store.close();
        const bytes = bytesOf(await rawValues(env.indexedDB, name));
        return secrets.filter((s) => containsBytes(bytes, s)).length;
      };
      expect(await leaked(undefined)).toBe(secrets.length);
      expect(await leaked(crypto.getRandomValues(new Uint8Array(32)))).toBe(0);
    });

    it("durability 'relaxed' stores and takes the same way", async () => {
      const name = env.dbName("relaxed");
      const store = await openIndexedDbKeyStore({ ...opener(name), durability: "relaxed" });
      await store.putMany(bundles);
      expect((await store.take(bundles[2]!.ref))?.ref).toEqual(bundles[2]!.ref);
      expect(await store.take(bundles[2]!.ref)).toBe(undefined);
      await store.close();
    });

    it("option checks: TypeError / RangeError before any database is created", async () => {
      const name = env.dbName("options");
      const bad: [unknown, string][] = [
        [null, "TypeError"],
        ["name", "TypeError"],
        [{ ...opener(name), name: "" }, "TypeError"],
        [{ ...opener(name), name: 5 }, "TypeError"],
        [{ ...opener(name), indexedDB: {} }, "TypeError"],
        [{ ...opener(name), IDBKeyRange: {} }, "TypeError"],
        [{ ...opener(name), durability: "fast" }, "TypeError"],
        [{ ...opener(name), encryptionKey: "key" }, "TypeError"],
        [{ ...opener(name), encryptionKey: new Uint8Array(16) }, "RangeError"],
        [{ ...opener(name), now: 5 }, "TypeError"],
      ];
      for (const [opts, want] of bad) {
        const e = await rejection(openIndexedDbKeyStore(opts as never));
        expect(e instanceof Error ? e.name : String(e)).toBe(want);
      }
      const names = (await env.indexedDB.databases()).map((d) => d.name);
      expect(names.includes(name)).toBe(false);
    });
  });
}
