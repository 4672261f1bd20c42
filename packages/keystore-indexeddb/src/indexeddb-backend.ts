/**
 * @module indexeddb-backend
 * A `KeyStoreBackend` on one IndexedDB database (schema in `schema.ts`). Every method is one
 * transaction, written with request callbacks (`transaction.ts`): the store does all crypto
 * outside backend calls, so nothing but IndexedDB requests is ever waited for inside one.
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
 * Scans: `scanKeyPackages` must return pages in ascending ref order. A query on `signatureKey` or
 * `cipherSuite` walks the matching `[field, ref]` index range (already in ref order); a query on
 * `expiredAt` (pruning) reads the refs under the bound from the `[notAfter, ref]` index, sorts
 * them and reads only those rows; anything else walks the object store from `after`. Walks read
 * with `getAll(range, n)` batches and resume after the last entry's index key, filtering what the
 * range does not decide with `matchesKeyPackageQuery`. `countKeyPackages` counts with
 * `count(range)` when a range decides the whole query, and otherwise walks the narrowest range.
 */
import {
  compareBytes,
  isLeaseLive,
  type KeyPackageLease,
  type KeyPackageQuery,
  type KeyPackageRow,
  type KeyPackageStatus,
  type KeyPackageSummary,
  type KeyStoreBackend,
  keyPackageStatusOf,
  matchesKeyPackageQuery,
  type RewriteBatch,
  type ScanPage,
} from "@mlskit/keystore";
import {
  fromU32,
  INDEXEDDB_SCHEMA_VERSION,
  KeyPackageIndex,
  leaseOf,
  MAX_U64,
  MIGRATIONS,
  own,
  rowOf,
  SCHEMA_VERSION_META,
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
  u32,
  u64,
} from "./schema.js";
import { requestResult, type TxContext, type TxOptions, transact } from "./transaction.js";

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

/** Thrown by {@link openIndexedDbBackend} for a database of a newer schema. @internal */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(`the database has schema version ${found}; this library knows up to ${INDEXEDDB_SCHEMA_VERSION}`);
    this.name = "SchemaTooNewError";
  }
}

/** How a query reads `keyPackages`: which source, which key range, what is left to filter. */
interface Plan {
  /** The index to read, or `undefined` for the object store itself (keyed by ref). */
  readonly index: string | undefined;
  readonly lower: IDBValidKey | undefined;
  readonly lowerOpen: boolean;
  readonly upper: IDBValidKey | undefined;
  readonly upperOpen: boolean;
  /** The source key of a stored value (to resume a walk after it). */
  keyOf(v: StoredKeyPackage): IDBValidKey;
  /** Whether the range alone decides the query (nothing left to filter). */
  readonly exact: boolean;
}

/** A byte string as a key (IndexedDB compares binary keys as unsigned bytes). */
const key = (b: Uint8Array): IDBValidKey => b as Uint8Array<ArrayBuffer>;

/** Smallest array key above every `[x, binary]`: an array sorts after any binary key. */
const ABOVE_BINARY: IDBValidKey = [];
/** Rows read per `getAll` when a walk filters (and so may need more rows than it returns). */
const BATCH = 256;

function given(q: KeyPackageQuery): number {
  let n = 0;
  for (const k of [
    "validAt",
    "expiredAt",
    "cipherSuite",
    "lastResort",
    "signatureKey",
    "unleasedAt",
  ] as const) {
    if (q[k] !== undefined) n++;
  }
  return n;
}

/**
 * A plan over the `[field, ref]` index for `field = value`, starting after `after` (a ref): its
 * entries come in ascending ref order.
 */
function fieldPlan(
  index: string,
  value: IDBValidKey,
  keyOf: (v: StoredKeyPackage) => IDBValidKey,
  after: Uint8Array | undefined,
  exact: boolean,
): Plan {
  return {
    index,
    lower: after === undefined ? [value] : [value, key(after)],
    lowerOpen: after !== undefined,
    upper: [value, ABOVE_BINARY],
    upperOpen: false,
    keyOf,
    exact,
  };
}

/** A plan whose entries come in ascending ref order, starting after `after`. */
function orderedPlan(q: KeyPackageQuery, after: Uint8Array | undefined): Plan {
  const n = given(q);
  // An empty byte string is a valid key by the spec but not to every implementation
  // (fake-indexeddb takes it for a detached buffer): filter for it instead. Real keys are not empty.
  if (q.signatureKey !== undefined && q.signatureKey.length > 0) {
    return fieldPlan(
      KeyPackageIndex.signatureKey,
      key(q.signatureKey),
      (v) => [key(v.signatureKey), key(v.ref)],
      after,
      n === 1,
    );
  }
  if (q.cipherSuite !== undefined) {
    return fieldPlan(
      KeyPackageIndex.cipherSuite,
      q.cipherSuite,
      (v) => [v.cipherSuite, key(v.ref)],
      after,
      n === 1,
    );
  }
  return {
    index: undefined,
    lower: after === undefined ? undefined : key(after),
    lowerOpen: true,
    upper: undefined,
    upperOpen: false,
    keyOf: (v) => key(v.ref),
    exact: n === 0,
  };
}

/** The narrowest plan for counting (any order). */
function countPlan(q: KeyPackageQuery): Plan {
  if (q.signatureKey !== undefined || q.cipherSuite !== undefined) return orderedPlan(q, undefined);
  const notAfterKey = (v: StoredKeyPackage): IDBValidKey => [key(v.notAfter), key(v.ref)];
  const n = given(q);
  // notAfter < expiredAt: every [notAfter, ref] below [expiredAt] (a shorter array sorts first).
  if (q.expiredAt !== undefined && q.expiredAt <= MAX_U64) {
    return {
      index: KeyPackageIndex.notAfter,
      lower: undefined,
      lowerOpen: false,
      upper: [key(u64(q.expiredAt))],
      upperOpen: true,
      keyOf: notAfterKey,
      exact: n === 1,
    };
  }
  // notAfter >= validAt (notBefore <= validAt is left to the filter).
  if (q.validAt !== undefined && q.validAt <= MAX_U64) {
    return {
      index: KeyPackageIndex.notAfter,
      lower: [key(u64(q.validAt))],
      lowerOpen: false,
      upper: undefined,
      upperOpen: false,
      keyOf: notAfterKey,
      exact: false,
    };
  }
  return orderedPlan(q, undefined);
}

/** A ref as a Map key (one char per byte). */
function refKey(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

/** The live leases of a scan, by {@link refKey}; `undefined` when none is live. */
type LiveLeases = ReadonlyMap<string, KeyPackageLease> | undefined;

/** The query without its lease condition (when no lease is live, it decides nothing). */
function withoutLeases(q: KeyPackageQuery): KeyPackageQuery {
  const { unleasedAt: _, ...rest } = q;
  return rest;
}

function bytesOfKey(k: IDBValidKey): Uint8Array {
  if (k instanceof ArrayBuffer) return new Uint8Array(k);
  if (ArrayBuffer.isView(k)) return new Uint8Array(k.buffer.slice(k.byteOffset, k.byteOffset + k.byteLength));
  throw new TypeError("a stored ref is not a binary key");
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
  const request = opts.indexedDB.open(opts.name, INDEXEDDB_SCHEMA_VERSION);
  request.onupgradeneeded = (event) => {
    const db = request.result;
    const tx = request.transaction!;
    for (let v = event.oldVersion; v < INDEXEDDB_SCHEMA_VERSION; v++) MIGRATIONS[v]!(db, tx);
    const meta: StoredMeta = { name: SCHEMA_VERSION_META, value: u32(INDEXEDDB_SCHEMA_VERSION) };
    tx.objectStore(Stores.meta).put(meta);
  };
  let db: IDBDatabase;
  try {
    db = await requestResult(request);
  } catch (e) {
    if ((e as { name?: unknown } | null)?.name === "VersionError") {
      // The database is at a higher version than ours; open it as it is only to read which.
      throw new SchemaTooNewError(await currentVersion(opts.indexedDB, opts.name));
    }
    throw e;
  }
  // Another connection (a newer version of this library in another tab, or deleteDatabase)
  // needs the database: let it proceed. Later calls here then fail with STORE_BACKEND_FAILURE.
  db.onversionchange = () => db.close();

  const run = <T>(
    stores: string | readonly string[],
    mode: IDBTransactionMode,
    initial: T,
    body: (ctx: TxContext<T>) => void,
  ): Promise<T> => transact(db, stores, mode, txOpts, initial, body);

  try {
    const stored = await run<unknown>(Stores.meta, "readonly", undefined, (c) => {
      c.on(c.tx.objectStore(Stores.meta).get(SCHEMA_VERSION_META), (v) =>
        c.result((v as StoredMeta | undefined)?.value),
      );
    });
    const version = fromU32(stored);
    if (version !== undefined && version > INDEXEDDB_SCHEMA_VERSION) throw new SchemaTooNewError(version);
  } catch (e) {
    db.close();
    throw e;
  }

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

  const range = (
    lower: IDBValidKey | undefined,
    lowerOpen: boolean,
    upper: IDBValidKey | undefined,
    upperOpen: boolean,
  ): IDBKeyRange | undefined => {
    if (lower === undefined && upper === undefined) return undefined;
    if (upper === undefined) return KeyRange.lowerBound(lower, lowerOpen);
    if (lower === undefined) return KeyRange.upperBound(upper, upperOpen);
    return KeyRange.bound(lower, upper, lowerOpen, upperOpen);
  };

  /**
   * Walk a plan's range in `getAll` batches of `batch` rows, calling `visit` for each row until it
   * returns `false` or the range ends, then `done`.
   */
  const walk = (
    c: TxContext<unknown>,
    plan: Plan,
    batch: number,
    visit: (v: StoredKeyPackage) => boolean,
    done: () => void,
  ): void => {
    const store = c.tx.objectStore(Stores.keyPackages);
    const source = plan.index === undefined ? store : store.index(plan.index);
    const step = (lower: IDBValidKey | undefined, lowerOpen: boolean): void => {
      const r = range(lower, lowerOpen, plan.upper, plan.upperOpen);
      c.on(source.getAll(r, batch) as IDBRequest<StoredKeyPackage[]>, (values) => {
        for (const v of values) {
          if (!visit(v)) return done();
        }
        if (values.length < batch) return done();
        step(plan.keyOf(values[values.length - 1]!), true);
      });
    };
    step(plan.lower, plan.lowerOpen);
  };

  /** Pruning: refs under the expiry bound from the notAfter index, sorted, then their rows. */
  const scanExpired = (
    c: TxContext<unknown>,
    query: KeyPackageQuery,
    match: (s: KeyPackageSummary) => boolean,
    page: ScanPage,
    out: KeyPackageSummary[],
  ): void => {
    const plan = countPlan(query);
    const store = c.tx.objectStore(Stores.keyPackages);
    const r = range(plan.lower, plan.lowerOpen, plan.upper, plan.upperOpen);
    c.on(store.index(plan.index!).getAllKeys(r), (keys) => {
      const after = page.after;
      const refs = keys
        .map(bytesOfKey)
        .filter((k) => after === undefined || compareBytes(k, after) > 0)
        .sort(compareBytes);
      let next = 0;
      // Read in chunks of what is still missing, so a filtered-out row never shortens the page.
      const more = (): void => {
        const chunk = refs.slice(next, next + (page.limit - out.length));
        next += chunk.length;
        chunk.forEach((ref, i) => {
          c.on(store.get(key(ref)) as IDBRequest<StoredKeyPackage | undefined>, (v) => {
            if (v !== undefined) {
              const s = summaryOf(v);
              if (match(s)) out.push(s);
            }
            if (i === chunk.length - 1 && out.length < page.limit && next < refs.length) more();
          });
        });
      };
      more();
    });
  };

  /**
   * With `unleasedAt`, read the leases live then (in the transaction `c`, which must cover the
   * `leases` store) and hand them to `then` (`undefined` when none is live, or without the
   * condition).
   */
  const withLiveLeases = (
    c: TxContext<unknown>,
    unleasedAt: bigint | undefined,
    then: (live: LiveLeases) => void,
  ): void => {
    if (unleasedAt === undefined) {
      then(undefined);
      return;
    }
    c.on(c.tx.objectStore(Stores.leases).getAll() as IDBRequest<StoredLease[]>, (values) => {
      const live = new Map<string, KeyPackageLease>();
      for (const v of values) {
        const lease = leaseOf(v);
        if (isLeaseLive(lease, unleasedAt)) live.set(refKey(v.ref), lease);
      }
      then(live.size === 0 ? undefined : live);
    });
  };
  /** The stores a call with this lease condition reads. */
  const scope = (unleasedAt: bigint | undefined): string | string[] =>
    unleasedAt === undefined ? Stores.keyPackages : [Stores.keyPackages, Stores.leases];

  /**
   * In a readwrite transaction over both stores: call `then` with whether the row under `ref`
   * holds a lease live at `unleasedAt` (always `false` without a condition).
   */
  const ifLeased = (
    c: TxContext<unknown>,
    ref: Uint8Array,
    unleasedAt: bigint | undefined,
    then: (leased: boolean) => void,
  ): void => {
    if (unleasedAt === undefined) {
      then(false);
      return;
    }
    c.on(c.tx.objectStore(Stores.leases).get(key(ref)) as IDBRequest<StoredLease | undefined>, (v) =>
      then(v !== undefined && isLeaseLive(leaseOf(v), unleasedAt)),
    );
  };

  return {
    getKeyPackage(ref, condition) {
      const at = condition?.unleasedAt;
      return run<KeyPackageRow | undefined>(scope(at), "readonly", undefined, (c) => {
        ifLeased(c as TxContext<unknown>, ref, at, (leased) => {
          if (leased) return;
          c.on(
            c.tx.objectStore(Stores.keyPackages).get(key(ref)) as IDBRequest<StoredKeyPackage | undefined>,
            (v) => c.result(v === undefined ? undefined : rowOf(v)),
          );
        });
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
        ifLeased(c as TxContext<unknown>, ref, at, (leased) => {
          if (!leased) removeRow(c, ref, tombstone);
        });
      });
    },

    leaseKeyPackage(ref, lease, now) {
      const stored = toStoredLease(ref, lease);
      return run<KeyPackageRow | undefined>(both, "readwrite", undefined, (c) => {
        c.on(
          c.tx.objectStore(Stores.keyPackages).get(key(ref)) as IDBRequest<StoredKeyPackage | undefined>,
          (v) => {
            if (v === undefined) return;
            ifLeased(c as TxContext<unknown>, ref, now, (leased) => {
              if (leased) return;
              c.on(c.tx.objectStore(Stores.leases).put(stored), () => c.result(rowOf(v)));
            });
          },
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
          if (
            query.expiredAt !== undefined &&
            query.expiredAt <= MAX_U64 &&
            query.signatureKey === undefined &&
            query.cipherSuite === undefined
          ) {
            scanExpired(c, query, match, page, out);
            return;
          }
          const plan = orderedPlan(query, page.after);
          walk(
            c,
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
        withLiveLeases(c as TxContext<unknown>, given.unleasedAt, (live) => {
          const query = live === undefined ? withoutLeases(given) : given;
          const plan = countPlan(query);
          const store = c.tx.objectStore(Stores.keyPackages);
          const source = plan.index === undefined ? store : store.index(plan.index);
          if (plan.exact) {
            c.on(source.count(range(plan.lower, plan.lowerOpen, plan.upper, plan.upperOpen)), (n) =>
              c.result(n),
            );
            return;
          }
          let n = 0;
          walk(
            c as TxContext<unknown>,
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

/** The version of an existing database, read by opening it without a version. */
async function currentVersion(factory: IDBFactory, name: string): Promise<number> {
  const db = await requestResult(factory.open(name));
  try {
    return db.version;
  } finally {
    db.close();
  }
}
