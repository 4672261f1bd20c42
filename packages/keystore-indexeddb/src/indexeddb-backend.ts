/**
 * @module indexeddb-backend
 * A `KeyStoreBackend` on one IndexedDB database (schema in `schema.ts`, opening and migrating
 * in `open-database.ts`). Every method is one transaction, written with request callbacks
 * (`transaction.ts`): the store does all crypto outside backend calls, so nothing but IndexedDB
 * requests is ever waited for inside one.
 *
 * Atomic take: `deleteKeyPackage` is a `getKey` then a `delete` in one `readwrite` transaction.
 * IndexedDB runs readwrite transactions with overlapping scopes one after the other — across
 * connections, tabs and workers of one origin too — so of concurrent deletes of one ref exactly
 * one finds the key, deletes it and reports `true`.
 *
 * Reservations: leases live in the `leases` store (schema 2). Leasing, ending a lease and a
 * conditional delete each read the lease and write in one `readwrite` transaction over both
 * stores, so they serialise like the delete above. A scan or count with `unleasedAt` first reads
 * the leases (a handful: one per reservation in flight) in its transaction; when none is live it
 * runs exactly as without the condition, otherwise it filters the live-leased refs out.
 *
 * Tombstones (schema 3): a consuming removal (`tombstone: true`, or a committed lease) reads the
 * row, deletes it and puts `{ ref, notAfter }` into `tombstones` in the same readwrite
 * transaction; `putKeyPackages` deletes the tombstones of the refs it writes in its transaction;
 * `keyPackageStatus` reads the row's key, its lease and a tombstone in one readonly transaction;
 * `pruneTombstones` walks the `notAfter` index below the bound.
 *
 * Scans (plans in `query-plan.ts`, walks in `scan.ts`): `scanKeyPackages` must return pages in
 * ascending ref order. A query on `signatureKey` or `cipherSuite` walks the matching
 * `[field, ref]` index range (already in ref order); a query on `expiredAt` (pruning) reads the
 * refs under the bound from the `[notAfter, ref]` index, sorts them and reads only those rows;
 * anything else walks the object store from `after`. Walks read with `getAll(range, n)` batches
 * and resume after the last entry's index key, filtering what the range does not decide with
 * `matchesKeyPackageQuery`. `countKeyPackages` counts with `count(range)` when a range decides
 * the whole query, and otherwise walks the narrowest range.
 */
import {
  compareBytes,
  isLeaseLive,
  type KeyPackageRow,
  type KeyPackageStatus,
  type KeyPackageSummary,
  type KeyStoreBackend,
  keyPackageStatusOf,
  matchesKeyPackageQuery,
  type RewriteBatch,
} from "@mlskit/keystore";
import { openDatabase } from "./open-database.js";
import { BATCH, countPlan, expiryPlan, key, orderedPlan, planRange } from "./query-plan.js";
import { refKey, scanExpired, walk, withLiveLeases, withoutLeases } from "./scan.js";
import {
  leaseOf,
  MAX_U64,
  own,
  rowOf,
  type StoredKeyPackage,
  type StoredLease,
  type StoredMeta,
  type StoredSignatureKey,
  type StoredTombstone,
  Stores,
  summaryOf,
  TOMBSTONE_NOT_AFTER_INDEX,
  toStored,
  toStoredLease,
  u64,
} from "./schema.js";
import { type TxContext, type TxOptions, type TxRequests, transact } from "./transaction.js";

/** Options of {@link openIndexedDbBackend}. @internal */
export interface IndexedDbBackendOptions {
  /** The database name. */
  readonly name: string;
  /** The IDBFactory to open it with. */
  readonly indexedDB: IDBFactory;
  /** The IDBKeyRange class of the same implementation. */
  readonly IDBKeyRange: typeof IDBKeyRange;
  /** Durability of readwrite transactions. */
  readonly durability: IDBTransactionDurability;
}

/**
 * Open (creating or migrating it when needed) the database `opts.name` as a key store backend.
 *
 * @param opts - database name, factory, key range class and durability
 * @returns the backend
 * @throws SchemaTooNewError for a database of a newer schema; the IndexedDB error otherwise
 * @internal
 */
export async function openIndexedDbBackend(opts: IndexedDbBackendOptions): Promise<KeyStoreBackend> {
  const { IDBKeyRange: KeyRange } = opts;
  const txOpts: TxOptions = { durability: opts.durability };
  const db = await openDatabase(opts.indexedDB, opts.name, txOpts);
  const run = <T>(
    stores: string | readonly string[],
    mode: IDBTransactionMode,
    initial: T,
    body: (ctx: TxContext<T>) => void,
  ): Promise<T> => transact(db, stores, mode, txOpts, initial, body);

  const both = [Stores.keyPackages, Stores.leases];
  const withTombstones = [Stores.keyPackages, Stores.leases, Stores.tombstones];

  /**
   * In a readwrite transaction over `keyPackages`, `leases` and (with `tombstone`) `tombstones`:
   * remove the row under `ref` (read first when a tombstone needs its `notAfter`) and its lease,
   * leave the tombstone, and report `true`; nothing when the row is gone.
   */
  const removeRow = (c: TxContext<boolean>, ref: Uint8Array, tombstone: boolean): void => {
    const store = c.tx.objectStore(Stores.keyPackages);
    const remove = (): void => {
      c.on(c.tx.objectStore(Stores.leases).delete(key(ref)), () => {});
      c.on(store.delete(key(ref)), () => c.result(true));
    };
    if (!tombstone) {
      c.on(store.getKey(key(ref)), (found) => {
        if (found !== undefined) remove();
      });
      return;
    }
    c.on(store.get(key(ref)) as IDBRequest<StoredKeyPackage | undefined>, (v) => {
      if (v === undefined) return;
      const stone: StoredTombstone = { ref: own(ref), notAfter: v.notAfter };
      c.on(c.tx.objectStore(Stores.tombstones).put(stone), () => {});
      remove();
    });
  };

  /** The stores a call with this lease condition reads. */
  const scope = (unleasedAt: bigint | undefined): string | string[] =>
    unleasedAt === undefined ? Stores.keyPackages : [Stores.keyPackages, Stores.leases];

  /** In a transaction over `keyPackages`: call `then` with the stored row of `ref`, if any. */
  const readRow = (c: TxRequests, ref: Uint8Array, then: (v: StoredKeyPackage) => void): void => {
    c.on(
      c.tx.objectStore(Stores.keyPackages).get(key(ref)) as IDBRequest<StoredKeyPackage | undefined>,
      (v) => {
        if (v !== undefined) then(v);
      },
    );
  };

  /**
   * In a transaction that covers `leases` when `unleasedAt` is given: call `then` unless the row
   * under `ref` holds a lease live at `unleasedAt` (always without a condition).
   */
  const unlessLeased = (
    c: TxRequests,
    ref: Uint8Array,
    unleasedAt: bigint | undefined,
    then: () => void,
  ): void => {
    if (unleasedAt === undefined) {
      then();
      return;
    }
    c.on(c.tx.objectStore(Stores.leases).get(key(ref)) as IDBRequest<StoredLease | undefined>, (v) => {
      if (v === undefined || !isLeaseLive(leaseOf(v), unleasedAt)) then();
    });
  };

  return {
    getKeyPackage(ref, condition) {
      const at = condition?.unleasedAt;
      return run<KeyPackageRow | undefined>(scope(at), "readonly", undefined, (c) => {
        unlessLeased(c, ref, at, () => readRow(c, ref, (v) => c.result(rowOf(v))));
      });
    },

    async putKeyPackages(rows) {
      const values = rows.map(toStored);
      await run([Stores.keyPackages, Stores.tombstones], "readwrite", undefined, (c) => {
        const store = c.tx.objectStore(Stores.keyPackages);
        const tombstones = c.tx.objectStore(Stores.tombstones);
        for (const v of values) {
          c.on(store.put(v), () => {});
          c.on(tombstones.delete(key(v.ref)), () => {});
        }
      });
    },

    deleteKeyPackage(ref, condition) {
      // RFC 9420 §16.8 forward secrecy relies on a taken package being gone for every taker:
      // read and delete in one readwrite transaction, so exactly one caller sees the key.
      const at = condition?.unleasedAt;
      const tombstone = condition?.tombstone === true;
      return run(tombstone ? withTombstones : both, "readwrite", false, (c) => {
        unlessLeased(c, ref, at, () => removeRow(c, ref, tombstone));
      });
    },

    leaseKeyPackage(ref, lease, now) {
      const stored = toStoredLease(ref, lease);
      return run<KeyPackageRow | undefined>(both, "readwrite", undefined, (c) => {
        readRow(c, ref, (v) =>
          unlessLeased(c, ref, now, () =>
            c.on(c.tx.objectStore(Stores.leases).put(stored), () => c.result(rowOf(v))),
          ),
        );
      });
    },

    endKeyPackageLease(ref, token, remove, tombstone) {
      const stone = remove && tombstone === true;
      return run(stone ? withTombstones : both, "readwrite", false, (c) => {
        const leases = c.tx.objectStore(Stores.leases);
        const kps = c.tx.objectStore(Stores.keyPackages);
        c.on(leases.get(key(ref)) as IDBRequest<StoredLease | undefined>, (v) => {
          if (v === undefined || compareBytes(leaseOf(v).token, token) !== 0) return;
          if (remove) {
            removeRow(c, ref, stone);
            return;
          }
          c.on(kps.getKey(key(ref)), (found) => {
            if (found === undefined) return;
            c.on(leases.delete(key(ref)), () => c.result(true));
          });
        });
      });
    },

    keyPackageStatus(ref, at) {
      return run<KeyPackageStatus>(withTombstones, "readonly", "unknown", (c) => {
        c.on(c.tx.objectStore(Stores.keyPackages).getKey(key(ref)), (found) => {
          if (found !== undefined) {
            c.on(c.tx.objectStore(Stores.leases).get(key(ref)) as IDBRequest<StoredLease | undefined>, (v) =>
              c.result(keyPackageStatusOf(true, v === undefined ? undefined : leaseOf(v), false, at)),
            );
            return;
          }
          c.on(c.tx.objectStore(Stores.tombstones).getKey(key(ref)), (stone) =>
            c.result(keyPackageStatusOf(false, undefined, stone !== undefined, at)),
          );
        });
      });
    },

    pruneTombstones(expiredAt) {
      if (expiredAt <= 0n) return Promise.resolve(0);
      // notAfter < expiredAt, as 8-byte big-endian keys (equal length: byte order = number order).
      // Past the uint64 range every tombstone is below: the bound becomes MAX_U64, inclusive.
      const inRange = expiredAt <= MAX_U64;
      const below = KeyRange.upperBound(key(u64(inRange ? expiredAt : MAX_U64)), inRange);
      return run(Stores.tombstones, "readwrite", 0, (c) => {
        const tombstones = c.tx.objectStore(Stores.tombstones);
        c.on(tombstones.index(TOMBSTONE_NOT_AFTER_INDEX).getAllKeys(below), (refs) => {
          for (const ref of refs) c.on(tombstones.delete(ref), () => {});
          c.result(refs.length);
        });
      });
    },

    scanKeyPackages(given, page) {
      const out: KeyPackageSummary[] = [];
      return run<unknown>(scope(given.unleasedAt), "readonly", undefined, (c) => {
        withLiveLeases(c, given.unleasedAt, (live) => {
          const query = live === undefined ? withoutLeases(given) : given;
          const match = (s: KeyPackageSummary): boolean =>
            matchesKeyPackageQuery(s, query, live?.get(refKey(s.ref)));
          const expiry = expiryPlan(query);
          if (expiry !== undefined) {
            scanExpired(c, KeyRange, expiry, match, page, out);
            return;
          }
          const plan = orderedPlan(query, page.after);
          walk(
            c,
            KeyRange,
            plan,
            plan.exact ? page.limit : Math.max(page.limit, BATCH),
            (v) => {
              const s = summaryOf(v);
              if (plan.exact || match(s)) out.push(s);
              return out.length < page.limit;
            },
            () => {},
          );
        });
      }).then(() => out);
    },

    countKeyPackages(given) {
      return run(scope(given.unleasedAt), "readonly", 0, (c) => {
        withLiveLeases(c, given.unleasedAt, (live) => {
          const query = live === undefined ? withoutLeases(given) : given;
          const plan = countPlan(query);
          const store = c.tx.objectStore(Stores.keyPackages);
          const source = plan.index === undefined ? store : store.index(plan.index);
          if (plan.exact) {
            c.on(source.count(planRange(KeyRange, plan)), (n) => c.result(n));
            return;
          }
          let n = 0;
          walk(
            c,
            KeyRange,
            plan,
            BATCH,
            (v) => {
              if (matchesKeyPackageQuery(summaryOf(v), query, live?.get(refKey(v.ref)))) n++;
              return true;
            },
            () => c.result(n),
          );
        });
      });
    },

    getSignatureKey(id) {
      return run<Uint8Array | undefined>(Stores.signatureKeys, "readonly", undefined, (c) => {
        c.on(
          c.tx.objectStore(Stores.signatureKeys).get(key(id)) as IDBRequest<StoredSignatureKey | undefined>,
          (v) => c.result(v?.record),
        );
      });
    },

    async putSignatureKey(id, record) {
      const value: StoredSignatureKey = { id: own(id), record: own(record) };
      await run(Stores.signatureKeys, "readwrite", undefined, (c) => {
        c.on(c.tx.objectStore(Stores.signatureKeys).put(value), () => {});
      });
    },

    deleteSignatureKey(id) {
      return run(Stores.signatureKeys, "readwrite", false, (c) => {
        const store = c.tx.objectStore(Stores.signatureKeys);
        c.on(store.getKey(key(id)), (found) => {
          if (found === undefined) return;
          c.on(store.delete(key(id)), () => c.result(true));
        });
      });
    },

    listSignatureKeys() {
      return run<readonly StoredSignatureKey[]>(Stores.signatureKeys, "readonly", [], (c) => {
        c.on(c.tx.objectStore(Stores.signatureKeys).getAll() as IDBRequest<StoredSignatureKey[]>, (vs) =>
          c.result(vs.map((v) => ({ id: v.id, record: v.record }))),
        );
      });
    },

    getMeta(name) {
      return run<Uint8Array | undefined>(Stores.meta, "readonly", undefined, (c) => {
        c.on(c.tx.objectStore(Stores.meta).get(name) as IDBRequest<StoredMeta | undefined>, (v) =>
          c.result(v?.value),
        );
      });
    },

    initMeta(name, value) {
      const fresh: StoredMeta = { name, value: own(value) };
      return run<Uint8Array>(Stores.meta, "readwrite", value, (c) => {
        const store = c.tx.objectStore(Stores.meta);
        c.on(store.get(name) as IDBRequest<StoredMeta | undefined>, (v) => {
          if (v !== undefined) c.result(v.value);
          else c.on(store.put(fresh), () => c.result(value));
        });
      });
    },

    async rewrite(batch: RewriteBatch) {
      await run(Object.values(Stores), "readwrite", undefined, (c) => {
        const kps = c.tx.objectStore(Stores.keyPackages);
        for (const { ref, record } of batch.keyPackages) {
          // Only rows that still exist: never re-create one deleted meanwhile.
          c.on(kps.get(key(ref)) as IDBRequest<StoredKeyPackage | undefined>, (v) => {
            if (v !== undefined) c.on(kps.put({ ...v, record: own(record) }), () => {});
          });
        }
        const sigs = c.tx.objectStore(Stores.signatureKeys);
        for (const { id, record } of batch.signatureKeys) {
          c.on(sigs.get(key(id)) as IDBRequest<StoredSignatureKey | undefined>, (v) => {
            if (v !== undefined) c.on(sigs.put({ id: v.id, record: own(record) }), () => {});
          });
        }
        const meta = c.tx.objectStore(Stores.meta);
        for (const { name, value } of batch.meta) {
          if (value === null) c.on(meta.delete(name), () => {});
          else c.on(meta.put({ name, value: own(value) } satisfies StoredMeta), () => {});
        }
      });
    },

    async close() {
      db.close();
    },
  };
}
